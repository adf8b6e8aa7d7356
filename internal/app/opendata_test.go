package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/hsds"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/region"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// The demo community and a generated region community, as HSDS 3.0:
// every service, organization, service at a location, taxonomy and term
// validates against the specification's schemas.
func TestOpenDataOfDemoAndRegionValidates(t *testing.T) {
	dir, err := filepath.Abs("../hsds/testdata/schema")
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	schemas := map[string]*jsonschema.Schema{}
	for _, name := range []string{"service", "organization", "service_at_location", "taxonomy", "taxonomy_term", "location", "address", "contact", "phone", "schedule"} {
		if schemas[name], err = c.Compile("file://" + filepath.ToSlash(filepath.Join(dir, name+".json"))); err != nil {
			t.Fatal(err)
		}
	}
	check := func(t *testing.T, what string, v any) {
		t.Helper()
		b, _ := json.Marshal(v)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		name, _, _ := strings.Cut(what, " ")
		if err := schemas[name].Validate(doc); err != nil {
			t.Errorf("%s does not follow HSDS 3.0: %v\n%s", what, err, b)
		}
	}
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newApp(t, st, mailtest.New(t))
		if _, err := demo.Load(ctx, a, true); err != nil {
			t.Fatal(err)
		}
		g := &region.Generator{Store: st, Counts: region.CountsAt(0.01), PasswordHash: "x", Seed: 1, Now: a.Now()}
		if err := g.Run(ctx); err != nil {
			t.Fatal(err)
		}
		for _, slug := range []string{demo.Slug, region.SlugPrefix + "001"} {
			s := scopeIn(t, a, nil, slug)
			d, err := a.OpenData(ctx, s, "https://commons.example")
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Services) == 0 || len(d.Organizations) == 0 {
				t.Fatalf("%s: %d services, %d organizations", slug, len(d.Services), len(d.Organizations))
			}
			weekly := 0
			for _, sv := range d.Services {
				full, _ := d.Service(sv.ID)
				check(t, "service "+sv.ID, full)
				for _, x := range full.Schedules {
					check(t, "schedule "+x.ID, x)
					if x.OpensAt != "" && x.Freq == "WEEKLY" && x.DTStart == "" {
						weekly++ // a resource's opening hours
					}
				}
				// The Repair Café meets on the first Saturday of the month,
				// not on the day of the month of its first date.
				if slug == demo.Slug && strings.Contains(sv.Name, "Repair Café workshop") {
					if x := full.Schedules; len(x) != 1 || x[0].Freq != "MONTHLY" || x[0].ByDay != "1SA" || x[0].ByMonthDay != "" {
						t.Errorf("the Repair Café's schedule: %+v", x)
					}
				}
			}
			if slug == demo.Slug && weekly == 0 {
				t.Error("no resource's opening hours are published")
			}
			for _, p := range []hsds.Page[hsds.Service]{d.ServicesPage(hsds.Query{PerPage: hsds.MaxPerPage})} {
				for _, sv := range p.Contents {
					check(t, "service (listed) "+sv.ID, sv)
				}
			}
			contacts, addresses := 0, 0
			councils := map[string]hsds.Address{} // the council's addresses by street line: its own and its hall's
			for _, o := range d.Organizations {
				full, _ := d.Organization(o.ID)
				check(t, "organization "+o.ID, full)
				for _, c := range full.Contacts {
					check(t, "contact "+c.ID, c)
					contacts++
					if o.Name == "Cwm Tawel Mining Museum" {
						t.Errorf("the museum's private contact is published: %+v", c)
					}
				}
				for _, p := range full.Phones {
					check(t, "phone "+p.ID, p)
				}
				for _, l := range full.Locations {
					for _, x := range l.Addresses {
						check(t, "address "+x.ID, x)
						addresses++
						if o.Name == "Cwm Tawel Town Council" {
							councils[x.Address1] = x
						}
					}
				}
			}
			if x := councils["Neuadd y Dref, Stryd Fawr"]; slug == demo.Slug && (x.City != "Cwm Tawel" || x.PostalCode != "SA10 9ZZ" || x.Country != "GB") {
				t.Errorf("the council's address: %+v", councils)
			}
			// The resource's location has its postal address too.
			if x := councils["Miners' Hall, Heol y Glowyr"]; slug == demo.Slug && (x.City != "Cwm Tawel" || x.Region != "Swansea" || x.Country != "GB" || x.AddressType != "physical") {
				t.Errorf("the Miners' Hall's address: %+v", councils)
			}
			if slug == demo.Slug && (contacts != 2 || addresses == 0) {
				t.Errorf("the demo publishes %d contacts (want the council's and the library's, the public ones) and %d addresses", contacts, addresses)
			}
			for _, sal := range d.ServiceAtLocations {
				full, _ := d.ServiceAtLocation(sal.ID)
				check(t, "service_at_location "+sal.ID, full)
			}
			for _, l := range d.Locations {
				check(t, "location "+l.ID, l)
			}
			for _, x := range d.Taxonomies {
				check(t, "taxonomy "+x.ID, x)
			}
			for _, x := range d.Terms {
				check(t, "taxonomy_term "+x.ID, x)
			}
			t.Logf("%s: %d services, %d organizations, %d locations, %d terms", slug, len(d.Services), len(d.Organizations), len(d.Locations), len(d.Terms))
		}
	})
}

// A series edited, or one of its occurrences cancelled, after a date is
// "modified after" it, with the time of the change as its last_modified;
// one unchanged since it was created, before that date, is not.
func TestOpenDataModifiedAfterAChange(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		l := newLearning(t, st, 0)
		a := l.a
		org := scopeIn(t, a, &l.organizer, "cwm")
		edited, kept, cancelled := l.offer(t, nil, 3), l.offer(t, nil, 2), l.offer(t, nil, 2)
		created := a.Now()
		l.setClock(6 * time.Hour)
		e := commons.EditOf(edited[0])
		e.Title = "Welsh for everyone"
		if _, err := a.EditActivity(ctx, org, edited[0].ID, e, commons.ScopeAll); err != nil {
			t.Fatal(err)
		}
		if err := a.CancelOccurrence(ctx, org, cancelled[1].ID); err != nil {
			t.Fatal(err)
		}
		d, err := a.OpenData(ctx, scopeIn(t, a, nil, "cwm"), "")
		if err != nil {
			t.Fatal(err)
		}
		id := func(act commons.Activity) string { return hsds.ID(org.Community.ID, "activity", act.SeriesID) }
		got := map[string]string{}
		for _, sv := range d.ServicesPage(hsds.Query{ModifiedAfter: created.Add(time.Hour)}).Contents {
			got[sv.ID] = sv.LastModified
		}
		changed := a.Now().UTC().Format(time.RFC3339)
		if len(got) != 2 || got[id(edited[0])] != changed || got[id(cancelled[0])] != changed {
			t.Errorf("modified after the creation: %v, want the edited and the cancelled series at %s", got, changed)
		}
		if sv, ok := d.Service(id(kept[0])); !ok || sv.LastModified != created.UTC().Format(time.RFC3339) {
			t.Errorf("the unchanged series: %+v", sv)
		}
		if p := d.ServicesPage(hsds.Query{ModifiedAfter: created.Add(-time.Hour)}); p.TotalItems != 3 {
			t.Errorf("modified after a time before them all: %d services, want 3", p.TotalItems)
		}
	})
}
