package store_test

import (
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// A resource's postal address is written and read back on both engines:
// created, changed, listed, and written by an import (new and updated).
func TestResourcePostalAddressIsStored(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		u := mustUser(t, s, "a@example.org")
		c := mustCommunity(t, s, "places", u.ID)
		place := commons.PostalAddress{City: "Cwm Tawel", Region: "Swansea", PostalCode: "SA10 9ZY", Country: "GB"}
		f := commons.ResourceFields{Kind: commons.KindSpace, Title: "Hall", Address: "Heol y Glowyr 2", Place: place,
			Terms: commons.TermsFree, Approval: commons.ApprovalOpen}
		r, err := s.CreateResource(ctx, c, f, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Place != place || r.Address != "Heol y Glowyr 2" {
			t.Fatalf("created: %q %+v", r.Address, r.Place)
		}
		f.Place.PostalCode, f.Place.Region = "", "Abertawe"
		if err := s.UpdateResource(ctx, c, r.ID, f); err != nil {
			t.Fatal(err)
		}
		if r, err = s.ResourceByID(ctx, r.ID); err != nil || r.Place != f.Place {
			t.Fatalf("updated: %+v %v", r.Place, err)
		}
		list, _, err := s.ListResources(ctx, c, store.ResourceFilter{})
		if err != nil || len(list) != 1 || list[0].Place != f.Place {
			t.Fatalf("listed: %+v %v", list, err)
		}

		imported := f
		imported.Title, imported.Place = "Room 2", commons.PostalAddress{City: "Leeds", Country: "GB"}
		changed := f
		changed.Place.PostalCode = "SA10 9ZX"
		if err := s.ApplyImport(ctx, c, u.ID, store.ImportBatch{NewResources: []store.ImportedResource{{Fields: imported}},
			Resources: []store.ImportedResource{{ID: r.ID, Fields: changed}}}); err != nil {
			t.Fatal(err)
		}
		all, _, err := s.AllResources(ctx, c.ID, false)
		if err != nil || len(all) != 2 {
			t.Fatalf("after the import: %d, %v", len(all), err)
		}
		for _, x := range all {
			want := changed.Place
			if x.Title == "Room 2" {
				want = imported.Place
			}
			if x.Place != want {
				t.Errorf("%s after the import: %+v, want %+v", x.Title, x.Place, want)
			}
		}
	})
}
