package api_test

import (
	"fmt"
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

// A resource's location in parts: given back as created; a replacement
// without a location keeps it, one whose location leaves the postal parts
// out keeps them, "" removes one; a bad country is refused beside its
// field and changes nothing.
func TestResourcePostalAddress(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, token := s.SignUp("owner@example.org", "Owner")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token, Body: obj{"slug": "town", "name": "Town"}}), 201)
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/town/resources", Token: token, Body: obj{
			"title": "Hall", "kind": "space", "bookable": true, "approval": "open", "location": obj{"address": "Heol y Glowyr 2",
				"city": "Cwm Tawel", "region": "Swansea", "postal_code": "SA10 9ZY", "country": "gb", "latitude": 51.7, "longitude": -3.7}}})
		ts.Status(t, rec, http.StatusCreated)
		res := ts.JSON[obj](t, rec)
		id := res["id"].(string)
		where := func(r obj) string {
			l, _ := r["location"].(obj)
			return fmt.Sprintf("%v|%v|%v|%v|%v|%v", l["address"], l["city"], l["region"], l["postal_code"], l["country"], l["latitude"])
		}
		if got := where(res); got != "Heol y Glowyr 2|Cwm Tawel|Swansea|SA10 9ZY|GB|51.7" {
			t.Errorf("created: %s", got)
		}
		put := func(body obj, status int) obj {
			t.Helper()
			rec := s.Do(ts.Request{Method: "PUT", Path: "/api/v1/resources/" + id, Token: token, Body: body})
			ts.Status(t, rec, status)
			return ts.JSON[obj](t, rec)
		}
		fields := func(location obj) obj {
			body := obj{"title": "Main hall", "kind": "space", "bookable": true, "approval": "open"}
			if location != nil {
				body["location"] = location
			}
			return body
		}
		for _, c := range []struct {
			name     string
			location obj
			want     string
		}{
			{"no location", nil, "Heol y Glowyr 2|Cwm Tawel|Swansea|SA10 9ZY|GB|51.7"},
			{"a street line only", obj{"address": "Miners' Hall"}, "Miners' Hall|Cwm Tawel|Swansea|SA10 9ZY|GB|<nil>"},
			{"a part removed", obj{"address": "Miners' Hall", "postal_code": ""}, "Miners' Hall|Cwm Tawel|Swansea|<nil>|GB|<nil>"},
		} {
			if got := where(put(fields(c.location), 200)); got != c.want {
				t.Errorf("%s: %s, want %s", c.name, got, c.want)
			}
		}
		e, _ := put(fields(obj{"address": "Miners' Hall", "country": "Wales"}), http.StatusUnprocessableEntity)["error"].(obj)
		if f, _ := e["fields"].(obj); f["country"] == nil {
			t.Errorf("a bad country: %v", e)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/resources/" + id})
		ts.Status(t, rec, 200)
		if got := where(ts.JSON[obj](t, rec)); got != "Miners' Hall|Cwm Tawel|Swansea|<nil>|GB|<nil>" {
			t.Errorf("after a refused change: %s", got)
		}
	})
}
