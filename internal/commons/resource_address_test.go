package commons

import "testing"

// A resource's postal address is checked as an organization's; its fields
// carry it back; a replacement keeps what its request left out of the
// location; a CSV row carries it both ways, and a file without its columns
// keeps it (the use case validates a row as a form).
func TestResourcePostalAddress(t *testing.T) {
	lat, lon := 51.7, -3.7
	f := ResourceFields{Kind: KindSpace, Title: "Hall", Address: " Heol y Glowyr 2 ",
		Place: PostalAddress{City: " Cwm Tawel ", Region: "Swansea", PostalCode: "SA10 9ZY", Country: " gb "}}
	f.Normalize()
	var v Validator
	f.Validate(&v, StandardAccessibility)
	if v.Err() != nil || f.Place.Country != "GB" || f.Place.City != "Cwm Tawel" || f.Address != "Heol y Glowyr 2" {
		t.Fatalf("a good address: %+v %v", f, v.Err())
	}
	for _, bad := range []PostalAddress{{Country: "Wales"}, {City: "Two\nlines"}} {
		g := f
		g.Place = bad
		var v Validator
		g.Validate(&v, StandardAccessibility)
		if v.Err() == nil {
			t.Errorf("%+v was taken", bad)
		}
	}

	r := Resource{ID: "r1", Kind: KindSpace, Title: "Hall", Address: f.Address, Place: f.Place, Latitude: &lat, Longitude: &lon}
	if got := r.Fields(); got.Place != r.Place || got.Address != r.Address || got.Latitude != &lat {
		t.Errorf("fields of a resource: %+v", got)
	}
	str := func(s string) *string { return &s }
	for _, c := range []struct {
		name string
		rp   ResourceReplacement
		want PostalAddress
		addr string
	}{
		{"no location", ResourceReplacement{Fields: ResourceFields{Title: "Hall 2"}}, r.Place, r.Address},
		{"a location without its parts", ResourceReplacement{Location: &LocationChange{Address: "Stryd Fawr 1"}}, r.Place, "Stryd Fawr 1"},
		{"a new city, no postcode", ResourceReplacement{Location: &LocationChange{Address: "Stryd Fawr 1",
			Place: PlaceChange{City: str("Abertawe"), PostalCode: str("")}}},
			PostalAddress{City: "Abertawe", Region: "Swansea", Country: "GB"}, "Stryd Fawr 1"},
	} {
		got := c.rp.Apply(r)
		if got.Place != c.want || got.Address != c.addr {
			t.Errorf("%s: %q %+v, want %q %+v", c.name, got.Address, got.Place, c.addr, c.want)
		}
		if (c.rp.Location == nil) != (got.Latitude == &lat) {
			t.Errorf("%s: coordinates %v", c.name, got.Latitude)
		}
	}

	cells := ResourceCells(r, "", Availability{})
	if cells["city"] != "Cwm Tawel" || cells["postal_code"] != "SA10 9ZY" || cells["country"] != "GB" || cells["region"] != "Swansea" {
		t.Errorf("cells: %v", cells)
	}
	back, _, problems := ResourceFromCells(cells, Resource{}, Availability{})
	if len(problems) > 0 || back.Place != r.Place {
		t.Errorf("a row read back: %+v %v", back.Place, problems)
	}
	older := map[string]string{"title": "Hall", "address": "Heol y Glowyr 2"}
	if kept, _, _ := ResourceFromCells(older, r, Availability{}); kept.Place != r.Place {
		t.Errorf("a file without the address columns changed it: %+v", kept.Place)
	}
}
