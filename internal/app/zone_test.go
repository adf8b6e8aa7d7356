package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// A person reads times in their own zone: chosen from the IANA names,
// kept with the account, "" to follow their community's zone (then the
// zone of the first community they belong to, else UTC).
func TestReaderTimeZone(t *testing.T) {
	ctx := context.Background()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a, _ := clockedApp(t, st)
		u := signUp(t, a, "Olga", "ru")
		if z := a.ReaderZone(ctx, &u); z != "UTC" {
			t.Errorf("no community, no choice: %q", z)
		}
		if _, err := a.CreateCommunity(ctx, &u, commons.NewCommunity{Slug: "riga", Name: "Riga", TimeZone: "Europe/Riga"}); err != nil {
			t.Fatal(err)
		}
		if z := a.ReaderZone(ctx, &u); z != "Europe/Riga" {
			t.Errorf("following the community: %q", z)
		}
		bad := "Mars/Olympus"
		if _, err := a.UpdateProfile(ctx, &u, commons.ProfileChange{TimeZone: &bad}); commons.ErrorOf(err) == nil || commons.ErrorOf(err).Fields["time_zone"].Key == "" {
			t.Errorf("an unknown zone: %v", err)
		}
		zone := "Asia/Almaty"
		got, err := a.UpdateProfile(ctx, &u, commons.ProfileChange{TimeZone: &zone})
		if err != nil || got.TimeZone != zone {
			t.Fatalf("choosing a zone: %+v %v", got, err)
		}
		back, err := st.UserByID(ctx, u.ID)
		if err != nil || back.TimeZone != zone || back.Name != "Olga" || back.Locale != "ru" {
			t.Fatalf("kept: %+v %v", back, err)
		}
		if z := a.ReaderZone(ctx, &back); z != zone {
			t.Errorf("the chosen zone: %q", z)
		}
		none := ""
		if got, err := a.UpdateProfile(ctx, &back, commons.ProfileChange{TimeZone: &none}); err != nil || got.TimeZone != "" {
			t.Errorf("following the community again: %+v %v", got, err)
		}
	})
}
