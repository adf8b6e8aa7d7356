package web_test

import (
	"net/http"
	"regexp"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// An organization's admin invites a member by name on the
// organization's page, sees the invitation waiting; the member is told,
// finds it on the page and accepts, without JavaScript.
func TestInviteIntoAnOrganizationThroughTheWeb(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		owner := newBrowser(t, s, "en")
		owner.post("/signup", map[string]string{"name": "Gareth", "email": "gareth@example.org", "password": "a long passphrase"})
		owner.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		_, page := owner.post("/c/cwm/organizations/new", map[string]string{"name": "Cwm Library", "sector": "culture"})
		org := regexp.MustCompile(`/c/cwm/organizations/[0-9a-f-]{36}`).FindString(page)
		irina := newBrowser(t, s, "ru")
		irina.post("/signup", map[string]string{"name": "Irina", "email": "irina@example.org", "password": "a long passphrase"})
		irina.post("/c/cwm/join", nil)
		if hasForm(irina.get(org), org+"/invitations") {
			t.Fatal("a member who is not its admin is offered to invite")
		}
		page = owner.get(org)
		if !hasForm(page, org+"/invitations") {
			t.Fatal("no invitation form for the admin")
		}
		code, page := owner.post(org+"/invitations", map[string]string{"invitee": "Irina", "invite_role": "member"})
		if code != http.StatusSeeOther {
			t.Fatalf("invite: %d\n%s", code, page)
		}
		must(t, page, "Invitation sent", "Invitations waiting for an answer", "/withdraw")
		if code, _ := owner.post(org+"/invitations", map[string]string{"invitee": "Irina", "invite_role": "member"}); code != http.StatusConflict {
			t.Fatalf("invited twice: %d", code)
		}
		page = irina.get("/me/notifications")
		must(t, page, "Gareth приглашает вас в организацию «Cwm Library»")
		page = irina.get(org)
		accept := regexp.MustCompile(`/c/cwm/organizations/[0-9a-f-]{36}/invitations/[0-9a-f-]{36}/accept`).FindString(page)
		if accept == "" {
			t.Fatalf("no invitation to answer:\n%s", page)
		}
		if code := owner.do("POST", accept, nil).Code; code != http.StatusNotFound {
			t.Fatalf("another accepts: %d", code)
		}
		_, page = irina.post(accept, nil)
		must(t, page, "Добро пожаловать: теперь вы в этой организации.")
	})
}
