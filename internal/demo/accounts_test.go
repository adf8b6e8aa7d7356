package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// On a site that asks for confirmed addresses, the demo's people are
// confirmed, and no confirmation mail is queued for their made-up
// addresses; the site's setting stays as it was.
func TestDemoPeopleAreConfirmed(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		a.ConfirmEmail = true
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, true); err != nil {
			t.Fatal(err)
		}
		if !a.ConfirmEmail {
			t.Fatal("loading the demo turned confirmation off")
		}
		for _, email := range []string{"carys@cwm-tawel.example", "dafydd@cwm-tawel.example"} {
			u, err := st.UserByEmail(ctx, email)
			if err != nil || !u.EmailConfirmed || a.ReadOnly(&u) {
				t.Errorf("%s: %+v %v", email, u, err)
			}
		}
		now := a.Now().Add(time.Minute)
		jobs, err := st.ClaimMailJobs(ctx, "test", now, now.Add(time.Minute), 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs {
			if j.Subject != "" {
				t.Errorf("account mail queued by the demo: %q to %s", j.Subject, j.To)
			}
		}
	})
}
