package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/store/storetest"
)

// BenchmarkCSVImport10kResources imports a file of 10,000 resources with
// opening hours, owned by 20 organizations: a dry run (reading, matching,
// validating every row) and the apply (the dry run's work plus writing
// them all in one transaction, into a fresh community each time).
//
//	go test -run '^$' -bench CSVImport10k -benchtime 3x ./internal/app/
func BenchmarkCSVImport10kResources(b *testing.B) {
	var orgs, res strings.Builder
	orgs.WriteString("name,sector\n")
	for i := range 20 {
		fmt.Fprintf(&orgs, "Organization %d,ngo\n", i)
	}
	res.WriteString("title,kind,organization,capacity,accessibility,bookable,opening_hours,closed_dates\n")
	for i := range 10_000 {
		fmt.Fprintf(&res, "Room %d,space,Organization %d,%d,step_free,yes,Mo 09:00-17:00; We 09:00-12:00,2026-12-25 Christmas\n", i, i%20, 10+i%50)
	}
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			st, _ := e.Open(b)
			ctx := context.Background()
			log := slog.New(slog.DiscardHandler)
			cat, err := i18n.Load(log)
			if err != nil {
				b.Fatal(err)
			}
			a := app.New(st, cat, log)
			a.Argon2 = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
			a.ConfirmEmail = false
			u, err := a.SignUp(ctx, commons.NewUser{Email: "carys@example.org", Name: "Carys", Password: "correct horse battery", Locale: "en"})
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			community := func() app.Scope {
				n++
				slug := fmt.Sprintf("town%d", n)
				if _, err := a.CreateCommunity(ctx, &u, commons.NewCommunity{Slug: slug, Name: slug}); err != nil {
					b.Fatal(err)
				}
				s, err := a.Scope(ctx, &u, slug)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := a.ImportCSV(ctx, s, commons.ImportOrganizations, []byte(orgs.String()), app.ImportOptions{Apply: true}); err != nil {
					b.Fatal(err)
				}
				return s
			}
			for _, apply := range []bool{false, true} {
				name := "dry_run"
				if apply {
					name = "apply"
				}
				b.Run(name, func(b *testing.B) {
					s := community()
					for b.Loop() {
						if apply {
							b.StopTimer()
							s = community()
							b.StartTimer()
						}
						rep, err := a.ImportCSV(ctx, s, commons.ImportResources, []byte(res.String()), app.ImportOptions{Apply: apply})
						if err != nil || rep.Created != 10_000 || rep.Applied != apply {
							b.Fatalf("%+v %v", rep.Refused, err)
						}
					}
				})
			}
		})
	}
}
