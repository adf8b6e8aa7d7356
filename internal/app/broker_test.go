package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Case-insensitive matching and search fold every script on both engines:
// a title in Cyrillic capitals is found by its words in lower case
// (SQLite's own LOWER folds ASCII only).
func TestSearchAndMatchFoldCyrillic(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		mair := w.scope(t, "Mair", "cwm")
		i, err := w.a.CreateInitiative(ctx, mair, commons.InitiativeFields{Title: "ВЕЛОСИПЕДНАЯ МАСТЕРСКАЯ", Summary: "Во дворе"})
		if err != nil {
			t.Fatal(err)
		}
		rs, err := w.a.Search(ctx, mair, "мастерская")
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 1 || rs[0].ID != i.ID {
			t.Errorf("search for a Cyrillic word in capitals found %+v", rs)
		}
		// A learner's request in capitals is found for an offer in lower case.
		p, err := w.a.Propose(ctx, w.scope(t, "Irina", "cwm"), "РЕМОНТ ФУРГОНА", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		offer, err := w.a.PostIntent(ctx, w.scope(t, "Rhodri", "cwm"), commons.IntentFields{Direction: commons.IntentOffer,
			Kind: commons.KindSkill, Title: "ремонт фургона"})
		if err != nil {
			t.Fatal(err)
		}
		mv, err := w.a.Matches(ctx, w.scope(t, "Rhodri", "cwm"), commons.SubjectIntent, offer.ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range mv.Matches {
			found = found || m.ID == p.ID
		}
		if !found {
			t.Errorf("the offer's matches %v miss the request in capitals", matchIDs(mv))
		}
	})
}

// "New matches for you" reaches people who have matches and no
// notifications: in a daily digest of its own, and, for people who hear
// of each notification as it comes (the default), in a daily mail — at
// most one a day, and none when nothing new matched.
func TestNewMatchesMailWithoutNotifications(t *testing.T) {
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
		deliver(t, a) // whatever joining told the founder
		before := len(smtpd.Mails())
		clock = clock.Add(time.Minute)
		if _, err := a.PostIntent(ctx, scopeIn(t, a, &rhodri, "cwm"), commons.IntentFields{Direction: commons.IntentOffer,
			Kind: commons.KindEquipment, Title: "Delivery van on Saturdays"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.PostIntent(ctx, scopeIn(t, a, &mair, "cwm"), commons.IntentFields{Direction: commons.IntentRequest,
			Kind: commons.KindEquipment, Title: "A van for the spring fair"}); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(time.Minute)
		mailsTo := func(who commons.User) []mailtest.Mail {
			var out []mailtest.Mail
			for _, m := range smtpd.Mails()[before:] {
				if m.To[0] == who.Email {
					out = append(out, m)
				}
			}
			return out
		}
		deliver(t, a)
		// Rhodri, who has no digest, hears at once of the request his offer meets.
		got := mailsTo(rhodri)
		if len(got) != 1 || !strings.Contains(got[0].Subject, "1 new match") || !strings.Contains(got[0].Text, "A van for the spring fair") {
			t.Fatalf("Rhodri's mail: %+v", got)
		}
		if len(mailsTo(mair)) != 0 {
			t.Fatalf("Mair chose a daily digest but got %+v", mailsTo(mair))
		}
		// Later the same day: nothing more for either.
		clock = clock.Add(3 * time.Hour)
		deliver(t, a)
		if len(mailsTo(rhodri)) != 1 || len(mailsTo(mair)) != 0 {
			t.Fatalf("more mail the same day: %d, %d", len(mailsTo(rhodri)), len(mailsTo(mair)))
		}
		// The next day: Mair's digest holds no notification, only the match;
		// Rhodri has nothing new, so no mail.
		clock = start.Add(25 * time.Hour)
		deliver(t, a)
		got = mailsTo(mair)
		if len(got) != 1 || !strings.Contains(got[0].Subject, "new match") || !strings.Contains(got[0].Text, "Delivery van on Saturdays") {
			t.Fatalf("Mair's digest: %+v", got)
		}
		if len(mailsTo(rhodri)) != 1 {
			t.Fatalf("Rhodri got a mail with nothing new: %+v", mailsTo(rhodri)[1:])
		}
		// Who chose no mail gets none.
		if err := a.SetMailDelivery(ctx, &mair, "none"); err != nil {
			t.Fatal(err)
		}
		clock = start.Add(50 * time.Hour)
		deliver(t, a)
		if len(mailsTo(mair)) != 1 {
			t.Fatalf("mail after choosing none")
		}
	})
}

// The edit form of an offer is for those who may change it, while it is
// live; changing it passes the same checks as posting it.
func TestEditableIntent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newIntentWorld(t, st)
		author := w.scope(t, "Author", "cwm")
		i, err := w.a.PostIntent(ctx, author, commons.IntentFields{Direction: commons.IntentOffer, Kind: commons.KindTime, Title: "An hour"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.EditableIntent(ctx, author, i.ID); err != nil {
			t.Errorf("the author: %v", err)
		}
		if _, err := w.a.EditableIntent(ctx, w.scope(t, "Neighbour", "cwm"), i.ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a neighbour: %v", err)
		}
		if _, err := w.a.UpdateIntent(ctx, author, i.ID, commons.IntentFields{Kind: commons.KindTime, Title: "An hour", Quantity: 1_000_000}); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a million: %v", err)
		}
		if _, err := w.a.CloseIntent(ctx, author, i.ID, commons.IntentWithdrawn); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.EditableIntent(ctx, author, i.ID); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("withdrawn: %v", err)
		}
	})
}

// Search finds people by name, the skills they teach and the languages
// they speak: members find every member, anyone else only those who made
// their profile public — never a private person.
func TestSearchPeople(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		mair := w.scope(t, "Mair", "cwm")
		if _, err := w.a.SaveLearningProfile(ctx, mair, commons.LearningProfile{Teaches: []string{"pottery"}, Languages: []string{"ru", "en"}}); err != nil {
			t.Fatal(err)
		}
		if err := w.a.SetProfilePublic(ctx, mair, true); err != nil {
			t.Fatal(err)
		}
		people := func(who, q string) []string {
			t.Helper()
			rs, err := w.a.Search(ctx, w.scope(t, who, "cwm"), q)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rs {
				if r.Type == commons.CandidatePerson {
					out = append(out, r.Title)
					if r.Path != "/c/cwm/members/"+r.ID {
						t.Errorf("path %q", r.Path)
					}
				}
			}
			return out
		}
		for _, c := range []struct {
			who, q string
			want   string
		}{
			{"Irina", "bicycle", "Rhodri"},
			{"Irina", "rhodri", "Rhodri"},
			{"Irina", "pottery", "Mair"},
			{"Irina", "Russian", "Mair"},
			{"visitor", "русский", "Mair"},
			{"visitor", "pottery", "Mair"},
			{"visitor", "bicycle", ""},
			{"visitor", "rhodri", ""},
			{"Outsider", "bicycle", ""},
			{"Outsider", "Irina", ""},
		} {
			got := people(c.who, c.q)
			if (c.want == "" && len(got) != 0) || (c.want != "" && (len(got) != 1 || got[0] != c.want)) {
				t.Errorf("%s searching %q found people %v, want %q", c.who, c.q, got, c.want)
			}
		}
	})
}

// findCandidate returns the suggestion of one candidate, or fails.
func findCandidate(t *testing.T, mv app.MatchesView, typ commons.SubjectType, id string) app.MatchView {
	t.Helper()
	for _, m := range mv.Matches {
		if m.Type == typ && m.ID == id {
			return m
		}
	}
	t.Fatalf("%s %s is not among %v", typ, id, matchIDs(mv))
	return app.MatchView{}
}

// Organizations (by what they say and give) and activities still to come
// (by their words) are candidates for a learning request, with reasons;
// acting asks all the organization's admins, or registers the learner for
// the activity and tells its organizer — exactly once however often one acts.
func TestOrganizationsAndActivitiesAsCandidates(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		gwen := signUp(t, w.a, "Gwen", "en")
		w.people["Gwen"] = &gwen
		if _, err := w.a.Join(ctx, w.scope(t, "Gwen", "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
		club, err := w.a.CreateOrganization(ctx, w.scope(t, "Gwen", "cwm"), commons.OrganizationFields{Name: "Valley Cycling Club",
			Sector: commons.SectorNGO, Description: "We repair bicycles and teach riding."})
		if err != nil {
			t.Fatal(err)
		}
		start := w.a.Now().Add(48 * time.Hour)
		acts, err := w.a.CreateActivity(ctx, w.scope(t, "Author", "cwm"), commons.ActivityFields{Kind: commons.ActivityWorkshop,
			Title: "Bicycle repair workshop", Level: "all", OnlineURL: "https://meet.example.org/bikes", StartsAt: start,
			EndsAt: start.Add(time.Hour), Recurrence: "FREQ=WEEKLY;COUNT=3"})
		if err != nil {
			t.Fatal(err)
		}
		irina := w.scope(t, "Irina", "cwm")
		mv, err := w.a.Matches(ctx, irina, commons.SubjectProposal, w.proposal.ID)
		if err != nil {
			t.Fatal(err)
		}
		org := findCandidate(t, mv, commons.SubjectOrganization, club.ID)
		if org.Act != "ask" || org.OwnerSector != commons.SectorNGO || !hasReason(org, "words") {
			t.Errorf("the club: %+v", org)
		}
		act := findCandidate(t, mv, commons.SubjectActivity, acts[0].ID)
		if act.Act != "register" || !hasReason(act, "words") {
			t.Errorf("the workshop: %+v", act)
		}
		for _, m := range mv.Matches {
			if m.Type == commons.SubjectActivity && m.ID != acts[0].ID {
				t.Errorf("a later occurrence of the series is suggested too: %s", m.ID)
			}
		}
		// The club's admin sees the request's suggestion as their own to act on.
		gmv, err := w.a.Matches(ctx, w.scope(t, "Gwen", "cwm"), commons.SubjectProposal, w.proposal.ID)
		if err != nil {
			t.Fatal(err)
		}
		if g := findCandidate(t, gmv, commons.SubjectOrganization, club.ID); g.Act != "teach" {
			t.Errorf("the club's admin may %q", g.Act)
		}
		for range 2 {
			res, err := w.a.ActOnMatch(ctx, irina, commons.SubjectProposal, w.proposal.ID, commons.SubjectOrganization, club.ID, "")
			if err != nil || res.ResultType != app.ResultAsked || res.ResultID != club.ID {
				t.Fatalf("asking the club: %+v %v", res, err)
			}
			res, err = w.a.ActOnMatch(ctx, irina, commons.SubjectProposal, w.proposal.ID, commons.SubjectActivity, acts[0].ID, "")
			if err != nil || res.ResultType != app.ResultRegistration || res.Path != "/c/cwm/activities/"+acts[0].ID {
				t.Fatalf("registering: %+v %v", res, err)
			}
		}
		if n := countNotes(t, w.a, &gwen, commons.NotifyMatchAsked); n != 1 {
			t.Errorf("the club's admin was asked %d times", n)
		}
		if n := countNotes(t, w.a, w.people["Author"], commons.NotifyMatchRegistered); n != 1 {
			t.Errorf("the organizer was told %d times", n)
		}
		view, err := w.a.Activity(ctx, irina, acts[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if view.Mine != commons.Registered {
			t.Errorf("Irina's registration: %q", view.Mine)
		}
	})
}

func hasReason(m app.MatchView, code string) bool {
	for _, r := range m.Reasons {
		if r.Code == code {
			return true
		}
	}
	return false
}

// A suggestion acted on records what it led to when it happens — here a
// pledge accepted and an offer fulfilled — and the overview counts them.
func TestMatchOutcomes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		rhodri := w.scope(t, "Rhodri", "cwm")
		res, err := w.a.ActOnMatch(ctx, rhodri, commons.SubjectIntent, w.van.ID, commons.SubjectNeed, w.need.ID, "")
		if err != nil || res.ResultType != app.ResultPledge {
			t.Fatalf("pledging: %+v %v", res, err)
		}
		o, err := w.a.Overview(ctx, w.scope(t, "Author", "cwm"))
		if err != nil {
			t.Fatal(err)
		}
		if o.Brokered.Acted != 1 || len(o.Brokered.Outcomes) != 0 {
			t.Errorf("before the pledge is accepted: %+v", o.Brokered)
		}
		if _, err := w.a.DecidePledge(ctx, w.scope(t, "Mair", "cwm"), res.ResultID, true, nil); err != nil {
			t.Fatal(err)
		}
		// Irina asks for the van: she answers the offer; Rhodri fulfils it.
		req, err := w.a.PostIntent(ctx, w.scope(t, "Irina", "cwm"), commons.IntentFields{Direction: commons.IntentRequest,
			Kind: commons.KindEquipment, Title: "A van to move a piano"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.ActOnMatch(ctx, w.scope(t, "Irina", "cwm"), commons.SubjectIntent, req.ID, commons.SubjectIntent, w.van.ID, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.CloseIntent(ctx, rhodri, w.van.ID, commons.IntentFulfilled); err != nil {
			t.Fatal(err)
		}
		o, err = w.a.Overview(ctx, w.scope(t, "Author", "cwm"))
		if err != nil {
			t.Fatal(err)
		}
		if o.Brokered.Acted != 2 || o.Brokered.Outcomes[commons.MatchPledgeAccepted] != 1 || o.Brokered.Outcomes[commons.MatchFulfilled] != 1 {
			t.Errorf("outcomes %+v", o.Brokered)
		}
	})
}

// A learning champion suggests a pair to one side, with a note: they are
// told once, and can act on it; others may not suggest.
func TestSuggestMatch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		champion := w.scope(t, "Author", "cwm")
		mv, err := w.a.Matches(ctx, champion, commons.SubjectProposal, w.proposal.ID)
		if err != nil || !mv.MaySuggest {
			t.Fatalf("the champion's view: %v %v", mv.MaySuggest, err)
		}
		rhodri := w.people["Rhodri"]
		n, err := w.a.SuggestMatch(ctx, champion, commons.SubjectProposal, w.proposal.ID, commons.CandidatePerson, rhodri.ID, app.SideCandidate, "Irina would love this")
		if err != nil || n != 1 {
			t.Fatalf("suggesting: %d %v", n, err)
		}
		if _, err := w.a.SuggestMatch(ctx, champion, commons.SubjectProposal, w.proposal.ID, commons.CandidatePerson, rhodri.ID, app.SideCandidate, ""); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("again: %v", err)
		}
		if n := countNotes(t, w.a, rhodri, commons.NotifyMatchSuggested); n != 1 {
			t.Errorf("Rhodri was told %d times", n)
		}
		if n, err := w.a.SuggestMatch(ctx, champion, commons.SubjectProposal, w.proposal.ID, commons.CandidatePerson, rhodri.ID, app.SideSeeker, ""); err != nil || n != 1 {
			t.Errorf("to the learners: %d %v", n, err)
		}
		if n := countNotes(t, w.a, w.people["Irina"], commons.NotifyMatchSuggested); n != 1 {
			t.Errorf("Irina was told %d times", n)
		}
		irina := w.scope(t, "Irina", "cwm")
		if imv, _ := w.a.Matches(ctx, irina, commons.SubjectProposal, w.proposal.ID); imv.MaySuggest {
			t.Error("a member may suggest")
		}
		if _, err := w.a.SuggestMatch(ctx, irina, commons.SubjectProposal, w.proposal.ID, commons.CandidatePerson, rhodri.ID, app.SideCandidate, ""); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member suggesting: %v", err)
		}
		if _, err := w.a.SuggestMatch(ctx, champion, commons.SubjectProposal, w.proposal.ID, commons.CandidatePerson, rhodri.ID, "everyone", ""); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a bad side: %v", err)
		}
		// Told, Rhodri acts on it from the request's matches.
		res, err := w.a.ActOnMatch(ctx, w.scope(t, "Rhodri", "cwm"), commons.SubjectProposal, w.proposal.ID, commons.CandidatePerson, rhodri.ID, "")
		if err != nil || res.ResultType != app.ResultInterest {
			t.Errorf("acting on the suggestion: %+v %v", res, err)
		}
	})
}
