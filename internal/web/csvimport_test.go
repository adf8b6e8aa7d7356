package web_test

import (
	"net/http"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The import page offers activities and members with their exports; an
// activities file is previewed (a refused row says why beside its
// column) and applied skipping the refused row; a members file says who
// is a member already.
func TestCSVImportActivitiesMembersPages(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, owner := s.SignUp("owner@example.org", "Gareth")
		_, member := s.SignUp("member@example.org", "Mererid")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: owner,
			Body: map[string]any{"slug": "cwm", "name": "Cwm", "time_zone": "Europe/London"}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: member}), 201)
		b := newBrowser(t, s, "en")
		b.post("/signin", map[string]string{"email": "owner@example.org", "password": "correct horse battery"})
		must(t, b.get("/c/cwm/import"), `<option value="activities"`, `<option value="members"`, "/export/activities.csv", "/export/members.csv")

		at := func(days int, clock string) string { return strings.Replace(slot(days, clock)[:16], "T", " ", 1) }
		file := "Title;Starts;Ends;Online URL;Cost\n" +
			"Welsh club;" + at(3, "18:00") + ";" + at(3, "19:00") + ";https://meet.example.org/w;\n" +
			"Choir;" + at(3, "18:00") + ";" + at(3, "19:00") + ";https://meet.example.org/c;lots\n"
		rec := b.upload("/c/cwm/import", "file", "activities.csv", file, "kind", "activities")
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", rec.Code, rec.Body.String())
		}
		preview := rec.Header().Get("Location")
		must(t, b.get(preview), "Activities", "will be created", "refused", "Cost: Write a price", `value="online_url" selected`)
		code, body := b.post(preview, map[string]string{"col0": "title", "col1": "starts", "col2": "ends", "col3": "online_url",
			"col4": "cost", "mode": "skip"})
		if code != http.StatusSeeOther || !strings.Contains(body, "The import is written") {
			t.Fatalf("apply: %d\n%s", code, body)
		}
		must(t, b.get("/c/cwm/export/activities.csv"), "Welsh club")

		rec = b.upload("/c/cwm/import", "file", "people.csv", "email\nmember@example.org\nnew@example.org\n", "kind", "members")
		must(t, b.get(rec.Header().Get("Location")), "Already a member.", "will be created")
		if out := b.get("/c/cwm/export/members.csv"); strings.Contains(out, "member@example.org") || !strings.Contains(out, "Mererid") {
			t.Errorf("members export:\n%s", out)
		}
	})
}
