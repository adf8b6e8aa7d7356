package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	ts "github.com/commons-project/commons/internal/testserver"
)

// hsdsSchemas compiles the HSDS 3.0 JSON Schemas kept for the tests.
func hsdsSchemas(t *testing.T) func(name string) *jsonschema.Schema {
	t.Helper()
	dir, err := filepath.Abs("../hsds/testdata/schema")
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	compiled := map[string]*jsonschema.Schema{}
	return func(name string) *jsonschema.Schema {
		if s, ok := compiled[name]; ok {
			return s
		}
		s, err := c.Compile("file://" + filepath.ToSlash(filepath.Join(dir, name)))
		if err != nil {
			t.Fatalf("schema %s: %v", name, err)
		}
		compiled[name] = s
		return s
	}
}

// validate checks a JSON text against a schema, failing the test with
// where it does not conform.
func validate(t *testing.T, schema *jsonschema.Schema, what string, body []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", what, err)
	}
	if err := schema.Validate(v); err != nil {
		t.Errorf("%s does not follow HSDS 3.0: %v\n%s", what, err, body)
	}
}

// The community's public offer as HSDS 3.0: every answer of the HSDS API
// validates against the specification's schemas, the Page envelope and its
// filters work, ids stay the same, and no person is named.
func TestHSDS(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		schema := hsdsSchemas(t)
		_, owner := s.SignUp("owner@example.org", "Gareth Secretname")
		api := func(method, path string, body map[string]any) map[string]any {
			rec := s.Do(ts.Request{Method: method, Path: path, Token: owner, Body: body})
			if rec.Code >= 300 {
				t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
			}
			out := map[string]any{}
			_ = json.Unmarshal(rec.Body.Bytes(), &out)
			return out
		}
		api("POST", "/api/v1/communities", map[string]any{"slug": "cwm", "name": "Cwm", "time_zone": "Europe/London", "languages": []string{"en", "cy"}})
		org := api("POST", "/api/v1/communities/cwm/organizations", map[string]any{"name": "Cwm Library", "sector": "public_authority",
			"description": "The **town** library", "website": "https://library.example.org", "email": "desk@library.example.org"})["id"].(string)
		room := api("POST", "/api/v1/communities/cwm/resources", map[string]any{"title": "Library room", "kind": "space", "organization_id": org,
			"bookable": true, "approval": "open", "accessibility": []string{"step_free"}, "location": map[string]any{"address": "Stryd Fawr 1"}})["id"].(string)
		api("POST", "/api/v1/communities/cwm/resources", map[string]any{"title": "Gareth's drill", "kind": "equipment"})
		api("POST", "/api/v1/communities/cwm/activities", map[string]any{"title": "Welsh for beginners", "kind": "course",
			"starts_at": slot(5, "18:00"), "ends_at": slot(5, "19:30"), "recurrence": "FREQ=WEEKLY;COUNT=3", "resource_id": room,
			"languages": []string{"cy", "en"}, "themes": []string{"language"}, "cost_minor": 250, "currency": "GBP", "organization_ids": []string{org},
			"description": "Dewch i ddysgu **Cymraeg**"})
		api("POST", "/api/v1/communities/cwm/activities", map[string]any{"title": "Bike repair online", "kind": "workshop",
			"starts_at": slot(6, "10:00"), "ends_at": slot(6, "12:00"), "online_url": "https://meet.example.org/bikes"})
		// The room's opening hours, as its edit form or the CSV sets them.
		hours := []map[string]any{{"weekday": 6, "opens": "10:00", "closes": "13:00"}}
		for wd := 1; wd <= 5; wd++ {
			hours = append(hours, map[string]any{"weekday": wd, "opens": "09:00", "closes": "21:00"})
		}
		api("PUT", "/api/v1/resources/"+room+"/availability", map[string]any{"hours": hours})

		get := func(path string, status int) []byte {
			t.Helper()
			rec := s.Do(ts.Request{Method: "GET", Path: path})
			if rec.Code != status || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
				t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
			}
			if strings.Contains(rec.Body.String(), "Secretname") || strings.Contains(rec.Body.String(), "owner@example.org") {
				t.Errorf("GET %s names a person:\n%s", path, rec.Body.String())
			}
			return rec.Body.Bytes()
		}
		var root map[string]string
		json.Unmarshal(get("/c/cwm/hsds/", 200), &root)
		if root["version"] != "3.0" || root["profile"] == "" || root["openapi_url"] == "" {
			t.Errorf("root: %v", root)
		}

		type page struct {
			TotalItems int               `json:"total_items"`
			TotalPages int               `json:"total_pages"`
			PageNumber int               `json:"page_number"`
			Size       int               `json:"size"`
			FirstPage  bool              `json:"first_page"`
			LastPage   bool              `json:"last_page"`
			Empty      bool              `json:"empty"`
			Contents   []json.RawMessage `json:"contents"`
		}
		list := func(path, item string) page {
			t.Helper()
			var p page
			if err := json.Unmarshal(get(path, 200), &p); err != nil {
				t.Fatal(err)
			}
			for i, c := range p.Contents {
				validate(t, schema(item), path+" item "+string(rune('0'+i)), c)
			}
			return p
		}
		services := list("/c/cwm/hsds/services", "service.json")
		if services.TotalItems != 4 || services.Size != 4 || !services.FirstPage || !services.LastPage || services.Empty {
			t.Fatalf("services page: %+v", services)
		}
		var ids []string
		for _, c := range services.Contents {
			var sv struct{ ID string }
			json.Unmarshal(c, &sv)
			ids = append(ids, sv.ID)
			validate(t, schema("service.json"), "service "+sv.ID, get("/c/cwm/hsds/services/"+sv.ID, 200))
		}
		// Ids are stable: a second export gives the same.
		if again := list("/c/cwm/hsds/services", "service.json"); string(again.Contents[0]) != string(services.Contents[0]) {
			t.Error("a second export differs")
		}
		// The course: nested, with its schedule from the stored rule.
		var course struct {
			ID             string
			OrganizationID string `json:"organization_id"`
			Description    string
			Schedules      []struct {
				Freq, ByDay string
				Count       int
			} `json:"schedules"`
			Languages   []struct{ Code string }
			CostOptions []struct {
				Amount   float64
				Currency string
			} `json:"cost_options"`
			ServiceAtLocations []struct {
				ID       string
				Location struct {
					Name          string
					Accessibility []struct{ Description string }
				}
			} `json:"service_at_locations"`
			Organization struct{ Name string }
		}
		for _, id := range ids {
			var sv struct{ Name string }
			json.Unmarshal(get("/c/cwm/hsds/services/"+id, 200), &sv)
			if sv.Name == "Welsh for beginners" {
				json.Unmarshal(get("/c/cwm/hsds/services/"+id, 200), &course)
			}
		}
		if course.Organization.Name != "Cwm Library" || course.Description != "Dewch i ddysgu Cymraeg" || len(course.Schedules) != 1 ||
			course.Schedules[0].Freq != "WEEKLY" || course.Schedules[0].Count != 3 || course.Schedules[0].ByDay == "" ||
			len(course.Languages) != 2 || len(course.CostOptions) != 1 || course.CostOptions[0].Amount != 2.5 ||
			len(course.ServiceAtLocations) != 1 || course.ServiceAtLocations[0].Location.Name != "Library room" ||
			len(course.ServiceAtLocations[0].Location.Accessibility) != 1 {
			t.Errorf("the course as HSDS: %+v", course)
		}
		// The room: its opening hours as weekly schedules.
		for _, id := range ids {
			var sv struct {
				Name      string
				Schedules []struct {
					Freq, ByDay string
					Opens       string `json:"opens_at"`
					Closes      string `json:"closes_at"`
				}
			}
			json.Unmarshal(get("/c/cwm/hsds/services/"+id, 200), &sv)
			if sv.Name != "Library room" {
				continue
			}
			var got []string
			for _, x := range sv.Schedules {
				got = append(got, x.Freq+" "+x.ByDay+" "+x.Opens+"-"+x.Closes)
			}
			if want := "WEEKLY MO,TU,WE,TH,FR 09:00-21:00,WEEKLY SA 10:00-13:00"; strings.Join(got, ",") != want {
				t.Errorf("the room's opening hours: %v, want %s", got, want)
			}
		}
		validate(t, schema("service_at_location.json"), "service_at_location",
			get("/c/cwm/hsds/service_at_locations/"+course.ServiceAtLocations[0].ID, 200))
		list("/c/cwm/hsds/service_at_locations", "service_at_location.json")
		orgs := list("/c/cwm/hsds/organizations", "organization.json")
		if orgs.TotalItems != 1 {
			t.Fatalf("organizations: %+v", orgs)
		}
		validate(t, schema("organization.json"), "organization", get("/c/cwm/hsds/organizations/"+course.OrganizationID, 200))
		list("/c/cwm/hsds/taxonomies", "taxonomy.json")
		terms := list("/c/cwm/hsds/taxonomy_terms", "taxonomy_term.json")

		// The filters.
		if p := list("/c/cwm/hsds/services?organization_id="+course.OrganizationID, "service.json"); p.TotalItems != 2 {
			t.Errorf("by organization: %d, want the room and the course", p.TotalItems)
		}
		if p := list("/c/cwm/hsds/services?search=welsh", "service.json"); p.TotalItems != 1 {
			t.Errorf("search: %d", p.TotalItems)
		}
		var theme string
		for _, c := range terms.Contents {
			var term struct{ ID, Code string }
			json.Unmarshal(c, &term)
			if term.Code == "language" {
				theme = term.ID
			}
		}
		if p := list("/c/cwm/hsds/services?taxonomy_term_id="+theme, "service.json"); p.TotalItems != 1 {
			t.Errorf("by theme: %d", p.TotalItems)
		}
		if p := list("/c/cwm/hsds/services?per_page=3&page=2", "service.json"); p.Size != 1 || p.TotalPages != 2 || p.FirstPage || !p.LastPage {
			t.Errorf("page 2: %+v", p)
		}
		if p := list("/c/cwm/hsds/services?modified_after=2999-01-01", "service.json"); !p.Empty && p.TotalItems != 0 {
			t.Errorf("modified after the future: %+v", p)
		}
		// The Tabular Data Package: the standard's columns, a row per object.
		rec := s.Do(ts.Request{Method: "GET", Path: "/c/cwm/hsds/datapackage.zip"})
		ts.Status(t, rec, 200)
		z, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][][]string{}
		var pkg struct {
			Resources []struct {
				Name, Path string
				Schema     struct{ Fields []struct{ Name string } }
			}
		}
		for _, f := range z.File {
			rc, _ := f.Open()
			if f.Name == "datapackage.json" {
				json.NewDecoder(rc).Decode(&pkg)
			} else if files[f.Name], err = csv.NewReader(rc).ReadAll(); err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			rc.Close()
		}
		if len(pkg.Resources) != len(files) || len(files["services.csv"]) != 5 || len(files["organizations.csv"]) != 2 {
			t.Fatalf("package: %d resources, files %d, services %d rows", len(pkg.Resources), len(files), len(files["services.csv"]))
		}
		for _, r := range pkg.Resources {
			var cols []string
			for _, f := range r.Schema.Fields {
				cols = append(cols, f.Name)
			}
			if got := files[r.Path]; len(got) == 0 || strings.Join(got[0], ",") != strings.Join(cols, ",") {
				t.Errorf("%s: header %v, want %v", r.Path, got, cols)
			}
		}
		for name, rows := range files {
			for _, row := range rows {
				if strings.Contains(strings.Join(row, ","), "Secretname") {
					t.Errorf("%s names a person: %v", name, row)
				}
			}
		}

		get("/c/cwm/hsds/services?page=zero", http.StatusBadRequest)
		get("/c/cwm/hsds/services/00000000-0000-0000-0000-000000000000", http.StatusNotFound)
		get("/c/nowhere/hsds/services", http.StatusNotFound)
	})
}

// Discovery: robots.txt points at the sitemap, which lists the public
// pages of each community; community pages link their open forms.
func TestDiscovery(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, owner := s.SignUp("owner@example.org", "Gareth")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: owner, Body: map[string]any{"slug": "cwm", "name": "Cwm"}}), 201)
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/resources", Token: owner, Body: map[string]any{"title": "Room", "kind": "space"}})
		ts.Status(t, rec, 201)
		var room struct{ ID string }
		json.Unmarshal(rec.Body.Bytes(), &room)

		robots := s.Do(ts.Request{Method: "GET", Path: "/robots.txt"}).Body.String()
		if !strings.Contains(robots, "Sitemap: http") || !strings.Contains(robots, "Disallow: /me") {
			t.Errorf("robots.txt:\n%s", robots)
		}
		// /sitemap.xml is an index: the site's own sitemap and one per
		// community, each listing only addresses under its own folder.
		rec = s.Do(ts.Request{Method: "GET", Path: "/sitemap.xml"})
		ts.Status(t, rec, 200)
		var index struct {
			XMLName  xml.Name
			Sitemaps []struct {
				Loc string `xml:"loc"`
			} `xml:"sitemap"`
		}
		if err := xml.Unmarshal(rec.Body.Bytes(), &index); err != nil {
			t.Fatal(err)
		}
		var maps []string
		for _, m := range index.Sitemaps {
			maps = append(maps, m.Loc)
		}
		if index.XMLName.Local != "sitemapindex" || len(maps) != 2 || !strings.HasSuffix(maps[0], "/sitemap-site.xml") || !strings.HasSuffix(maps[1], "/c/cwm/sitemap.xml") {
			t.Fatalf("sitemap index: %s %v", index.XMLName.Local, maps)
		}
		var locs []string
		for _, m := range maps {
			u, _ := url.Parse(m)
			rec = s.Do(ts.Request{Method: "GET", Path: u.Path})
			ts.Status(t, rec, 200)
			var set struct {
				URLs []struct {
					Loc string `xml:"loc"`
				} `xml:"url"`
			}
			if err := xml.Unmarshal(rec.Body.Bytes(), &set); err != nil {
				t.Fatal(err)
			}
			folder := strings.TrimSuffix(u.Path, path.Base(u.Path))
			for _, l := range set.URLs {
				if lu, _ := url.Parse(l.Loc); !strings.HasPrefix(lu.Path, folder) && !(folder == "/" && lu.Path == "/") {
					t.Errorf("%s lists %s, outside its folder", u.Path, l.Loc)
				}
				locs = append(locs, l.Loc)
			}
		}
		all := strings.Join(locs, " ")
		if !strings.Contains(all+" ", "/c/cwm ") || !strings.Contains(all, "/c/cwm/resources/"+room.ID) || !strings.Contains(all, "/c/cwm/activities") || strings.Contains(all, "/me") {
			t.Errorf("sitemaps: %v", locs)
		}
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/c/nowhere/sitemap.xml"}), 404)
		page := s.Do(ts.Request{Method: "GET", Path: "/c/cwm"}).Body.String()
		for _, want := range []string{`<link rel="alternate" type="text/calendar" href="/c/cwm/activities.ics"`, `href="/c/cwm/hsds/"`,
			`<html lang="en">`, `hreflang="x-default" href="http://`, `/c/cwm?lang=ru">`} {
			if !strings.Contains(page, want) {
				t.Errorf("the community page lacks %s", want)
			}
		}
		// ?lang=ru is the page in Russian, whatever the browser asks for;
		// its alternates keep the rest of the address.
		rec = s.Do(ts.Request{Method: "GET", Path: "/c/cwm/resources?lang=ru&kind=space", Header: map[string]string{"Accept-Language": "en"}})
		ts.Status(t, rec, 200)
		page = rec.Body.String()
		for _, want := range []string{`<html lang="ru">`, `hreflang="en" href="http://`, `/c/cwm/resources?kind=space&amp;lang=en">`, `hreflang="x-default" href="http://`} {
			if !strings.Contains(page, want) {
				t.Errorf("the page at ?lang=ru lacks %s", want)
			}
		}
		if got := rec.Header().Get("Content-Language"); got != "ru" {
			t.Errorf("Content-Language at ?lang=ru: %q", got)
		}
		// An unknown language is no language: the reader's own is used.
		if page := s.Do(ts.Request{Method: "GET", Path: "/c/cwm?lang=zz", Header: map[string]string{"Accept-Language": "ru"}}).Body.String(); !strings.Contains(page, `<html lang="ru">`) {
			t.Errorf("?lang=zz did not fall back to the reader's language")
		}
		// The sitemap gives each page's address in every language.
		if body := s.Do(ts.Request{Method: "GET", Path: "/c/cwm/sitemap.xml"}).Body.String(); !strings.Contains(body, `xmlns:xhtml="http://www.w3.org/1999/xhtml"`) ||
			!strings.Contains(body, `<xhtml:link rel="alternate" hreflang="ru" href="http://`) || !strings.Contains(body, "/resources/"+room.ID+"?lang=ru") {
			t.Errorf("the sitemap lacks its languages:\n%.1500s", body)
		}
	})
}

// What a visitor may not see never reaches the open data: organizations,
// resources and activities hidden by moderation, archived organizations
// and resources, cancelled activities, and an organization's contact kept
// for the members are in no answer of /hsds/ and in no file of the
// Tabular Data Package; what is public is, valid HSDS.
func TestHSDSPublishesNothingPrivate(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		schema := hsdsSchemas(t)
		_, owner := s.SignUp("owner@example.org", "Gareth")
		_, nia := s.SignUp("nia@example.org", "Nia")
		call := func(token, method, path string, body map[string]any, status int) string {
			t.Helper()
			rec := s.Do(ts.Request{Method: method, Path: path, Token: token, Body: body})
			if rec.Code != status {
				t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
			}
			var out struct {
				ID     string
				Hidden *bool
			}
			_ = json.Unmarshal(rec.Body.Bytes(), &out)
			if out.Hidden != nil && !*out.Hidden {
				t.Fatalf("%s %s did not hide it", method, path)
			}
			return out.ID
		}
		call(owner, "POST", "/api/v1/communities", map[string]any{"slug": "cwm", "name": "Cwm", "time_zone": "Europe/London"}, 201)
		call(nia, "POST", "/api/v1/communities/cwm/members", nil, 201)
		orgs, resources, activities := "/api/v1/communities/cwm/organizations", "/api/v1/communities/cwm/resources", "/api/v1/communities/cwm/activities"
		flag := func(kind, id string) {
			call(owner, "POST", "/api/v1/communities/cwm/flags", map[string]any{"subject": map[string]any{"type": kind, "id": id},
				"reason": "Breaks our agreements"}, 201)
		}

		// Public: published.
		call(owner, "POST", orgs, map[string]any{"name": "Open Library", "sector": "ngo",
			"contact": map[string]any{"name": "Front Desk", "email": "desk@open.example", "public": true}}, 201)
		call(owner, "POST", orgs, map[string]any{"name": "Quiet Club", "sector": "ngo",
			"contact": map[string]any{"name": "Secret Keeper", "email": "keeper@quiet.example", "phone": "01234 567890", "public": false}}, 201)
		call(owner, "POST", resources, map[string]any{"title": "Open room", "kind": "space"}, 201)
		call(owner, "POST", activities, map[string]any{"title": "Open course", "kind": "course", "starts_at": slot(3, "10:00"),
			"ends_at": slot(3, "12:00"), "recurrence": "FREQ=MONTHLY;BYDAY=1SA;COUNT=3", "online_url": "https://meet.example.org/open"}, 201)

		// Hidden by moderation, archived, cancelled: not published.
		flag("organization", call(nia, "POST", orgs, map[string]any{"name": "Flagged Society", "sector": "ngo"}, 201))
		flag("resource", call(nia, "POST", resources, map[string]any{"title": "Flagged shed", "kind": "space"}, 201))
		flag("activity", call(nia, "POST", activities, map[string]any{"title": "Flagged talk", "kind": "event", "starts_at": slot(4, "18:00"),
			"ends_at": slot(4, "19:00"), "online_url": "https://meet.example.org/flagged"}, 201))
		call(owner, "PUT", "/api/v1/organizations/"+call(owner, "POST", orgs, map[string]any{"name": "Archived Guild", "sector": "ngo"}, 201)+"/archive", nil, 204)
		call(owner, "PUT", "/api/v1/resources/"+call(owner, "POST", resources, map[string]any{"title": "Archived van", "kind": "equipment"}, 201)+"/archive", nil, 204)
		call(owner, "DELETE", "/api/v1/activities/"+call(owner, "POST", activities, map[string]any{"title": "Cancelled class", "kind": "course",
			"starts_at": slot(5, "18:00"), "ends_at": slot(5, "19:00"), "online_url": "https://meet.example.org/cancelled"}, 201), nil, 204)

		var all strings.Builder
		get := func(path string) []byte {
			t.Helper()
			rec := s.Do(ts.Request{Method: "GET", Path: path})
			ts.Status(t, rec, 200)
			all.Write(rec.Body.Bytes())
			return rec.Body.Bytes()
		}
		for _, list := range []struct{ path, item string }{{"services", "service.json"}, {"organizations", "organization.json"},
			{"service_at_locations", "service_at_location.json"}} {
			var p struct {
				Contents []struct{ ID string }
			}
			json.Unmarshal(get("/c/cwm/hsds/"+list.path+"?per_page=200"), &p)
			for _, c := range p.Contents {
				validate(t, schema(list.item), list.path+"/"+c.ID, get("/c/cwm/hsds/"+list.path+"/"+c.ID))
			}
		}
		get("/c/cwm/hsds/taxonomies")
		get("/c/cwm/hsds/taxonomy_terms")
		rec := s.Do(ts.Request{Method: "GET", Path: "/c/cwm/hsds/datapackage.zip"})
		ts.Status(t, rec, 200)
		z, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range z.File {
			rc, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			all.Write(b.Bytes())
		}
		text := all.String()
		for _, never := range []string{"Flagged", "Archived", "Cancelled", "Secret Keeper", "keeper@quiet.example", "01234",
			"owner@example.org", "nia@example.org"} {
			if strings.Contains(text, never) {
				t.Errorf("the open data has %q", never)
			}
		}
		for _, want := range []string{"Open Library", "Quiet Club", "Front Desk", "Open room", "Open course", `"byday":"1SA"`} {
			if !strings.Contains(text, want) {
				t.Errorf("the open data lacks %q", want)
			}
		}
	})
}
