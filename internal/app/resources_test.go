package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// resourceWorld is a community with the people the resource rules tell
// apart, and two resources: one a person owns, one an organization owns.
type resourceWorld struct {
	a      *app.App
	people map[string]*commons.User // by persona; "visitor" is nil
	hall   string                   // Ffion's, approval by request
	room   string                   // the library's, approval trusted
	slot   func() (time.Time, time.Time)
}

// The personae, in the order the tables list them.
var personae = []string{"visitor", "outsider", "newcomer", "member", "editor only", "owner", "org admin", "org member", "resource steward"}

func newResourceWorld(t *testing.T, st *store.Store) *resourceWorld {
	t.Helper()
	ctx := context.Background()
	a := newApp(t, st, mailtest.New(t))
	w := &resourceWorld{a: a, people: map[string]*commons.User{"visitor": nil}}
	founder := signUp(t, a, "Carys", "en")
	if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
		t.Fatal(err)
	}
	fs := w.scope(t, &founder)
	names := map[string]string{"outsider": "Owain", "newcomer": "Nia", "member": "Mererid", "editor only": "Elis", "owner": "Ffion",
		"org admin": "Gareth", "org member": "Olwen", "resource steward": "Sian"}
	roles := map[string]commons.Role{"member": commons.RoleMember, "editor only": commons.RoleEditor, "owner": commons.RoleMember,
		"org admin": commons.RoleMember, "org member": commons.RoleMember, "resource steward": commons.RoleMember}
	for _, p := range personae[1:] {
		u := signUp(t, a, names[p], "en")
		w.people[p] = &u
		if p == "outsider" {
			continue
		}
		if _, err := a.Join(ctx, scopeIn(t, a, &u, "cwm"), "", nil); err != nil {
			t.Fatal(p, err)
		}
		if role, ok := roles[p]; ok {
			if err := a.GiveTrust(ctx, fs, u.ID, role); err != nil {
				t.Fatal(p, err)
			}
		}
	}
	admin := w.people["org admin"]
	org, err := a.CreateOrganization(ctx, scopeIn(t, a, admin, "cwm"), commons.OrganizationFields{Name: "Library", Sector: commons.SectorPublicAuthority})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetOrgMember(ctx, scopeIn(t, a, admin, "cwm"), org.ID, w.people["org member"].ID, commons.OrgMember); err != nil {
		t.Fatal(err)
	}
	hall, err := a.CreateResource(ctx, w.scope(t, w.people["owner"]), commons.ResourceFields{Kind: commons.KindSpace, Title: "Hall",
		Terms: commons.TermsFree, Bookable: true, Approval: commons.ApprovalRequest})
	if err != nil {
		t.Fatal(err)
	}
	room, err := a.CreateResource(ctx, w.scope(t, admin), commons.ResourceFields{Kind: commons.KindSpace, Title: "Room",
		OwnerOrgID: org.ID, Terms: commons.TermsFree, Bookable: true, Approval: commons.ApprovalTrusted})
	if err != nil {
		t.Fatal(err)
	}
	w.hall, w.room = hall.ID, room.ID
	if err := a.TrustForResource(ctx, w.scope(t, admin), room.ID, w.people["resource steward"].ID); err != nil {
		t.Fatal(err)
	}
	day := 1
	base := a.Now().UTC().Truncate(24 * time.Hour).Add(10 * time.Hour)
	w.slot = func() (time.Time, time.Time) {
		day++
		start := base.AddDate(0, 0, day)
		return start, start.Add(time.Hour)
	}
	return w
}

func (w *resourceWorld) scope(t *testing.T, u *commons.User) app.Scope {
	t.Helper()
	s, err := w.a.Scope(context.Background(), u, "cwm")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// request books a slot of a resource as someone, failing the test if
// it is refused.
func (w *resourceWorld) request(t *testing.T, who, resource, purpose string) app.BookingView {
	t.Helper()
	start, end := w.slot()
	out, err := w.a.Book(context.Background(), w.scope(t, w.people[who]), resource, app.BookingRequest{Start: start, End: end, Purpose: purpose})
	if err != nil {
		t.Fatalf("%s books: %v", who, err)
	}
	return out.Bookings[0]
}

// wantAllowed checks the outcome a use case should have for a person the rule allows
// or refuses: a visitor is asked to sign in, others are forbidden.
func wantAllowed(t *testing.T, what, who string, allowed bool, err error) {
	t.Helper()
	switch {
	case allowed && err != nil:
		t.Errorf("%s, %s: %v, want allowed", who, what, err)
	case !allowed && who == "visitor" && commons.CodeOf(err) != commons.CodeUnauthenticated:
		t.Errorf("%s, %s: %v, want unauthenticated", who, what, err)
	case !allowed && who != "visitor" && commons.CodeOf(err) != commons.CodeForbidden:
		t.Errorf("%s, %s: %v, want forbidden", who, what, err)
	}
}

// Who may edit a resource, decide its bookings and book it: the read
// model's May answers, and each use case succeeds exactly when it says so.
func TestResourceRulesEnforcedAsShown(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)
		type may struct{ edit, decide, book bool }
		cases := []struct {
			who        string
			hall, room may
		}{
			{"visitor", may{}, may{}},
			{"outsider", may{}, may{}},
			{"newcomer", may{book: true}, may{book: true}},
			{"member", may{book: true}, may{book: true}},
			// Trusted as an editor of the community, not for the resource.
			{"editor only", may{book: true}, may{book: true}},
			{"owner", may{true, true, true}, may{book: true}},
			{"org admin", may{book: true}, may{true, true, true}},
			// A member of the owning organization books it without asking,
			// but decides nothing.
			{"org member", may{book: true}, may{book: true}},
			{"resource steward", may{book: true}, may{decide: true, book: true}},
		}
		for _, c := range cases {
			s := w.scope(t, w.people[c.who])
			for _, r := range []struct {
				id   string
				want may
			}{{w.hall, c.hall}, {w.room, c.room}} {
				rv, err := w.a.Resource(ctx, s, r.id)
				if err != nil {
					t.Fatal(err)
				}
				if got := (may{rv.May.Edit, rv.May.Decide, rv.May.Book}); got != r.want {
					t.Errorf("%s on %s: May %+v, want %+v", c.who, rv.Title, got, r.want)
				}
				_, err = w.a.ReplaceResource(ctx, s, r.id, commons.ResourceReplacement{Fields: rv.Resource.Fields()})
				wantAllowed(t, "edits "+rv.Title, c.who, r.want.edit, err)
				err = w.a.SetAvailability(ctx, s, r.id, commons.Availability{})
				wantAllowed(t, "sets the hours of "+rv.Title, c.who, r.want.edit, err)

				// A fresh request, by a member, for each decision: under both
				// policies a member's booking waits.
				b := w.request(t, "member", r.id, "Choir")
				if b.Status != commons.BookingRequested {
					t.Fatalf("%s, member: %s", rv.Title, b.Status)
				}
				_, err = w.a.DecideBooking(ctx, s, b.ID, true, "")
				wantAllowed(t, "confirms on "+rv.Title, c.who, r.want.decide, err)

				start, end := w.slot()
				_, err = w.a.Book(ctx, s, r.id, app.BookingRequest{Start: start, End: end})
				wantAllowed(t, "books "+rv.Title, c.who, r.want.book, err)
			}
		}
	})
}

// A booking's purpose and requester reach only those who may see them:
// the requester, the resource's stewards, and everyone where the owner
// publishes the titles.
func TestBookingPurposeBlankedForOthers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)
		w.request(t, "member", w.room, "Choir")
		see := map[string]bool{"member": true, "org admin": true, "resource steward": true}
		list := func(who string, publicTitles bool) []app.BookingView {
			t.Helper()
			s := w.scope(t, w.people[who])
			rv, err := w.a.Resource(ctx, s, w.room)
			if err != nil {
				t.Fatal(err)
			}
			rv.PublicTitles = publicTitles
			bs, err := w.a.Bookings(ctx, s, rv, w.a.Now(), w.a.Now().AddDate(0, 0, 30))
			if err != nil || len(bs) != 1 {
				t.Fatalf("%s: %d bookings, %v", who, len(bs), err)
			}
			return bs
		}
		for _, who := range personae {
			for _, public := range []bool{false, true} {
				b := list(who, public)[0]
				want := see[who] || public
				// The requester's name, besides, follows the person's own
				// choice: those outside the community see it only where the
				// requester made their profile public (they did not here).
				wantName := want && who != "visitor" && who != "outsider"
				if b.May.SeePurpose != want || (b.Purpose == "Choir") != want || (b.RequesterID != "") != want || (b.RequesterName != "") != wantName {
					t.Errorf("%s (public titles %v): SeePurpose %v, purpose %q, requester %q %q; want shown=%v",
						who, public, b.May.SeePurpose, b.Purpose, b.RequesterID, b.RequesterName, want)
				}
			}
		}
		// The public feed shows what a visitor sees, whoever fetches it.
		_, feed, err := w.a.ResourceFeed(ctx, w.scope(t, w.people["org admin"]), w.room, w.a.Now(), w.a.Now().AddDate(0, 0, 30))
		if err != nil || len(feed) != 1 || feed[0].Purpose != "" {
			t.Errorf("feed fetched by a steward: %+v, %v", feed, err)
		}
	})
}

func TestMaySeePurposeRule(t *testing.T) {
	b := commons.Booking{RequesterID: "req"}
	cases := []struct {
		name   string
		public bool
		st     commons.ResourceStanding
		want   bool
	}{
		{"visitor", false, commons.ResourceStanding{}, false},
		{"visitor, public titles", true, commons.ResourceStanding{}, true},
		{"requester", false, commons.ResourceStanding{UserID: "req"}, true},
		{"someone else", false, commons.ResourceStanding{UserID: "x"}, false},
		{"owner", false, commons.ResourceStanding{UserID: "x", Owner: true}, true},
		{"org admin", false, commons.ResourceStanding{UserID: "x", OrgRole: commons.OrgAdmin}, true},
		{"org member", false, commons.ResourceStanding{UserID: "x", OrgRole: commons.OrgMember}, false},
		{"trusted", false, commons.ResourceStanding{UserID: "x", Trusted: true}, true},
	}
	for _, c := range cases {
		if got := commons.MaySeePurpose(commons.Resource{PublicTitles: c.public}, b, c.st); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// The approval policy, the transitions of a booking and who may move
// them on.
func TestBookingTransitions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)

		// Trusted approval confirms for the organization's people and
		// those trusted for the room, and asks for everyone else.
		for who, want := range map[string]commons.BookingStatus{"org member": commons.BookingConfirmed,
			"org admin": commons.BookingConfirmed, "resource steward": commons.BookingConfirmed,
			"member": commons.BookingRequested, "editor only": commons.BookingRequested} {
			if b := w.request(t, who, w.room, "x"); b.Status != want {
				t.Errorf("%s books the room: %s, want %s", who, b.Status, want)
			}
		}

		// A request tells the stewards, with a link to the resource's page.
		b := w.request(t, "member", w.hall, "Choir")
		owner := w.people["owner"]
		notes, _, err := w.a.Notifications(ctx, owner, commons.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) == 0 || notes[0].Kind != commons.NotifyBookingRequested || notes[0].Link != "/c/cwm/resources/"+w.hall {
			t.Fatalf("the owner's notifications: %+v", notes)
		}

		// Only the requester or a steward cancels.
		if err := w.a.CancelBooking(ctx, w.scope(t, w.people["editor only"]), b.ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("someone else cancels: %v", err)
		}
		// Decided once; a second decision is a conflict.
		os := w.scope(t, owner)
		if got, err := w.a.DecideBooking(ctx, os, b.ID, false, "Closed for repairs"); err != nil || got.Status != commons.BookingDeclined {
			t.Fatalf("decline: %v %v", got.Status, err)
		}
		if _, err := w.a.DecideBooking(ctx, os, b.ID, true, ""); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("confirm after decline: %v", err)
		}
		notes, _, _ = w.a.Notifications(ctx, w.people["member"], commons.Page{})
		if len(notes) == 0 || notes[0].Kind != commons.NotifyBookingDeclined || notes[0].Link != "/me/bookings" {
			t.Errorf("the requester's notifications: %+v", notes)
		}

		// Two requests for one slot: confirming the second after the first
		// is a conflict.
		start, end := w.slot()
		ms, es := w.scope(t, w.people["member"]), w.scope(t, w.people["editor only"])
		first, err := w.a.Book(ctx, ms, w.hall, app.BookingRequest{Start: start, End: end})
		if err != nil {
			t.Fatal(err)
		}
		second, err := w.a.Book(ctx, es, w.hall, app.BookingRequest{Start: start, End: end})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.DecideBooking(ctx, os, first.Bookings[0].ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.DecideBooking(ctx, os, second.Bookings[0].ID, true, ""); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("confirm over a confirmed booking: %v", err)
		}

		// Moving a booking under a request policy asks again, and the
		// stewards hear of it with the move.
		before, _, _ := w.a.Notifications(ctx, owner, commons.Page{})
		ns, ne := w.slot()
		moved, err := w.a.MoveBooking(ctx, ms, first.Bookings[0].ID, ns, ne)
		if err != nil || moved.Status != commons.BookingRequested {
			t.Fatalf("move: %v %v", moved.Status, err)
		}
		after, _, _ := w.a.Notifications(ctx, owner, commons.Page{})
		if len(after) != len(before)+1 {
			t.Errorf("the owner has %d notifications after the move, want %d", len(after), len(before)+1)
		}
		if _, err := w.a.MoveBooking(ctx, es, first.Bookings[0].ID, ns, ne); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("someone else moves it: %v", err)
		}

		// The requester cancels; a second cancel is a conflict.
		if err := w.a.CancelBooking(ctx, ms, first.Bookings[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := w.a.CancelBooking(ctx, ms, first.Bookings[0].ID); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("cancel twice: %v", err)
		}
		mine, err := w.a.MyBookings(ctx, w.people["member"])
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range mine {
			active := b.Status == commons.BookingRequested || b.Status == commons.BookingConfirmed
			if b.May.Cancel != active || !b.May.SeePurpose {
				t.Errorf("my booking %s: May %+v", b.Status, b.May)
			}
		}
	})
}

// Trust for one resource: its stewards give it; those who may edit the
// resource take anyone's back, a trusted steward only what they gave.
func TestResourceTrustRevoke(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)
		steward := w.scope(t, w.people["resource steward"])
		if err := w.a.TrustForResource(ctx, w.scope(t, w.people["member"]), w.room, w.people["newcomer"].ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member trusts: %v", err)
		}
		if err := w.a.TrustForResource(ctx, steward, w.room, w.people["member"].ID); err != nil {
			t.Fatal(err)
		}
		rv, err := w.a.Resource(ctx, steward, w.room)
		if err != nil {
			t.Fatal(err)
		}
		trusted, err := w.a.ResourceTrusted(ctx, rv)
		if err != nil {
			t.Fatal(err)
		}
		mayRevoke := map[string]bool{}
		for _, p := range trusted {
			mayRevoke[p.UserID] = p.May.Revoke
		}
		// Sian was trusted by the admin, not by herself; Mererid by Sian.
		if len(mayRevoke) != 2 || mayRevoke[w.people["resource steward"].ID] || !mayRevoke[w.people["member"].ID] {
			t.Errorf("the steward may revoke: %v", mayRevoke)
		}
		if err := w.a.RevokeResourceTrust(ctx, steward, w.room, w.people["resource steward"].ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("the steward revokes what the admin gave: %v", err)
		}
		if err := w.a.RevokeResourceTrust(ctx, steward, w.room, w.people["member"].ID); err != nil {
			t.Errorf("the steward revokes what she gave: %v", err)
		}
		if err := w.a.RevokeResourceTrust(ctx, w.scope(t, w.people["org admin"]), w.room, w.people["resource steward"].ID); err != nil {
			t.Errorf("the admin revokes: %v", err)
		}
		// Without trust, Sian decides nothing any more.
		if rv, err := w.a.Resource(ctx, steward, w.room); err != nil || rv.May.Decide {
			t.Errorf("after the revoke: May %+v, %v", rv.May, err)
		}
	})
}

// A thing of another community is not found through this one's scope.
func TestResourceOfAnotherCommunityNotFound(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)
		owner := w.people["owner"]
		if _, err := w.a.CreateCommunity(ctx, owner, commons.NewCommunity{Slug: "other", Name: "Other"}); err != nil {
			t.Fatal(err)
		}
		other, err := w.a.Scope(ctx, owner, "other")
		if err != nil {
			t.Fatal(err)
		}
		b := w.request(t, "member", w.hall, "Choir")
		start, end := w.slot()
		for what, err := range map[string]error{
			"resource": func() error { _, err := w.a.Resource(ctx, other, w.hall); return err }(),
			"update": func() error {
				_, err := w.a.ReplaceResource(ctx, other, w.hall, commons.ResourceReplacement{Fields: commons.ResourceFields{Title: "Mine", Kind: commons.KindSpace}})
				return err
			}(),
			"book": func() error {
				_, err := w.a.Book(ctx, other, w.hall, app.BookingRequest{Start: start, End: end})
				return err
			}(),
			"decide": func() error { _, err := w.a.DecideBooking(ctx, other, b.ID, true, ""); return err }(),
			"cancel": w.a.CancelBooking(ctx, other, b.ID),
		} {
			if commons.CodeOf(err) != commons.CodeNotFound {
				t.Errorf("%s through another community: %v, want not found", what, err)
			}
		}
	})
}
