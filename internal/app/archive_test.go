package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// found reports whether a search for q finds the thing.
func found(t *testing.T, a *app.App, s app.Scope, q, id string) bool {
	t.Helper()
	hits, err := a.Search(context.Background(), s, q)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.ID == id {
			return true
		}
	}
	return false
}

// Archiving a resource, below HTTP, on both engines: who may (the view's
// May.Archive says exactly that), that bookings still to come keep it
// from being archived (409, listing them), and what an archived resource
// is: out of the directory and search, still at its address, not
// bookable — until it is restored.
func TestArchiveResource(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)
		a := w.a
		for _, who := range personae {
			s := w.scope(t, w.people[who])
			for _, id := range []string{w.hall, w.room} {
				view, err := a.Resource(ctx, s, id)
				if err != nil {
					t.Fatal(who, err)
				}
				err = a.ArchiveResource(ctx, s, id, true)
				wantAllowed(t, "archive "+view.Title, who, view.May.Archive, err)
				if err == nil {
					if err := a.ArchiveResource(ctx, s, id, false); err != nil {
						t.Fatalf("%s restores %s: %v", who, view.Title, err)
					}
				}
			}
		}
		if !found(t, a, w.scope(t, w.people["member"]), "Hall", w.hall) {
			t.Fatal("the hall is not found before archiving")
		}

		// A booking still to come keeps the hall from being archived.
		b := w.request(t, "member", w.hall, "Choir")
		owner := w.scope(t, w.people["owner"])
		err := a.ArchiveResource(ctx, owner, w.hall, true)
		if commons.CodeOf(err) != commons.CodeConflict || len(commons.ErrorOf(err).Conflicts) != 1 {
			t.Fatalf("archive with a booking to come: %v (%d listed), want a conflict listing it", err, len(commons.ErrorOf(err).Conflicts))
		}
		if err := a.CancelBooking(ctx, owner, b.ID); err != nil {
			t.Fatal(err)
		}
		if err := a.ArchiveResource(ctx, owner, w.hall, true); err != nil {
			t.Fatalf("archive once the booking is cancelled: %v", err)
		}
		if err := a.ArchiveResource(ctx, owner, w.hall, true); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("archive twice: %v, want conflict", err)
		}

		member := w.scope(t, w.people["member"])
		view, err := a.Resource(ctx, member, w.hall)
		if err != nil || !view.Archive.Archived() || view.Archive.By != w.people["owner"].ID || view.May.Book {
			t.Fatalf("archived hall at its address: %v, archived %v by %q, may book %v", err, view.Archive.Archived(), view.Archive.By, view.May.Book)
		}
		list, _, err := a.Resources(ctx, member, app.ResourceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			if r.ID == w.hall {
				t.Fatal("the archived hall is in the directory")
			}
		}
		if found(t, a, member, "Hall", w.hall) {
			t.Fatal("search finds the archived hall")
		}
		start, end := w.slot()
		if _, err := a.Book(ctx, member, w.hall, app.BookingRequest{Start: start, End: end}); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("booking an archived resource: %v, want conflict", err)
		}

		if err := a.ArchiveResource(ctx, owner, w.hall, false); err != nil {
			t.Fatal(err)
		}
		if err := a.ArchiveResource(ctx, owner, w.hall, false); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("restore twice: %v, want conflict", err)
		}
		if !found(t, a, member, "Hall", w.hall) {
			t.Fatal("the restored hall is not found")
		}
		w.request(t, "member", w.hall, "Choir again")
	})
}

// Archiving an organization: its admins only; the other admins are told;
// it leaves the directory and takes nobody new until restored.
func TestArchiveOrganization(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)
		a := w.a
		admin := w.scope(t, w.people["org admin"])
		orgs, _, err := a.Organizations(ctx, admin, commons.OrganizationFilter{})
		if err != nil || len(orgs) != 1 {
			t.Fatalf("organizations: %v, %d", err, len(orgs))
		}
		org := orgs[0].ID
		for _, who := range personae {
			s := w.scope(t, w.people[who])
			view, err := a.Organization(ctx, s, org)
			if err != nil {
				t.Fatal(who, err)
			}
			err = a.ArchiveOrganization(ctx, s, org, true)
			wantAllowed(t, "archive the library", who, view.May.Archive, err)
			if err == nil {
				if err := a.ArchiveOrganization(ctx, s, org, false); err != nil {
					t.Fatal(who, err)
				}
			}
		}
		if err := a.SetOrgMember(ctx, admin, org, w.people["org member"].ID, commons.OrgAdmin); err != nil {
			t.Fatal(err)
		}
		before := countNotes(t, a, w.people["org member"], commons.NotifyArchived)
		if err := a.ArchiveOrganization(ctx, admin, org, true); err != nil {
			t.Fatal(err)
		}
		if n := countNotes(t, a, w.people["org member"], commons.NotifyArchived); n != before+1 {
			t.Fatalf("the other admin was told %d times, want once", n-before)
		}
		if n := countNotes(t, a, w.people["org admin"], commons.NotifyArchived); n != 0 {
			t.Fatalf("the admin who archived was told %d times", n)
		}
		if orgs, _, _ := a.Organizations(ctx, admin, commons.OrganizationFilter{}); len(orgs) != 0 {
			t.Fatal("the archived organization is in the directory")
		}
		if err := a.SetOrgMember(ctx, admin, org, w.people["member"].ID, commons.OrgMember); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("adding to an archived organization: %v, want conflict", err)
		}
		// Leaving stays possible.
		if err := a.SetOrgMember(ctx, w.scope(t, w.people["org member"]), org, w.people["org member"].ID, ""); err != nil {
			t.Fatalf("leaving an archived organization: %v", err)
		}
		if err := a.ArchiveOrganization(ctx, admin, org, false); err != nil {
			t.Fatal(err)
		}
		if orgs, _, _ := a.Organizations(ctx, admin, commons.OrganizationFilter{}); len(orgs) != 1 {
			t.Fatal("the restored organization is not in the directory")
		}
	})
}

// An organization's page lists what it runs: an archived resource leaves
// that list, like the directory, and only the organization's admins see
// it apart, among the archived, to restore it.
func TestOrganizationWorkLeavesArchived(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)
		a := w.a
		admin := w.scope(t, w.people["org admin"])
		room, err := a.Resource(ctx, admin, w.room)
		if err != nil {
			t.Fatal(err)
		}
		org := room.OwnerOrgID
		has := func(items []store.WorkItem) bool {
			for _, it := range items {
				if it.ID == w.room {
					return true
				}
			}
			return false
		}
		if work, err := a.OrganizationWork(ctx, w.scope(t, w.people["member"]), org); err != nil || !has(work.Items) {
			t.Fatalf("before archiving: %v, room listed %v", err, has(work.Items))
		}
		if err := a.ArchiveResource(ctx, admin, w.room, true); err != nil {
			t.Fatal(err)
		}
		for _, who := range personae {
			work, err := a.OrganizationWork(ctx, w.scope(t, w.people[who]), org)
			if err != nil {
				t.Fatal(who, err)
			}
			if has(work.Items) {
				t.Errorf("%s sees the archived room among the library's resources", who)
			}
			if want := who == "org admin"; has(work.Archived) != want {
				t.Errorf("%s sees the archived room apart: %v, want %v", who, has(work.Archived), want)
			}
		}
		if err := a.ArchiveResource(ctx, admin, w.room, false); err != nil {
			t.Fatal(err)
		}
		if work, err := a.OrganizationWork(ctx, admin, org); err != nil || !has(work.Items) || len(work.Archived) != 0 {
			t.Fatalf("restored: %v, listed %v, archived %d", err, has(work.Items), len(work.Archived))
		}
	})
}

// Archiving an initiative: its team only; it leaves the directory, takes
// no pledges, and says so in its history.
func TestArchiveInitiative(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		a := w.a
		n := w.need(t)
		for _, who := range []string{"visitor", "Outsider", "Newcomer", "Editor", "Ada", "Founder"} {
			s := w.scope(t, who)
			view, err := a.Initiative(ctx, s, w.init.ID)
			if err != nil {
				t.Fatal(who, err)
			}
			err = a.ArchiveInitiative(ctx, s, w.init.ID, true)
			wantAllowed(t, "archive the initiative", who, view.May.Archive, err)
			if err == nil {
				if err := a.ArchiveInitiative(ctx, s, w.init.ID, false); err != nil {
					t.Fatal(who, err)
				}
			}
		}
		founder := w.scope(t, "Founder")
		if err := a.ArchiveInitiative(ctx, founder, w.init.ID, true); err != nil {
			t.Fatal(err)
		}
		helper := w.scope(t, "Helper")
		view, err := a.Initiative(ctx, helper, w.init.ID)
		if err != nil || !view.Initiative.Archive.Archived() || view.May.Pledge {
			t.Fatalf("archived initiative: %v, archived %v, may pledge %v", err, view.Initiative.Archive.Archived(), view.May.Pledge)
		}
		if _, err := a.Pledge(ctx, helper, n.ID, app.PledgeFields{Description: "I sing"}); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("pledge to an archived initiative: %v, want conflict", err)
		}
		if list, _, _ := a.Initiatives(ctx, helper, commons.InitiativeFilter{}); len(list) != 0 {
			t.Fatal("the archived initiative is in the directory")
		}
		h, err := a.InitiativeHistory(ctx, founder, w.init.ID)
		if err != nil {
			t.Fatal(err)
		}
		archived := 0
		for _, e := range h.Events {
			if e.Action == "archived" {
				archived++
			}
		}
		if archived != 2 { // once per try above, and now
			t.Fatalf("history holds %d archivings, want 2", archived)
		}
		if err := a.ArchiveInitiative(ctx, founder, w.init.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Pledge(ctx, helper, n.ID, app.PledgeFields{Description: "I sing"}); err != nil {
			t.Fatalf("pledge once restored: %v", err)
		}
	})
}
