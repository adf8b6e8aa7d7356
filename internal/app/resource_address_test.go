package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Resources' addresses in a CSV file, on both engines: imported from
// their columns, exported in them, and the export imports back with
// nothing changed; a bad country is refused beside its column; a file
// without the columns leaves the addresses as they are.
func TestCSVResourceAddressesRoundTrip(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newApp(t, st, mailtest.New(t))
		founder := signUp(t, a, "Carys", "en")
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		s := scopeIn(t, a, &founder, "cwm")
		file := "title,kind,address,city,region,postal_code,country\n" +
			"Hall,space,\"Miners' Hall\nHeol y Glowyr\",Cwm Tawel,Swansea,SA10 9ZY,gb\n" +
			"Drill,equipment,,,,,\n"
		rep, err := a.ImportCSV(ctx, s, commons.ImportResources, []byte(file), app.ImportOptions{Apply: true})
		if err != nil || !rep.Applied || rep.Created != 2 {
			t.Fatalf("import: %s %v", outcomes(rep), err)
		}
		place := func(title string) commons.PostalAddress {
			rs, _, err := st.AllResources(ctx, s.Community.ID, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if r.Title == title {
					return r.Place
				}
			}
			t.Fatalf("no %s", title)
			return commons.PostalAddress{}
		}
		hall := commons.PostalAddress{City: "Cwm Tawel", Region: "Swansea", PostalCode: "SA10 9ZY", Country: "GB"}
		if got := place("Hall"); got != hall {
			t.Fatalf("imported: %+v", got)
		}
		out := export(t, a, s, commons.ImportResources)
		if !strings.HasPrefix(out, "id,title,kind,organization,description,address,city,region,postal_code,country,latitude,") ||
			!strings.Contains(out, ",Cwm Tawel,Swansea,SA10 9ZY,GB,") {
			t.Fatalf("export:\n%s", out)
		}
		rep, err = a.ImportCSV(ctx, s, commons.ImportResources, []byte(out), app.ImportOptions{Apply: true})
		if err != nil || rep.Unchanged != 2 {
			t.Fatalf("round trip: %s %v", outcomes(rep), err)
		}
		if again := export(t, a, s, commons.ImportResources); again != out {
			t.Errorf("the export changed by its own import:\n%s\n%s", out, again)
		}

		rep, err = a.ImportCSV(ctx, s, commons.ImportResources, []byte("title,country\nHall,Cymru\n"), app.ImportOptions{Apply: true})
		if err != nil || rep.Applied || outcomes(rep) != "refused:country=error.field.country" {
			t.Fatalf("a bad country: %s %v", outcomes(rep), err)
		}
		rep, err = a.ImportCSV(ctx, s, commons.ImportResources, []byte("title,address\nHall,Neuadd y Glowyr\n"), app.ImportOptions{Apply: true})
		if err != nil || !rep.Applied || rep.Updated != 1 {
			t.Fatalf("a file without the address columns: %s %v", outcomes(rep), err)
		}
		if got := place("Hall"); got != hall {
			t.Errorf("a file without the address columns changed it: %+v", got)
		}
	})
}
