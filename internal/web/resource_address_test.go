package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	ts "github.com/commons-project/commons/internal/testserver"
)

// formOf reads the form posting to action as a browser would submit it
// unchanged: its inputs' values, checked boxes and buttons, textareas and
// chosen options (one value a name).
func formOf(t *testing.T, page, action string) map[string]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	out := map[string]string{}
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode {
			if n.Data == "form" {
				a, _ := attr(n, "action")
				in = a == action
			}
			name, named := attr(n, "name")
			switch {
			case !in || !named:
			case n.Data == "input":
				typ, _ := attr(n, "type")
				_, checked := attr(n, "checked")
				if (typ != "checkbox" && typ != "radio") || checked {
					v, ok := attr(n, "value")
					if !ok && typ == "checkbox" {
						v = "on"
					}
					out[name] = v
				}
			case n.Data == "textarea":
				if n.FirstChild != nil {
					out[name] = n.FirstChild.Data
				} else {
					out[name] = ""
				}
			case n.Data == "select":
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if _, sel := attr(o, "selected"); o.Type == html.ElementNode && sel {
						out[name], _ = attr(o, "value")
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(doc, false)
	if len(out) == 0 {
		t.Fatalf("no form for %s", action)
	}
	return out
}

// A resource's form takes the address in parts, with the same fields as
// an organization's; its page writes it as an envelope would; the edit
// form shows it and, sent back unchanged, keeps it (and all the rest); a
// bad country comes back beside its field; the HSDS service's location
// has the address, and validates.
func TestResourceAddressForm(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "en")
		b.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		if code, page := b.post("/communities/new", map[string]string{"name": "Cwm Tawel", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"}); code != http.StatusSeeOther {
			t.Fatalf("create community: %d\n%s", code, page)
		}
		page := b.get("/c/cwm/resources/new")
		must(t, page, `id="f-city"`, `autocomplete="postal-code"`, "Street and building", "Its two-letter code")
		form := map[string]string{"title": "Community room", "kind": "space", "terms": "free", "approval": "open", "bookable": "on",
			"address": "Heol y Glowyr 2", "city": "Cwm Tawel", "region": "Swansea", "postal_code": "SA10 9ZY", "country": "Wales",
			"capacity": "30", "accessibility": "step_free"}
		code, page := b.post("/c/cwm/resources/new", form)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("a bad country: %d", code)
		}
		must(t, page, `id="f-country-error"`, "two-letter code", `value="Cwm Tawel"`)
		form["country"] = "gb"
		rec := b.do("POST", "/c/cwm/resources/new", form)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("create resource: %d\n%s", rec.Code, rec.Body)
		}
		path := rec.Header().Get("Location")
		id := path[strings.LastIndex(path, "/")+1:]
		const shown = "Heol y Glowyr 2\nSA10 9ZY Cwm Tawel\nSwansea\nUnited Kingdom"
		must(t, b.get(path), shown)

		edit := "/c/cwm/resources/" + id + "/edit"
		sent := formOf(t, b.get(edit), edit)
		for k, want := range map[string]string{"address": "Heol y Glowyr 2", "city": "Cwm Tawel", "region": "Swansea",
			"postal_code": "SA10 9ZY", "country": "GB", "capacity": "30", "accessibility": "step_free", "bookable": "on"} {
			if sent[k] != want {
				t.Errorf("the edit form's %s: %q, want %q", k, sent[k], want)
			}
		}
		if rec := b.do("POST", edit, sent); rec.Code != http.StatusSeeOther {
			t.Fatalf("save unchanged: %d\n%s", rec.Code, rec.Body)
		}
		must(t, b.get(path), shown, "room for 30")
		if again := formOf(t, b.get(edit), edit); len(again) != len(sent) {
			t.Errorf("the edit form after saving it unchanged: %v, was %v", again, sent)
		} else {
			for k, v := range sent {
				if k != "form_token" && again[k] != v {
					t.Errorf("the edit form's %s after saving it unchanged: %q, was %q", k, again[k], v)
				}
			}
		}

		// The open data: the service's location carries the address.
		schema := hsdsSchemas(t)
		rec = s.Do(ts.Request{Method: "GET", Path: "/c/cwm/hsds/services"})
		var services struct{ Contents []struct{ ID, Name string } }
		if err := json.Unmarshal(rec.Body.Bytes(), &services); err != nil || len(services.Contents) != 1 {
			t.Fatalf("services: %v %s", err, rec.Body)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/c/cwm/hsds/services/" + services.Contents[0].ID})
		validate(t, schema("service.json"), "the room's service", rec.Body.Bytes())
		var sv struct {
			ServiceAtLocations []struct {
				Location struct {
					Addresses []map[string]string `json:"addresses"`
				} `json:"location"`
			} `json:"service_at_locations"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &sv); err != nil || len(sv.ServiceAtLocations) != 1 || len(sv.ServiceAtLocations[0].Location.Addresses) != 1 {
			t.Fatalf("the service's location: %v %s", err, rec.Body)
		}
		addr := sv.ServiceAtLocations[0].Location.Addresses[0]
		validate(t, schema("address.json"), "the room's address", must2json(t, addr))
		if addr["address_1"] != "Heol y Glowyr 2" || addr["city"] != "Cwm Tawel" || addr["state_province"] != "Swansea" ||
			addr["postal_code"] != "SA10 9ZY" || addr["country"] != "GB" || addr["address_type"] != "physical" {
			t.Errorf("the room's address: %v", addr)
		}
	})
}

func must2json(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
