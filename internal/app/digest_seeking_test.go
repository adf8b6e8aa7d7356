package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// "New matches for you" covers everything a person waits on, not only
// offers and requests: the needs of an initiative whose team they are on,
// and their learning requests. Mair has only a need, Irina only a
// learning request, and neither has notifications from the day.
func TestNewMatchesForNeedsAndLearningRequests(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		now := w.a.Now()
		ms, err := w.a.NewMatchesFor(ctx, *w.people["Mair"], now.Add(-time.Hour), now)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].Intent.Kind != "need" || ms[0].Intent.SubjectID != w.need.ID || ms[0].Match.ID != w.van.ID {
			t.Fatalf("Mair's new matches %+v", ms)
		}
		ms, err = w.a.NewMatchesFor(ctx, *w.people["Irina"], now.Add(-time.Hour), now)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range ms {
			if m.Intent.Kind != "proposal" || m.Intent.SubjectID != w.proposal.ID {
				t.Errorf("Irina's match for %+v", m.Intent)
			}
			found = found || m.Match.ID == w.people["Rhodri"].ID
		}
		if !found {
			t.Fatalf("Irina's new matches lack Rhodri: %+v", ms)
		}
	})
}

// The mail: a person with a need and no offer of their own gets the daily
// digest's "new matches for you" with the van that meets it.
func TestDigestForNeedWithoutOffers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		smtpd := mailtest.New(t)
		a := newApp(t, st, smtpd)
		start := time.Date(2031, time.March, 1, 12, 0, 0, 0, time.UTC)
		clock := start
		a.SetClock(func() time.Time { return clock })
		rhodri, mair := signUp(t, a, "Rhodri", "en"), signUp(t, a, "Mair", "en")
		if err := a.SetMailDelivery(ctx, &mair, "daily"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.CreateCommunity(ctx, &rhodri, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Join(ctx, scopeIn(t, a, &mair, "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
		i, err := a.CreateInitiative(ctx, scopeIn(t, a, &mair, "cwm"), commons.InitiativeFields{Title: "Spring fair", Summary: "A fair in the hall"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.AddNeed(ctx, scopeIn(t, a, &mair, "cwm"), i.ID, commons.NeedFields{Kind: commons.KindEquipment,
			Description: "A van to bring the chairs"}); err != nil {
			t.Fatal(err)
		}
		deliver(t, a)
		before := len(smtpd.Mails())
		clock = clock.Add(time.Minute)
		if _, err := a.PostIntent(ctx, scopeIn(t, a, &rhodri, "cwm"), commons.IntentFields{Direction: commons.IntentOffer,
			Kind: commons.KindEquipment, Title: "Delivery van on Saturdays"}); err != nil {
			t.Fatal(err)
		}
		clock = start.Add(25 * time.Hour)
		deliver(t, a)
		var got []string
		for _, m := range smtpd.Mails()[before:] {
			if m.To[0] == mair.Email {
				got = append(got, m.Subject+"\n"+m.Text)
			}
		}
		if len(got) != 1 || !strings.Contains(got[0], "Delivery van on Saturdays") || !strings.Contains(got[0], "A van to bring the chairs") {
			t.Fatalf("Mair's digest: %q", got)
		}
	})
}
