package api_test

import (
	"net/http"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// An organization's address in parts and its contact: stored and given
// back; the contact is for the community's members until its admins make
// it public; a bad country or telephone number is refused beside its
// field, and nothing is changed.
func TestOrganizationAddressAndContact(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, token := s.SignUp("owner@example.org", "Owner")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token, Body: obj{"slug": "town", "name": "Town"}}), 201)
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/town/organizations", Token: token, Body: obj{
			"name": "Library", "sector": "culture", "address": "Heol y Glowyr 2", "city": "Cwm Tawel", "region": "Swansea",
			"postal_code": "SA10 9ZY", "country": "gb",
			"contact": obj{"name": "Enquiries desk", "email": "desk@library.example", "phone": "+44 1632 960 456"}}})
		ts.Status(t, rec, http.StatusCreated)
		org := ts.JSON[obj](t, rec)
		id := org["id"].(string)
		if org["country"] != "GB" || org["city"] != "Cwm Tawel" || org["postal_code"] != "SA10 9ZY" || org["address"] != "Heol y Glowyr 2" {
			t.Errorf("created: %v", org)
		}
		get := func(token string) obj {
			rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/organizations/" + id, Token: token})
			ts.Status(t, rec, 200)
			return ts.JSON[obj](t, rec)
		}
		if c, _ := get(token)["contact"].(obj); c["phone"] != "+44 1632 960 456" || c["public"] != false {
			t.Errorf("a member's view of the contact: %v", c)
		}
		if c, ok := get("")["contact"]; ok {
			t.Errorf("a visitor sees the private contact: %v", c)
		}
		for _, bad := range []struct {
			body  obj
			field string
		}{{obj{"country": "Wales"}, "country"}, {obj{"contact": obj{"phone": "ring the bell"}}, "contact_phone"}} {
			rec := s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/organizations/" + id, Token: token, Body: bad.body})
			ts.Status(t, rec, http.StatusUnprocessableEntity)
			if e, _ := ts.JSON[obj](t, rec)["error"].(obj); e["fields"].(obj)[bad.field] == nil {
				t.Errorf("%v: no message for %s: %s", bad.body, bad.field, rec.Body)
			}
		}
		rec = s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/organizations/" + id, Token: token,
			Body: obj{"contact": obj{"name": "Enquiries desk", "phone": "+44 1632 960 456", "public": true}}})
		ts.Status(t, rec, 200)
		if c, _ := get("")["contact"].(obj); c["name"] != "Enquiries desk" || c["email"] != nil {
			t.Errorf("a visitor's view of the public contact: %v", c)
		}
		if o := get(""); o["country"] != "GB" || o["city"] != "Cwm Tawel" {
			t.Errorf("the address after a change of contact: %v", o)
		}
	})
}
