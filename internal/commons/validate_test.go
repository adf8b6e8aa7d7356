package commons

import (
	"strings"
	"testing"
)

func fieldKey(t *testing.T, err error, field string) string {
	t.Helper()
	if err == nil {
		return ""
	}
	e := ErrorOf(err)
	if e.Code != CodeInvalid {
		t.Fatalf("code %s", e.Code)
	}
	return e.Fields[field].Key
}

func TestLineAndText(t *testing.T) {
	for _, tc := range []struct {
		value     string
		required  bool
		multiline bool
		want      string
	}{
		{"Cwm Tawel", true, false, ""},
		{"", true, false, "error.field.required"},
		{"   ", true, false, "error.field.required"},
		{"", false, false, ""},
		{strings.Repeat("ä", 200), true, false, ""},
		{strings.Repeat("ä", 201), true, false, "error.field.too_long"},
		{"\xff", true, false, "error.field.utf8"},
		{"nul\x00", true, false, "error.field.control"},
		{"two\nlines", true, false, "error.field.control"},
		{"two\nlines\tand tab", true, true, ""},
		{"bell\a", true, true, "error.field.control"},
		{"<script>'; DROP TABLE x; --</script> 🎶", true, false, ""},
	} {
		var v Validator
		if tc.multiline {
			v.Text("f", tc.value, tc.required, 200)
		} else {
			v.Line("f", tc.value, tc.required, 200)
		}
		if got := fieldKey(t, v.Err(), "f"); got != tc.want {
			t.Errorf("%.30q: %q, want %q", tc.value, got, tc.want)
		}
	}
}

func TestEmailSlugLanguagesTimeZone(t *testing.T) {
	check := func(name string, fn func(v *Validator), want string) {
		t.Helper()
		var v Validator
		fn(&v)
		if got := fieldKey(t, v.Err(), "f"); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	check("email", func(v *Validator) { v.Email("f", "bronwen@example.org", true) }, "")
	check("email without dot", func(v *Validator) { v.Email("f", "bronwen@localhost", true) }, "error.field.email")
	check("email with name", func(v *Validator) { v.Email("f", "Bronwen <b@example.org>", true) }, "error.field.email")
	check("optional email", func(v *Validator) { v.Email("f", "", false) }, "")
	check("slug", func(v *Validator) { v.Slug("f", "cwm-tawel") }, "")
	check("slug capital", func(v *Validator) { v.Slug("f", "Cwm") }, "error.field.slug")
	check("slug hyphen end", func(v *Validator) { v.Slug("f", "cwm-") }, "error.field.slug")
	check("slug one letter", func(v *Validator) { v.Slug("f", "c") }, "error.field.slug")
	check("slug reserved", func(v *Validator) { v.Slug("f", "new") }, "error.field.slug_reserved")
	check("slug long", func(v *Validator) { v.Slug("f", strings.Repeat("a", 61)) }, "error.field.slug")
	check("languages", func(v *Validator) {
		if got := v.Languages("f", []string{"EN", "cy", "en"}); strings.Join(got, ",") != "en,cy" {
			t.Errorf("languages %v", got)
		}
	}, "")
	check("languages empty", func(v *Validator) { v.Languages("f", nil) }, "error.field.languages_empty")
	check("languages bad", func(v *Validator) { v.Languages("f", []string{"english please"}) }, "error.field.language")
	check("time zone", func(v *Validator) { v.TimeZone("f", "Europe/London") }, "")
	check("time zone Local", func(v *Validator) { v.TimeZone("f", "Local") }, "error.field.time_zone")
	check("time zone bad", func(v *Validator) { v.TimeZone("f", "Mars/Olympus") }, "error.field.time_zone")
	check("url", func(v *Validator) { v.URL("f", "https://example.org/x") }, "")
	check("url javascript", func(v *Validator) { v.URL("f", "javascript:alert(1)") }, "error.field.url")
	check("password", func(v *Validator) { v.Password("f", "correct horse") }, "")
	check("password short", func(v *Validator) { v.Password("f", "short") }, "error.field.password_short")
	check("password in Cyrillic", func(v *Validator) { v.Password("f", "пароль-длин") }, "")
}

func TestCodesMapToStatusesOnce(t *testing.T) {
	want := map[Code]int{CodeBadRequest: 400, CodeUnauthenticated: 401, CodeForbidden: 403, CodeNotFound: 404,
		CodeConflict: 409, CodeTooLarge: 413, CodeInvalid: 422, CodeRateLimited: 429, CodeInternal: 500}
	for c, s := range want {
		if c.Status() != s {
			t.Errorf("%s → %d, want %d", c, c.Status(), s)
		}
	}
}

// Every role against every action: what each role unlocks.
func TestPolicy(t *testing.T) {
	everyone := []Action{ActionCreateOrganization, ActionPublishResource, ActionBook}
	allowed := map[Role][]Action{
		RoleNewcomer: everyone,
		RoleMember:   append([]Action{ActionViewApplications, ActionVouch, ActionScore}, everyone...),
		RoleEditor:   append([]Action{ActionEditCommunity, ActionDecideApplications, ActionViewApplications, ActionVouch, ActionScore}, everyone...),
		RoleSteward:  append([]Action{ActionViewApplications, ActionVouch, ActionScore, ActionHideByFlag}, everyone...),
	}
	actions := []Action{ActionEditCommunity, ActionDecideApplications, ActionViewApplications, ActionCreateOrganization,
		ActionPublishResource, ActionBook, ActionVouch, ActionScore, ActionHideByFlag}
	for _, role := range Roles {
		for _, a := range actions {
			want := false
			for _, x := range allowed[role] {
				want = want || x == a
			}
			m := &Member{Status: MemberActive, Roles: []Role{role}}
			if got := Allowed(m, a); got != want {
				t.Errorf("%s %s: %v, want %v", role, a, got, want)
			}
			m.Status = MemberPending
			if Allowed(m, a) {
				t.Errorf("pending %s may %s", role, a)
			}
		}
	}
	for _, a := range actions {
		if Allowed(nil, a) {
			t.Errorf("a visitor may %s", a)
		}
	}
}

func TestNewPassword(t *testing.T) {
	for _, c := range []struct {
		password string
		ok       bool
	}{
		{"correct horse battery", true},
		{"длинный пароль", true},
		{"password123", false},
		{"1234567890", false},
		{"qwertyuiop", false},
		{"Password1234", false},
		{"short", false},
		{strings.Repeat("я", 300), false}, // over 1 KB of UTF-8 and over 256 characters
		{"carys.morgan@example.org", false},
	} {
		var v Validator
		v.NewPassword("password", c.password, "carys.morgan@example.org", "Carys Morgan")
		if got := v.Err() == nil; got != c.ok {
			t.Errorf("%q: accepted %v, want %v", c.password, got, c.ok)
		}
	}
}
