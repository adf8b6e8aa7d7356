package app_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// overviewLines lists an overview's subject ids by section, and the
// seekers of its best matches.
func overviewLines(t *testing.T, w matchWorld) (map[string][]string, []string) {
	t.Helper()
	o, err := w.a.Overview(context.Background(), w.scope(t, "Author", "cwm"))
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string][]string{}
	for _, s := range o.Sections {
		for _, l := range s.Lines {
			lines[s.Name] = append(lines[s.Name], l.SubjectID)
		}
	}
	var best []string
	for _, b := range o.BestMatches {
		best = append(best, b.Seeker.ID)
	}
	return lines, best
}

// digestSeekers lists what a person's "new matches for you" are about.
func digestSeekers(t *testing.T, w matchWorld, name string) []string {
	t.Helper()
	now := w.a.Now()
	ms, err := w.a.NewMatchesFor(context.Background(), *w.people[name], now.Add(-time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		out = append(out, m.Intent.SubjectID)
	}
	return out
}

// A learning request hidden by peers, and what a suspended person wrote,
// leave the matches, the overview and the digest exactly as they leave
// the directories; nothing is lost, so they come back when shown again.
func TestHiddenThingsLeaveMatchesAndOverview(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		teach, err := w.a.PostIntent(ctx, w.scope(t, "Rhodri", "cwm"), commons.IntentFields{Direction: commons.IntentOffer,
			Kind: commons.KindSkill, Title: "I teach bicycle repair"})
		if err != nil {
			t.Fatal(err)
		}
		reverse := func() []string {
			mv, err := w.a.Matches(ctx, w.scope(t, "Rhodri", "cwm"), commons.SubjectIntent, teach.ID)
			if err != nil {
				t.Fatal(err)
			}
			return matchIDs(mv)
		}
		if !slices.Contains(reverse(), "proposal:"+w.proposal.ID) {
			t.Fatalf("the offer to teach does not meet Irina's request: %v", reverse())
		}
		lines, best := overviewLines(t, w)
		if !slices.Contains(lines["proposals_without_teacher"], w.proposal.ID) || !slices.Contains(best, w.proposal.ID) {
			t.Fatalf("before: overview %v, best %v", lines, best)
		}
		if !slices.Contains(digestSeekers(t, w, "Irina"), w.proposal.ID) {
			t.Fatal("before: Irina's digest lacks her request")
		}

		// A steward's report hides Irina's request.
		if hidden, err := w.a.Flag(ctx, w.scope(t, "Author", "cwm"), commons.SubjectProposal, w.proposal.ID, "Spam"); err != nil || !hidden {
			t.Fatalf("flag: %v %v", hidden, err)
		}
		if slices.Contains(reverse(), "proposal:"+w.proposal.ID) {
			t.Errorf("a hidden request is still a match: %v", reverse())
		}
		if _, err := w.a.Matches(ctx, w.scope(t, "Irina", "cwm"), commons.SubjectProposal, w.proposal.ID); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("a hidden request still has matches: %v", err)
		}
		lines, best = overviewLines(t, w)
		if slices.Contains(lines["proposals_without_teacher"], w.proposal.ID) || slices.Contains(best, w.proposal.ID) {
			t.Errorf("a hidden request is in the overview: %v, best %v", lines, best)
		}
		if slices.Contains(digestSeekers(t, w, "Irina"), w.proposal.ID) {
			t.Error("a hidden request is in its author's digest")
		}

		// Rhodri suspended: his offers and his know-how are no one's match.
		needMatches := func() []string {
			mv, err := w.a.Matches(ctx, w.scope(t, "Mair", "cwm"), commons.SubjectNeed, w.need.ID)
			if err != nil {
				t.Fatal(err)
			}
			return matchIDs(mv)
		}
		if !slices.Contains(needMatches(), "intent:"+w.van.ID) {
			t.Fatalf("before: the van does not meet the need: %v", needMatches())
		}
		if err := w.a.AdminSuspend(ctx, "rhodri@example.org", true); err != nil {
			t.Fatal(err)
		}
		if got := needMatches(); slices.Contains(got, "intent:"+w.van.ID) {
			t.Errorf("a suspended person's offer is a match: %v", got)
		}
		if slices.Contains(digestSeekers(t, w, "Mair"), w.need.ID) {
			t.Error("the digest offers a suspended person's van")
		}
		if err := w.a.AdminSuspend(ctx, "rhodri@example.org", false); err != nil {
			t.Fatal(err)
		}

		// Mair suspended: her initiative's need leaves the overview and
		// the offers it could meet.
		vanReverse := func() []string {
			mv, err := w.a.Matches(ctx, w.scope(t, "Rhodri", "cwm"), commons.SubjectIntent, w.van.ID)
			if err != nil {
				t.Fatal(err)
			}
			return matchIDs(mv)
		}
		if !slices.Contains(vanReverse(), "need:"+w.need.ID) {
			t.Fatalf("before: the van does not meet the need: %v", vanReverse())
		}
		if err := w.a.AdminSuspend(ctx, "mair@example.org", true); err != nil {
			t.Fatal(err)
		}
		if got := vanReverse(); slices.Contains(got, "need:"+w.need.ID) {
			t.Errorf("a suspended person's need is a match: %v", got)
		}
		if lines, best := overviewLines(t, w); slices.Contains(lines["unmet_needs"], w.need.ID) || slices.Contains(best, w.need.ID) {
			t.Errorf("a suspended person's need is in the overview: %v, best %v", lines, best)
		}
		if err := w.a.AdminSuspend(ctx, "mair@example.org", false); err != nil {
			t.Fatal(err)
		}
		if lines, _ := overviewLines(t, w); !slices.Contains(lines["unmet_needs"], w.need.ID) {
			t.Errorf("the need is not back: %v", lines)
		}
	})
}
