package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// mscWorld is the initiative world with a cycle open (by Founder, who
// edits) and four stories told: Newcomer's own; Olena's, collected by
// Helper for a person without an account; an anonymous one Helper
// collected; one Ada told and asked not to publish.
type mscWorld struct {
	initiativeWorld
	cycle                          app.MSCCycleView
	own, olena, anonymous, private app.StoryView
}

func story(domain, title string, kind commons.TellerKind, consent commons.Consent) commons.StoryFields {
	return commons.StoryFields{TellerKind: kind, Consent: consent, ConsentDate: today, When: "last spring", Where: "Miners' Hall",
		Domain: domain, Title: title, Text: "What happened: " + title, Why: "Why it matters: " + title, Language: "en"}
}

func newMSCWorld(t *testing.T, st *store.Store) mscWorld {
	t.Helper()
	ctx := context.Background()
	w := mscWorld{initiativeWorld: hoursWorld(t, st)}
	var err error
	w.cycle, err = w.a.OpenMSCCycle(ctx, w.scope(t, "Founder"), commons.MSCCycleFields{Title: "A year in Cwm", From: "2030-03-01", To: "2031-02-28",
		Question: "Looking back over the last year, what was the most significant change in your life? Why is it significant to you?"})
	if err != nil {
		t.Fatal(err)
	}
	tell := func(who string, f commons.StoryFields) app.StoryView {
		t.Helper()
		v, err := w.a.TellStory(ctx, w.scope(t, who), w.cycle.ID, f)
		if err != nil {
			t.Fatalf("%s tells %q: %v", who, f.Title, err)
		}
		return v
	}
	own := story("work", "I found work", commons.TellerMember, commons.ConsentPublish)
	own.Links = []commons.StoryLink{{Type: commons.SubjectInitiative, ID: w.init.ID}}
	w.own = tell("Newcomer", own)
	olena := story("learning", "Olena reads to her grandson", commons.TellerPerson, commons.ConsentPublishNoName)
	olena.TellerName, olena.Language = "Olena Kovalenko", "ru"
	w.olena = tell("Helper", olena)
	anon := story("work", "A second chance", commons.TellerAnonymous, commons.ConsentPublish)
	anon.TellerOrgID = w.orgID
	w.anonymous = tell("Helper", anon)
	w.private = tell("Ada", story("work", "What I could not say", commons.TellerMember, commons.ConsentPrivate))
	return w
}

// The whole flow, on both engines: stories → two levels of selection with
// reasons → feedback to tellers, collectors and lower panels → the
// report's selected stories with every panel's reasons.
func TestMSCFlow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMSCWorld(t, st)
		founder := w.scope(t, "Founder")
		p1, err := w.a.FormPanel(ctx, founder, w.cycle.ID, commons.PanelFields{Name: "Choir panel", Level: 1,
			MemberIDs: []string{w.people["Helper"].ID, w.people["Ada"].ID}})
		if err != nil {
			t.Fatal(err)
		}
		p2, err := w.a.FormPanel(ctx, founder, w.cycle.ID, commons.PanelFields{Name: "Community panel", Level: 2,
			MemberIDs: []string{w.people["Founder"].ID, w.people["Editor"].ID}})
		if err != nil {
			t.Fatal(err)
		}
		// Selecting waits for the cycle to move on.
		sel := commons.SelectionFields{StoryID: w.own.ID, Method: commons.MethodVote, VotesFor: 2, Reasons: "Work changes everything for a family."}
		if _, err := w.a.SelectStory(ctx, w.scope(t, "Helper"), p1.ID, sel); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("selecting while collecting: %v", err)
		}
		if _, err := w.a.AdvanceMSCCycle(ctx, founder, w.cycle.ID); err != nil {
			t.Fatal(err)
		}
		// Level 1 chooses per domain, with reasons; the private story is a
		// candidate to the panel.
		d, err := w.a.PanelDetail(ctx, w.scope(t, "Ada"), p1.ID)
		if err != nil {
			t.Fatal(err)
		}
		var work []string
		for _, dc := range d.Candidates {
			if dc.Domain == "work" {
				for _, s := range dc.Stories {
					work = append(work, s.Title)
				}
			}
		}
		if len(work) != 3 {
			t.Errorf("level 1 chooses in work from %v, want the three work stories", work)
		}
		before := countNotes(t, w.a, w.people["Newcomer"], commons.NotifyStorySelected)
		if _, err := w.a.SelectStory(ctx, w.scope(t, "Helper"), p1.ID, sel); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.SelectStory(ctx, w.scope(t, "Ada"), p1.ID, commons.SelectionFields{StoryID: w.olena.ID, Method: commons.MethodConsensus,
			Reasons: "Three generations learning together."}); err != nil {
			t.Fatal(err)
		}
		// The teller hears, with the reasons.
		if n := countNotes(t, w.a, w.people["Newcomer"], commons.NotifyStorySelected); n != before+1 {
			t.Errorf("the teller was told %d times, want once", n-before)
		}
		// Level 2 chooses from what level 1 put forward only.
		d2, err := w.a.PanelDetail(ctx, w.scope(t, "Editor"), p2.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, dc := range d2.Candidates {
			for _, s := range dc.Stories {
				if s.ID != w.own.ID && s.ID != w.olena.ID {
					t.Errorf("level 2 was offered %q, not selected below", s.Title)
				}
			}
		}
		if _, err := w.a.SelectStory(ctx, w.scope(t, "Editor"), p2.ID, commons.SelectionFields{StoryID: w.anonymous.ID, Method: commons.MethodConsensus,
			Reasons: "x"}); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("level 2 selecting a story level 1 did not: %v", err)
		}
		helperBefore := countNotes(t, w.a, w.people["Helper"], commons.NotifyStorySelected)
		top, err := w.a.SelectStory(ctx, w.scope(t, "Editor"), p2.ID, commons.SelectionFields{StoryID: w.olena.ID, Method: commons.MethodVote,
			VotesFor: 1, VotesAgainst: 1, Reasons: "Learning across languages is what this community is for.",
			Dissent: "The work story shows more change.", DissentBy: w.people["Founder"].ID})
		if err != nil {
			t.Fatal(err)
		}
		// Olena has no account: her collector hears (once, though he sits
		// on the lower panel too); the lower panel hears.
		if n := countNotes(t, w.a, w.people["Helper"], commons.NotifyStorySelected); n != helperBefore+1 {
			t.Errorf("the collector of a teller without an account was told %d times, want once", n-helperBefore)
		}
		if n := countNotes(t, w.a, w.people["Helper"], commons.NotifyPanelFeedback); n != 0 {
			t.Errorf("the collector heard twice: %d panel feedbacks", n)
		}
		if n := countNotes(t, w.a, w.people["Ada"], commons.NotifyPanelFeedback); n != 1 {
			t.Errorf("the lower panel's other member was told %d times, want once", n)
		}
		ns, _, err := w.a.Notifications(ctx, w.people["Ada"], commons.Page{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.Kind == commons.NotifyPanelFeedback && n.Args["Reasons"] != top.Reasons {
				t.Errorf("feedback carries %q, want the panel's reasons", n.Args["Reasons"])
			}
		}
		fb, err := w.a.MSCFeedback(ctx, founder, w.cycle.ID)
		if err != nil || len(fb) == 0 {
			t.Fatalf("feedback: %v %v", fb, err)
		}
		if _, err := w.a.AdvanceMSCCycle(ctx, founder, w.cycle.ID); err != nil {
			t.Fatal(err)
		}
		// The report: the top panel's story, with both panels' reasons and
		// the dissent — read by a visitor, without the teller's name (she
		// consented to publication without it).
		for _, who := range []string{"visitor", "Newcomer"} {
			got, err := w.a.SelectedStories(ctx, w.scope(t, who), app.MSCPeriod{From: "2031-01-01", To: "2031-12-31"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].Story.ID != w.olena.ID {
				t.Fatalf("%s: selected stories %+v, want Olena's", who, got)
			}
			if len(got[0].Selections) != 2 || got[0].Selections[0].Reasons == "" || got[0].Selections[1].Dissent == "" {
				t.Errorf("%s: selections %+v, want two with reasons and the dissent", who, got[0].Selections)
			}
			if got[0].Story.TellerName != "" {
				t.Errorf("%s reads the name of a teller who asked to publish without it", who)
			}
		}
		if got, _ := w.a.SelectedStories(ctx, w.scope(t, "visitor"), app.MSCPeriod{From: "2032-01-01"}); len(got) != 0 {
			t.Errorf("a later period holds %d stories", len(got))
		}
	})
}

// Selection rules: reasons are required (422), only panel members
// select, one selection per domain per panel, a panel member outside the
// community is not found.
func TestMSCSelectionRules(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMSCWorld(t, st)
		founder := w.scope(t, "Founder")
		if _, err := w.a.FormPanel(ctx, founder, w.cycle.ID, commons.PanelFields{Name: "P", Level: 1,
			MemberIDs: []string{w.people["Helper"].ID, w.people["Outsider"].ID}}); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("a panel with an outsider: %v, want not found", err)
		}
		if _, err := w.a.FormPanel(ctx, w.scope(t, "Helper"), w.cycle.ID, commons.PanelFields{Name: "P", Level: 1,
			MemberIDs: []string{w.people["Helper"].ID}}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member forming a panel: %v, want forbidden", err)
		}
		p, err := w.a.FormPanel(ctx, founder, w.cycle.ID, commons.PanelFields{Name: "P", Level: 1, MemberIDs: []string{w.people["Helper"].ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.AdvanceMSCCycle(ctx, founder, w.cycle.ID); err != nil {
			t.Fatal(err)
		}
		sel := commons.SelectionFields{StoryID: w.own.ID, Method: commons.MethodConsensus, Reasons: "  "}
		_, err = w.a.SelectStory(ctx, w.scope(t, "Helper"), p.ID, sel)
		if e := commons.ErrorOf(err); e == nil || e.Code != commons.CodeInvalid || e.Fields["reasons"].Key == "" {
			t.Errorf("a selection without reasons: %v, want invalid reasons", err)
		} else if e.Code.Status() != 422 {
			t.Errorf("a selection without reasons is %d, want 422", e.Code.Status())
		}
		sel.Reasons = "Because."
		for _, who := range []string{"Newcomer", "Founder"} {
			if _, err := w.a.SelectStory(ctx, w.scope(t, who), p.ID, sel); commons.CodeOf(err) != commons.CodeForbidden {
				t.Errorf("%s, not on the panel, selects: %v", who, err)
			}
		}
		if _, err := w.a.SelectStory(ctx, w.scope(t, "Helper"), p.ID, sel); err != nil {
			t.Fatal(err)
		}
		sel.StoryID = w.anonymous.ID // the same domain, work
		if _, err := w.a.SelectStory(ctx, w.scope(t, "Helper"), p.ID, sel); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("a second selection in a domain: %v, want conflict", err)
		}
		// No half-written records: still one selection.
		if xs, err := w.a.MSCSelections(ctx, founder, w.cycle.ID); err != nil || len(xs) != 1 {
			t.Errorf("selections %d, %v; want 1", len(xs), err)
		}
	})
}

// Anonymity and consent, at every way out of the use cases: an anonymous
// story's teller is known to its collector alone; "do not publish" keeps
// a story with its teller, collector and the panels; edits are the
// teller's or the collector's while the cycle collects.
func TestMSCPrivacy(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMSCWorld(t, st)
		founder := w.scope(t, "Founder")
		// The anonymous teller spoke for Ada's organization; whoever reads,
		// the collector alone sees who told it.
		for _, who := range []string{"visitor", "Newcomer", "Founder", "Ada", "Helper"} {
			v, err := w.a.Story(ctx, w.scope(t, who), w.anonymous.ID)
			if err != nil {
				t.Fatalf("%s reads the anonymous story: %v", who, err)
			}
			shown := v.ShowTeller || v.TellerOrgName != "" || v.CollectorName != ""
			if shown != (who == "Helper") {
				t.Errorf("%s sees the anonymous teller or collector: %v (%+v)", who, shown, v.Story)
			}
		}
		// The private story: its teller reads it, a visitor and a member
		// do not, in the list, the CSV rows and by id.
		for _, c := range []struct {
			who  string
			read bool
		}{{"visitor", false}, {"Newcomer", false}, {"Ada", true}} {
			_, err := w.a.Story(ctx, w.scope(t, c.who), w.private.ID)
			if (err == nil) != c.read {
				t.Errorf("%s reads the private story: %v", c.who, err)
			}
			page, err := w.a.Stories(ctx, w.scope(t, c.who), w.cycle.ID, commons.StoryFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var csv strings.Builder
			for _, v := range page.Stories {
				csv.WriteString(strings.Join(app.StoryCSVRow(v), ",") + "\n")
			}
			if strings.Contains(csv.String(), "What I could not say") != c.read {
				t.Errorf("%s's export holds the private story: %v", c.who, !c.read)
			}
			if strings.Contains(csv.String(), w.people["Helper"].Name) && c.who != "Helper" {
				// Helper collected two stories; only Olena's names him to
				// members, never the anonymous one to anyone else.
				for _, v := range page.Stories {
					if v.ID == w.anonymous.ID && v.CollectorName != "" {
						t.Errorf("%s's export names the anonymous story's collector", c.who)
					}
				}
			}
		}
		// A panel member reads the private story once on a panel.
		if _, err := w.a.FormPanel(ctx, founder, w.cycle.ID, commons.PanelFields{Name: "P", Level: 1, MemberIDs: []string{w.people["Newcomer"].ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Story(ctx, w.scope(t, "Newcomer"), w.private.ID); err != nil {
			t.Errorf("a panel member reads the private story: %v", err)
		}
		// Olena consented to publication without her name: members of the
		// panel see it, a visitor does not.
		if v, _ := w.a.Story(ctx, w.scope(t, "visitor"), w.olena.ID); v.TellerName != "" {
			t.Error("a visitor reads a name the teller withheld")
		}
		if v, _ := w.a.Story(ctx, w.scope(t, "Newcomer"), w.olena.ID); v.TellerName != "Olena Kovalenko" {
			t.Errorf("a panel member reads %q", v.TellerName)
		}
		// Counts: three work stories and one learning for the panel.
		page, err := w.a.Stories(ctx, w.scope(t, "Newcomer"), w.cycle.ID, commons.StoryFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"work": 3, "learning": 1}
		for _, c := range page.Counts.ByDomain {
			if want[c.Key] != c.Count {
				t.Errorf("domain %s counts %d, want %d", c.Key, c.Count, want[c.Key])
			}
		}
		sectors := map[string]int{}
		for _, c := range page.Counts.BySector {
			sectors[c.Key] = c.Count
		}
		if sectors[commons.CitizenSector] != 3 || sectors[string(commons.SectorNGO)] != 1 {
			t.Errorf("sectors %v, want 3 citizen and 1 ngo", sectors)
		}
		// Edits: the collector may, another member may not, nobody once
		// the cycle selects.
		f := story("work", "A second chance, retold", commons.TellerAnonymous, commons.ConsentPublish)
		if _, err := w.a.EditStory(ctx, w.scope(t, "Newcomer"), w.anonymous.ID, f); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("another member edits: %v", err)
		}
		if _, err := w.a.EditStory(ctx, w.scope(t, "Helper"), w.anonymous.ID, f); err != nil {
			t.Errorf("the collector edits: %v", err)
		}
		if _, err := w.a.AdvanceMSCCycle(ctx, founder, w.cycle.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.EditStory(ctx, w.scope(t, "Helper"), w.anonymous.ID, f); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("the collector edits while the panels select: %v", err)
		}
		if _, err := w.a.TellStory(ctx, w.scope(t, "Newcomer"), w.cycle.ID, f); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("a story told while the panels select: %v", err)
		}
		// Verification: the panel member notes how they checked.
		if _, err := w.a.VerifyStory(ctx, w.scope(t, "Newcomer"), w.own.ID, commons.VerificationFields{How: "Phoned the employer", CheckedOn: today}); err != nil {
			t.Errorf("a panel member verifies: %v", err)
		}
		if _, err := w.a.VerifyStory(ctx, w.scope(t, "Ada"), w.own.ID, commons.VerificationFields{How: "Asked", CheckedOn: today}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member not on a panel verifies: %v", err)
		}
		if v, _ := w.a.Story(ctx, w.scope(t, "visitor"), w.own.ID); len(v.Verifications) != 1 || v.Verifications[0].How != "Phoned the employer" {
			t.Errorf("verifications %+v", v.Verifications)
		}
	})
}

// Bad input is refused with the field to fix.
func TestMSCBadInput(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMSCWorld(t, st)
		ok := story("work", "Fine", commons.TellerMember, commons.ConsentPublish)
		with := func(change func(*commons.StoryFields)) commons.StoryFields { f := ok; change(&f); return f }
		cases := []struct {
			f     commons.StoryFields
			field string
		}{
			{with(func(f *commons.StoryFields) { f.Domain = "astrology" }), "domain"},
			{with(func(f *commons.StoryFields) { f.Why = "" }), "why"},
			{with(func(f *commons.StoryFields) { f.Consent = "maybe" }), "consent"},
			{with(func(f *commons.StoryFields) { f.ConsentDate = "2031-03-02" }), "consent_date"},
			{with(func(f *commons.StoryFields) { f.TellerKind = commons.TellerGroup }), "teller_name"},
			{with(func(f *commons.StoryFields) { f.TellerUserID = w.people["Outsider"].ID }), "teller_user_id"},
			{with(func(f *commons.StoryFields) {
				f.Links = []commons.StoryLink{{Type: commons.SubjectInitiative, ID: "nope"}}
			}), "links"},
			{with(func(f *commons.StoryFields) { f.Language = "" }), "language"},
		}
		for _, c := range cases {
			_, err := w.a.TellStory(ctx, w.scope(t, "Newcomer"), w.cycle.ID, c.f)
			if e := commons.ErrorOf(err); e == nil || e.Code != commons.CodeInvalid || e.Fields[c.field].Key == "" {
				t.Errorf("%s: %v", c.field, err)
			}
		}
		if _, err := w.a.OpenMSCCycle(ctx, w.scope(t, "Founder"), commons.MSCCycleFields{Title: "x", From: "2031-02-01", To: "2031-01-01", Question: "q"}); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a period ending before it starts: %v", err)
		}
		if _, err := w.a.OpenMSCCycle(ctx, w.scope(t, "Newcomer"), commons.MSCCycleFields{Title: "x", From: "2031-01-01", To: "2031-02-01", Question: "q"}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member opens a cycle: %v", err)
		}
		if _, err := w.a.TellStory(ctx, w.scope(t, "Outsider"), w.cycle.ID, ok); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("an outsider tells a story: %v", err)
		}
	})
}
