package web_test

import (
	"net/http"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The organization form takes the address in parts and a contact; the
// page writes the country by name in the reader's language; a private
// contact is for members only; a bad country is shown again beside its
// field.
func TestOrganizationAddressForm(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "en")
		b.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		if code, page := b.post("/communities/new", map[string]string{"name": "Cwm Tawel", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"}); code != http.StatusSeeOther {
			t.Fatalf("create community: %d\n%s", code, page)
		}
		form := map[string]string{"name": "Cwm Library", "sector": "culture", "address": "Heol y Glowyr 2", "city": "Cwm Tawel",
			"postal_code": "SA10 9ZY", "country": "Wales", "contact_name": "Enquiries desk", "contact_phone": "+44 1632 960 456"}
		code, page := b.post("/c/cwm/organizations/new", form)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("a bad country: %d", code)
		}
		must(t, page, `id="f-country-error"`, "two-letter code", `value="Enquiries desk"`)
		form["country"] = "gb"
		rec := b.do("POST", "/c/cwm/organizations/new", form)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("create organization: %d\n%s", rec.Code, rec.Body)
		}
		path := rec.Header().Get("Location")
		page = b.get(path)
		must(t, page, "Heol y Glowyr 2\nSA10 9ZY Cwm Tawel\nUnited Kingdom", "Enquiries desk", `href="tel:&#43;441632960456"`, "Only the community&#39;s members see this contact.")
		ru := newBrowser(t, s, "ru")
		page = ru.get(path)
		must(t, page, "Великобритания")
		if strings.Contains(page, "Enquiries desk") {
			t.Error("a visitor sees the private contact")
		}
	})
}
