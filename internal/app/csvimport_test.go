package app_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

func outcomes(rep app.ImportReport) string {
	var out []string
	for _, r := range rep.Rows {
		s := string(r.Outcome)
		for _, p := range r.Problems {
			s += ":" + p.Column + "=" + p.Message.Key
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func export(t *testing.T, a *app.App, s app.Scope, kind commons.ImportKind) string {
	t.Helper()
	var b bytes.Buffer
	if err := a.ExportCSV(context.Background(), s, kind, &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// An import on both engines: a dry run writes nothing, all or nothing
// writes nothing when a row is refused, skip writes the rest; the export
// imports back with every row unchanged; a change is an update.
func TestCSVImportRoundTrip(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newApp(t, st, mailtest.New(t))
		founder := signUp(t, a, "Carys", "en")
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		s := scopeIn(t, a, &founder, "cwm")
		count := func() (int, int) {
			os, _ := st.AllOrganizations(ctx, s.Community.ID, false)
			rs, _, _ := st.AllResources(ctx, s.Community.ID, false)
			return len(os), len(rs)
		}
		orgs := "Name;Sector;City;Country;Description\n" +
			"Library;ngo;Leeds;gb;\"Books,\nand rooms\"\n" +
			"Council;public_authority;Leeds;GB;=1+2\n" +
			"library;ngo;;;\n" +
			"Club;nonsense;;;\n"
		rep, err := a.ImportCSV(ctx, s, commons.ImportOrganizations, []byte(orgs), app.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := outcomes(rep); got != "created created refused:=csvimport.error.duplicate refused:sector=error.field.one_of" || rep.Applied {
			t.Fatalf("dry run: %s applied %v", got, rep.Applied)
		}
		if rep.Delimiter != ";" || rep.Rows[1].Line != 4 {
			t.Errorf("delimiter %q, line of row 2 %d", rep.Delimiter, rep.Rows[1].Line)
		}
		if o, _ := count(); o != 0 {
			t.Fatalf("a dry run wrote %d organizations", o)
		}
		rep, err = a.ImportCSV(ctx, s, commons.ImportOrganizations, []byte(orgs), app.ImportOptions{Apply: true})
		if err != nil || rep.Applied {
			t.Fatalf("all or nothing with refused rows: applied %v, %v", rep.Applied, err)
		}
		if o, _ := count(); o != 0 {
			t.Fatalf("all or nothing wrote %d organizations", o)
		}
		rep, err = a.ImportCSV(ctx, s, commons.ImportOrganizations, []byte(orgs), app.ImportOptions{Apply: true, Mode: commons.ImportSkipRefused})
		if err != nil || !rep.Applied || rep.Created != 2 {
			t.Fatalf("skip: %+v, %v", rep, err)
		}

		resources := "title,kind,organization,capacity,accessibility,latitude,longitude,bookable,opening_hours,closed_dates\n" +
			"Hall,space,Library,40,step_free,\"53,8\",-1.55,yes,Tu 09:00-12:00; Mo 09:00-17:00,2026-12-25 Christmas\n" +
			"Drill,equipment,,,,,,no,,\n"
		rep, err = a.ImportCSV(ctx, s, commons.ImportResources, []byte(resources), app.ImportOptions{Apply: true})
		if err != nil || !rep.Applied || rep.Created != 2 {
			t.Fatalf("resources: %s %+v, %v", outcomes(rep), rep, err)
		}

		// All or nothing: one good row and one refused leave nothing written.
		bad := "title,kind,organization\nProjector,equipment,Library\nVan,equipment,Nowhere Ltd\n"
		rep, err = a.ImportCSV(ctx, s, commons.ImportResources, []byte(bad), app.ImportOptions{Apply: true})
		if err != nil || rep.Applied || outcomes(rep) != "created refused:organization=csvimport.error.no_such_organization" {
			t.Fatalf("all or nothing: %s %v", outcomes(rep), err)
		}
		if _, r := count(); r != 2 {
			t.Fatalf("all or nothing left %d resources, want 2", r)
		}

		for _, kind := range []commons.ImportKind{commons.ImportOrganizations, commons.ImportResources} {
			file := export(t, a, s, kind)
			if kind == commons.ImportOrganizations && !strings.Contains(file, "'=1+2") {
				t.Errorf("formula not defused:\n%s", file)
			}
			if kind == commons.ImportResources && !strings.Contains(file, "Mo 09:00-17:00; Tu 09:00-12:00") {
				t.Errorf("opening hours not exported:\n%s", file)
			}
			for _, apply := range []bool{false, true} {
				rep, err := a.ImportCSV(ctx, s, kind, []byte(file), app.ImportOptions{Apply: apply})
				if err != nil {
					t.Fatal(err)
				}
				if rep.Unchanged != 2 || len(rep.Rows) != 2 {
					t.Fatalf("%s round trip: %s\n%s", kind, outcomes(rep), file)
				}
			}
			if again := export(t, a, s, kind); again != file {
				t.Errorf("%s export changed by its own import:\n%s\n%s", kind, file, again)
			}
		}

		// A changed cell is an update, by id and by name alike.
		file := strings.Replace(export(t, a, s, commons.ImportResources), ",40,", ",45,", 1)
		rep, err = a.ImportCSV(ctx, s, commons.ImportResources, []byte(file), app.ImportOptions{Apply: true})
		if err != nil || rep.Updated != 1 || fmt.Sprint(rep.Rows[1].Changed) != "[capacity]" && fmt.Sprint(rep.Rows[0].Changed) != "[capacity]" {
			t.Fatalf("update: %s %+v %v", outcomes(rep), rep.Rows, err)
		}
		rep, err = a.ImportCSV(ctx, s, commons.ImportOrganizations, []byte("name,website\nLibrary,https://library.example\n"), app.ImportOptions{})
		if err != nil || outcomes(rep) != "updated" || fmt.Sprint(rep.Rows[0].Changed) != "[website]" {
			t.Fatalf("update by name: %s %+v %v", outcomes(rep), rep.Rows, err)
		}

		// Someone who is not an editor may not import.
		u := signUp(t, a, "Nia", "en")
		if _, err := a.Join(ctx, scopeIn(t, a, &u, "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ImportCSV(ctx, scopeIn(t, a, &u, "cwm"), commons.ImportOrganizations, []byte(orgs), app.ImportOptions{}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a newcomer imports: %v", err)
		}
	})
}

// A file whose mapping leaves no key, names a column twice or an unknown
// one is refused whole.
func TestCSVImportMappingRefused(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newApp(t, st, mailtest.New(t))
		founder := signUp(t, a, "Carys", "en")
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		s := scopeIn(t, a, &founder, "cwm")
		for _, c := range []struct {
			file    string
			mapping []string
			key     string
		}{
			{"colour,size\nred,1\n", nil, "csvimport.error.no_key"},
			{"a,b\nx,y\n", []string{"name", "name"}, "csvimport.error.column_twice"},
			{"a,b\nx,y\n", []string{"name", "shoe_size"}, "csvimport.error.unknown_column"},
			{"a,b\nx,y\n", []string{"name"}, "csvimport.error.mapping_length"},
		} {
			_, err := a.ImportCSV(ctx, s, commons.ImportOrganizations, []byte(c.file), app.ImportOptions{Mapping: c.mapping})
			if e := commons.ErrorOf(err); err == nil || e.Code != commons.CodeInvalid || e.Message.Key != c.key {
				t.Errorf("%q %v: %v, want %s", c.file, c.mapping, err, c.key)
			}
		}
		// Unmapped columns are left out; a Russian header maps by its label.
		rep, err := a.ImportCSV(ctx, s, commons.ImportOrganizations, []byte("Название,Цвет\nБиблиотека,красный\n"),
			app.ImportOptions{Labels: map[string]string{"название": "name"}})
		if err != nil || fmt.Sprint(rep.Mapping) != "[name ]" || outcomes(rep) != "refused:sector=error.field.required" {
			t.Errorf("labels: %v %s %v", rep.Mapping, outcomes(rep), err)
		}
	})
}

// An import writes many rows per statement (docs/PERFORMANCE.md): on both
// engines, across the statements' bounds, every resource is searchable by
// its title and has its hours; an update replaces hours and search text,
// and leaves the hours of rows without the columns alone.
func TestCSVImportBatchedWrites(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newApp(t, st, mailtest.New(t))
		founder := signUp(t, a, "Carys", "en")
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		s := scopeIn(t, a, &founder, "cwm")
		const n = 1300 // more than one multi-row INSERT of resources, and than one IN list
		var f strings.Builder
		f.WriteString("title,kind,opening_hours,closed_dates\n")
		for i := range n {
			fmt.Fprintf(&f, "Room %d,space,Mo 09:00-17:00; We 09:00-12:00,2026-12-25 Christmas\n", i)
		}
		rep, err := a.ImportCSV(ctx, s, commons.ImportResources, []byte(f.String()), app.ImportOptions{Apply: true})
		if err != nil || rep.Created != n || !rep.Applied {
			t.Fatalf("import: created %d refused %d, %v", rep.Created, rep.Refused, err)
		}
		rs, avs, err := st.AllResources(ctx, s.Community.ID, false)
		if err != nil || len(rs) != n {
			t.Fatalf("%d resources, %v", len(rs), err)
		}
		for _, r := range rs {
			if av := avs[r.ID]; len(av.Hours) != 2 || len(av.Closed) != 1 {
				t.Fatalf("%s: hours %v closed %v", r.Title, av.Hours, av.Closed)
			}
		}
		found := func(q string) int {
			t.Helper()
			got, _, err := st.ListResources(ctx, s.Community, store.ResourceFilter{Query: q, Page: commons.Page{Limit: 100}})
			if err != nil {
				t.Fatal(err)
			}
			return len(got)
		}
		if found("1299") != 1 || found("0") != 1 {
			t.Errorf("search misses imported rooms: 1299 %d, 0 %d", found("1299"), found("0"))
		}

		// Rename the first 700 and give them other hours; the rest stay.
		f.Reset()
		f.WriteString("id,title,kind,opening_hours\n")
		for i, r := range rs[:700] {
			fmt.Fprintf(&f, "%s,Studio %d,space,Fr 10:00-11:00\n", r.ID, i)
		}
		rep, err = a.ImportCSV(ctx, s, commons.ImportResources, []byte(f.String()), app.ImportOptions{Apply: true})
		if err != nil || rep.Updated != 700 || !rep.Applied {
			t.Fatalf("update: updated %d refused %d, %v", rep.Updated, rep.Refused, err)
		}
		_, avs, err = st.AllResources(ctx, s.Community.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if av := avs[rs[0].ID]; len(av.Hours) != 1 || av.Hours[0].Weekday != 5 || len(av.Closed) != 1 {
			t.Errorf("updated hours: %v closed %v", av.Hours, av.Closed)
		}
		if av := avs[rs[699].ID]; len(av.Hours) != 1 {
			t.Errorf("last updated hours: %v", av.Hours)
		}
		if av := avs[rs[700].ID]; len(av.Hours) != 2 {
			t.Errorf("untouched hours: %v", av.Hours)
		}
		if found("studio") != 100 || found(strings.Fields(rs[0].Title)[1]+" room") != 0 {
			t.Errorf("search after rename: studio %d, old title %d", found("studio"), found(rs[0].Title))
		}
	})
}

// An import follows each row's own rules, as the pages do: an editor
// changes only the organizations they administer (UpdateOrganization)
// and the resources they may edit (MayEditResource), and shares a
// resource on an organization's behalf only as its admin
// (CreateResource); the other rows are refused with that reason, and an
// unchanged row needs no right.
func TestCSVImportFollowsEachRowsRules(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newApp(t, st, mailtest.New(t))
		founder := signUp(t, a, "Carys", "en")
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		s := scopeIn(t, a, &founder, "cwm")
		nia := signUp(t, a, "Nia", "en")
		if _, err := a.Join(ctx, scopeIn(t, a, &nia, "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
		ns := scopeIn(t, a, &nia, "cwm")
		choir, err := a.CreateOrganization(ctx, ns, commons.OrganizationFields{Name: "Choir", Sector: "ngo", Email: "choir@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		hall, err := a.CreateResource(ctx, ns, commons.ResourceFields{Kind: commons.KindSpace, Title: "Choir hall", OwnerOrgID: choir.ID})
		if err != nil {
			t.Fatal(err)
		}
		drill, err := a.CreateResource(ctx, ns, commons.ResourceFields{Kind: commons.KindEquipment, Title: "Drill"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.CreateOrganization(ctx, s, commons.OrganizationFields{Name: "Library", Sector: "ngo"}); err != nil {
			t.Fatal(err)
		}

		orgs := "name,sector,email\nChoir,ngo,thief@example.org\nLibrary,ngo,desk@library.example\nClub,ngo,\nChoir,ngo,choir@example.org\n"
		rep, err := a.ImportCSV(ctx, s, commons.ImportOrganizations, []byte(orgs), app.ImportOptions{Apply: true, Mode: commons.ImportSkipRefused})
		if want := "refused:=csvimport.error.not_organization_editor updated created refused:=csvimport.error.duplicate"; err != nil || outcomes(rep) != want {
			t.Fatalf("organizations:\n got %s\nwant %s (%v)", outcomes(rep), want, err)
		}
		if len(rep.Rows[0].Changed) != 0 {
			t.Errorf("a refused row lists changes: %v", rep.Rows[0].Changed)
		}
		// Unchanged, the organization another person runs is no refusal.
		rep, err = a.ImportCSV(ctx, s, commons.ImportOrganizations, []byte("name,email\nChoir,choir@example.org\n"), app.ImportOptions{})
		if err != nil || outcomes(rep) != "unchanged" {
			t.Errorf("an unchanged organization: %s %v", outcomes(rep), err)
		}
		if o, err := st.OrganizationInCommunity(ctx, s.Community.ID, choir.ID); err != nil || o.Email != "choir@example.org" {
			t.Fatalf("the choir's address became %q (%v)", o.Email, err)
		}

		resources := "id,title,kind,organization,description\n" +
			hall.ID + ",Choir hall,space,Choir,Ours now\n" +
			drill.ID + ",Drill,equipment,,Mine now\n" +
			",Piano,equipment,Choir,\n" +
			",Reading room,space,Library,\n" +
			",Projector,equipment,,\n"
		rep, err = a.ImportCSV(ctx, s, commons.ImportResources, []byte(resources), app.ImportOptions{Apply: true, Mode: commons.ImportSkipRefused})
		want := "refused:=csvimport.error.not_resource_editor refused:=csvimport.error.not_resource_editor " +
			"refused:organization=csvimport.error.not_organization_sharer created created"
		if err != nil || outcomes(rep) != want || !rep.Applied {
			t.Fatalf("resources:\n got %s\nwant %s (%v)", outcomes(rep), want, err)
		}
		for _, id := range []string{hall.ID, drill.ID} {
			if r, err := st.ResourceInCommunity(ctx, s.Community.ID, id); err != nil || r.Description != "" {
				t.Errorf("%s was changed: %q %v", id, r.Description, err)
			}
		}
		// Its admin changes it: the rule, not the editor's role, decides.
		for _, role := range []commons.Role{commons.RoleMember, commons.RoleEditor} {
			if err := a.GiveTrust(ctx, s, nia.ID, role); err != nil {
				t.Fatal(err)
			}
		}
		rep, err = a.ImportCSV(ctx, scopeIn(t, a, &nia, "cwm"), commons.ImportResources, []byte(resources), app.ImportOptions{})
		want = "updated updated created unchanged created" // the reading room is the library's already
		if err != nil || outcomes(rep) != want {
			t.Errorf("the choir's admin:\n got %s\nwant %s (%v)", outcomes(rep), want, err)
		}
	})
}
