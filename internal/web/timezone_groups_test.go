package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The community's time-zone list is grouped by region (<optgroup>, the
// region's name in the reader's language), the community's current zone
// first and selected, even one the list does not offer; a new community's
// form still starts at Europe/London.
func TestTimeZonesByRegion(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		s.SignUp("founder@example.org", "Founder")
		b := newBrowser(t, s, "ru")
		if code, _ := b.post("/signin", map[string]string{"email": "founder@example.org", "password": "correct horse battery"}); code != http.StatusSeeOther {
			t.Fatal("signing in", code)
		}
		rec := b.do("GET", "/communities/new", nil)
		sel := regexp.MustCompile(`(?s)<select id="f-time_zone".*?</select>`).FindString(rec.Body.String())
		if !strings.Contains(sel, `<option value="Europe/London" selected>Европа / London</option>
<optgroup label="Европа"><option value="Europe/Dublin">Dublin</option>`) {
			t.Fatalf("a new community's zones do not start at London, then the Europe group:\n%s", sel)
		}
		if code, page := b.post("/communities/new", map[string]string{"name": "Dubai", "slug": "dxb", "languages": "en", "time_zone": "Asia/Dubai"}); code != http.StatusSeeOther {
			t.Fatal("creating", code, page)
		}
		rec = b.do("GET", "/c/dxb/settings", nil)
		sel = regexp.MustCompile(`(?s)<select id="f-time_zone".*?</select>`).FindString(rec.Body.String())
		first := regexp.MustCompile(`<option [^>]*>`).FindString(sel)
		if first != `<option value="Asia/Dubai" selected>` || !strings.Contains(sel, `selected>Азия / Dubai</option>`) {
			t.Fatalf("the first zone is %q, want the community's own, selected:\n%s", first, sel)
		}
		if strings.Count(sel, `value="Asia/Dubai"`) != 1 {
			t.Error("the current zone is listed twice")
		}
		for _, want := range []string{`<optgroup label="Европа">`, `<optgroup label="Азия">`, `<optgroup label="Америка">`,
			`<optgroup label="Африка">`, `<option value="America/New_York">New York</option>`, `<optgroup label="Другое"><option value="UTC">UTC</option>`} {
			if !strings.Contains(sel, want) {
				t.Errorf("the zone list lacks %s", want)
			}
		}
		if strings.Index(sel, `<optgroup label="Европа">`) > strings.Index(sel, `<optgroup label="Азия">`) {
			t.Error("regions out of order")
		}
	})
}
