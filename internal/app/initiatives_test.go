package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// initiativeWorld is a community with one person in each standing that
// the initiative rules tell apart, and an initiative started by its founder.
type initiativeWorld struct {
	a      *app.App
	st     *store.Store
	people map[string]*commons.User // nil for the visitor
	orgID  string                   // an organization Ada administers
	init   commons.Initiative
}

// scope is the named person's scope in the community, resolved afresh.
func (w initiativeWorld) scope(t *testing.T, who string) app.Scope {
	t.Helper()
	s, err := w.a.Scope(context.Background(), w.people[who], "cwm")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newInitiativeWorld(t *testing.T, st *store.Store) initiativeWorld {
	t.Helper()
	ctx := context.Background()
	a := newApp(t, st, mailtest.New(t))
	w := initiativeWorld{a: a, st: st, people: map[string]*commons.User{"visitor": nil}}
	for _, name := range []string{"Founder", "Newcomer", "Editor", "Ada", "Outsider", "Helper"} {
		u := signUp(t, a, name, "en")
		w.people[name] = &u
	}
	if _, err := a.CreateCommunity(ctx, w.people["Founder"], commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Newcomer", "Editor", "Ada", "Helper"} {
		if _, err := a.Join(ctx, scopeIn(t, a, w.people[name], "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
	}
	// Editor is trusted for editor only, not member: the standing whose
	// controls drifted before.
	if err := a.GiveTrust(ctx, w.scope(t, "Founder"), w.people["Editor"].ID, commons.RoleEditor); err != nil {
		t.Fatal(err)
	}
	o, err := a.CreateOrganization(ctx, scopeIn(t, a, w.people["Ada"], "cwm"), commons.OrganizationFields{Name: "Hall Friends", Sector: commons.SectorNGO})
	if err != nil {
		t.Fatal(err)
	}
	w.orgID = o.ID
	if w.init, err = a.CreateInitiative(ctx, w.scope(t, "Founder"), commons.InitiativeFields{Title: "Choir", Summary: "Sing together"}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w initiativeWorld) need(t *testing.T) commons.Need {
	t.Helper()
	n, err := w.a.AddNeed(context.Background(), w.scope(t, "Founder"), w.init.ID, commons.NeedFields{Kind: commons.KindTime, Description: "Singers"})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Who may pledge, on an open and on a completed initiative; the page's
// answer (the view's May.Pledge) is exactly whether the pledge succeeds.
func TestPledgeRule(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		n := w.need(t)
		cases := []struct {
			who       string
			completed bool
			org       bool
			want      commons.Code
		}{
			{who: "visitor", want: commons.CodeUnauthenticated},
			{who: "Outsider", want: commons.CodeForbidden},
			{who: "Newcomer"},
			{who: "Editor"},
			{who: "Founder"},
			{who: "Ada", org: true},
			{who: "Helper", org: true, want: commons.CodeForbidden}, // not in Ada's organization
			{who: "Newcomer", completed: true, want: commons.CodeConflict},
			{who: "visitor", completed: true, want: commons.CodeUnauthenticated},
		}
		completed := false
		for _, c := range cases {
			if c.completed && !completed {
				s := w.scope(t, "Founder")
				for _, to := range []commons.InitiativeStatus{commons.InitiativeSeekingPartners, commons.InitiativeActive, commons.InitiativeCompleted} {
					if _, err := w.a.SetInitiativeStatus(ctx, s, w.init.ID, to); err != nil {
						t.Fatal(err)
					}
				}
				completed = true
			}
			s := w.scope(t, c.who)
			f := app.PledgeFields{Description: "I sing"}
			if c.org {
				f.OrgID = w.orgID
			}
			_, err := w.a.Pledge(ctx, s, n.ID, f)
			if commons.CodeOf(err) != c.want {
				t.Errorf("%s (completed %v, org %v): %v, want %q", c.who, c.completed, c.org, err, c.want)
			}
			v, err := w.a.Initiative(ctx, s, w.init.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !c.org && v.May.Pledge != (c.want == "") {
				t.Errorf("%s (completed %v): May.Pledge = %v, pledge answered %q", c.who, c.completed, v.May.Pledge, c.want)
			}
			if v.May.Pledge != v.Needs[0].May.Pledge {
				t.Errorf("%s: the need's Pledge %v differs from the initiative's %v", c.who, v.Needs[0].May.Pledge, v.May.Pledge)
			}
		}
	})
}

// Only the team runs an initiative, whatever their community role; the
// view's May.Run says so, and the status moves one step at a time.
func TestRunInitiativeRule(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		for _, c := range []struct {
			who  string
			want commons.Code
		}{
			{"visitor", commons.CodeUnauthenticated}, {"Outsider", commons.CodeForbidden}, {"Newcomer", commons.CodeForbidden},
			{"Editor", commons.CodeForbidden}, {"Founder", ""},
		} {
			s := w.scope(t, c.who)
			_, err := w.a.AddNeed(ctx, s, w.init.ID, commons.NeedFields{Kind: commons.KindSpace, Description: "A hall"})
			if commons.CodeOf(err) != c.want {
				t.Errorf("%s adds a need: %v, want %q", c.who, err, c.want)
			}
			v, err := w.a.Initiative(ctx, s, w.init.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.May.Run != (c.want == "") {
				t.Errorf("%s: May.Run = %v, adding a need answered %q", c.who, v.May.Run, c.want)
			}
		}
		s := w.scope(t, "Founder")
		for _, step := range []struct {
			to   commons.InitiativeStatus
			want commons.Code
		}{
			{commons.InitiativeActive, commons.CodeInvalid}, // skips seeking partners
			{commons.InitiativeSeekingPartners, ""},
			{commons.InitiativePaused, ""},
			{commons.InitiativeActive, commons.CodeInvalid}, // resumes only where it paused
			{commons.InitiativeSeekingPartners, ""},
			{commons.InitiativeIdea, commons.CodeInvalid}, // never back
		} {
			if _, err := w.a.SetInitiativeStatus(ctx, s, w.init.ID, step.to); commons.CodeOf(err) != step.want {
				t.Errorf("→ %s: %v, want %q", step.to, err, step.want)
			}
		}
	})
}

// The team decides a pledge once; the pledger hears of it, with a link to
// the initiative's page.
func TestDecidePledge(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		n := w.need(t)
		p, err := w.a.Pledge(ctx, w.scope(t, "Newcomer"), n.ID, app.PledgeFields{Description: "I sing alto"})
		if err != nil {
			t.Fatal(err)
		}
		v, _ := w.a.Initiative(ctx, w.scope(t, "Founder"), w.init.ID)
		if !v.Needs[0].Pledges[0].May.Decide {
			t.Error("the team may not decide a pending pledge")
		}
		v, _ = w.a.Initiative(ctx, w.scope(t, "Editor"), w.init.ID)
		if v.Needs[0].Pledges[0].May.Decide {
			t.Error("someone off the team may decide")
		}
		for _, c := range []struct {
			who  string
			want commons.Code
		}{{"Editor", commons.CodeForbidden}, {"Newcomer", commons.CodeForbidden}, {"Founder", ""}, {"Founder", commons.CodeConflict}} {
			if _, err := w.a.DecidePledge(ctx, w.scope(t, c.who), p.ID, true, nil); commons.CodeOf(err) != c.want {
				t.Errorf("%s decides: %v, want %q", c.who, err, c.want)
			}
		}
		v, _ = w.a.Initiative(ctx, w.scope(t, "Founder"), w.init.ID)
		if pv := v.Needs[0].Pledges[0]; pv.Status != commons.PledgeAccepted || pv.May.Decide {
			t.Errorf("after deciding: %s, may decide %v", pv.Status, pv.May.Decide)
		}
		notes, _, err := st.Notifications(ctx, w.people["Newcomer"].ID, commons.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 1 || notes[0].Kind != commons.NotifyPledgeAccepted || notes[0].Link != "/c/cwm/initiatives/"+w.init.ID {
			t.Errorf("the pledger's notifications: %+v", notes)
		}
	})
}

// The team adds members; anyone on it may leave or be removed by the
// team, never the last one; May.Remove answers alike.
func TestTeamRule(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		founder, newcomer := w.people["Founder"].ID, w.people["Newcomer"].ID
		steps := []struct {
			who, user string
			in        bool
			want      commons.Code
		}{
			{"Founder", founder, false, commons.CodeConflict},   // the last one stays
			{"Newcomer", newcomer, true, commons.CodeForbidden}, // not on the team
			{"Founder", w.people["Outsider"].ID, true, commons.CodeInvalid},
			{"Founder", newcomer, true, ""},
			{"Founder", newcomer, true, commons.CodeInvalid}, // already on it
			{"Editor", newcomer, false, commons.CodeForbidden},
			{"Newcomer", newcomer, false, ""}, // leaves
			{"Founder", newcomer, false, commons.CodeNotFound},
		}
		for _, c := range steps {
			s := w.scope(t, c.who)
			if !c.in {
				v, err := w.a.Initiative(ctx, s, w.init.ID)
				if err != nil {
					t.Fatal(err)
				}
				if v.May.Remove[c.user] != (c.want == "") {
					t.Errorf("%s removing %s: May.Remove = %v, want %q", c.who, c.user, v.May.Remove[c.user], c.want)
				}
			}
			if _, err := w.a.SetTeamMember(ctx, s, w.init.ID, c.user, c.in); commons.CodeOf(err) != c.want {
				t.Errorf("%s sets %s in=%v: %v, want %q", c.who, c.user, c.in, err, c.want)
			}
		}
	})
}

// The team proposes; a party's admin signs once for it and marks its
// commitments; others may not. The view's May.Sign and May.Mark answer
// exactly as the use cases do.
func TestPartnershipRules(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		prop := commons.PartnershipProposal{ReviewOn: w.a.Today(w.scope(t, "Founder").Community),
			Parties: []commons.PartyProposal{{OrgID: w.orgID, Role: "Lends the hall", Commitments: []commons.CommitmentProposal{{Description: "Open the doors"}}}}}
		if _, err := w.a.ProposePartnership(ctx, w.scope(t, "Editor"), w.init.ID, prop); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("editor off the team proposes: %v", err)
		}
		pv, err := w.a.ProposePartnership(ctx, w.scope(t, "Founder"), w.init.ID, prop)
		if err != nil {
			t.Fatal(err)
		}
		commitment := pv.Partnership.Current().Parties[0].Commitments[0].ID
		notes, _, _ := st.Notifications(ctx, w.people["Ada"].ID, commons.Page{Limit: 10})
		if len(notes) != 1 || notes[0].Kind != commons.NotifySignatureNeeded || notes[0].Link != "/c/cwm/initiatives/"+w.init.ID+"/partnership" {
			t.Errorf("the party's admin was not asked to sign: %+v", notes)
		}
		for _, c := range []struct {
			who        string
			sign, mark commons.Code
		}{
			{"visitor", commons.CodeUnauthenticated, commons.CodeUnauthenticated},
			{"Helper", commons.CodeForbidden, commons.CodeForbidden},
			{"Editor", commons.CodeForbidden, commons.CodeForbidden},
			{"Ada", "", ""},
			{"Ada", commons.CodeConflict, ""}, // signed already
		} {
			s := w.scope(t, c.who)
			v, err := w.a.Partnership(ctx, s, w.init.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.May.Sign[w.orgID] != (c.sign == "") || v.May.Mark[commitment] != (c.mark == "") {
				t.Errorf("%s: May.Sign %v, May.Mark %v; want sign %q, mark %q", c.who, v.May.Sign[w.orgID], v.May.Mark[commitment], c.sign, c.mark)
			}
			if _, err := w.a.Sign(ctx, s, pv.Partnership.ID, w.orgID, pv.Partnership.Version); commons.CodeOf(err) != c.sign {
				t.Errorf("%s signs: %v, want %q", c.who, err, c.sign)
			}
			if _, err := w.a.SetCommitmentStatus(ctx, s, commitment, commons.CommitmentKept, ""); commons.CodeOf(err) != c.mark {
				t.Errorf("%s marks: %v, want %q", c.who, err, c.mark)
			}
		}
		// The team marks every party's commitments.
		if _, err := w.a.SetCommitmentStatus(ctx, w.scope(t, "Founder"), commitment, commons.CommitmentMissed, "Rain"); err != nil {
			t.Errorf("the team marks: %v", err)
		}
		v, _ := w.a.Partnership(ctx, w.scope(t, "Founder"), w.init.ID)
		if v.Partnership.Status != commons.PartnershipActive {
			t.Errorf("signed by every party, yet %s", v.Partnership.Status)
		}
	})
}

// A thing of one community is not found through another's scope, and the
// history is for those who have joined.
func TestInitiativeScope(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		n := w.need(t)
		if _, err := w.a.CreateCommunity(ctx, w.people["Outsider"], commons.NewCommunity{Slug: "other", Name: "Other"}); err != nil {
			t.Fatal(err)
		}
		other, err := w.a.Scope(ctx, w.people["Outsider"], "other")
		if err != nil {
			t.Fatal(err)
		}
		// An initiative without a partnership has its page all the same,
		// with the form to propose one for the team.
		if v, err := w.a.Partnership(ctx, w.scope(t, "Founder"), w.init.ID); err != nil || v.Partnership != nil || !v.May.Propose {
			t.Errorf("no partnership yet: %+v, %v", v, err)
		}
		if _, err := w.a.Initiative(ctx, other, w.init.ID); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("initiative through another community: %v", err)
		}
		if _, err := w.a.Pledge(ctx, other, n.ID, app.PledgeFields{Description: "x"}); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("pledge through another community: %v", err)
		}
		for who, want := range map[string]commons.Code{"visitor": commons.CodeUnauthenticated, "Outsider": commons.CodeForbidden,
			"Newcomer": "", "Editor": ""} {
			s := w.scope(t, who)
			_, err := w.a.InitiativeHistory(ctx, s, w.init.ID)
			if commons.CodeOf(err) != want {
				t.Errorf("%s reads the history: %v, want %q", who, err, want)
			}
			v, _ := w.a.Initiative(ctx, s, w.init.ID)
			if v.May.ReadHistory != (want == "") {
				t.Errorf("%s: May.ReadHistory = %v", who, v.May.ReadHistory)
			}
		}
	})
}
