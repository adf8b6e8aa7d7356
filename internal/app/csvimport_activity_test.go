package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Activities on both engines: new ones by every rule of CreateActivity,
// refusals beside their column, an existing series matched by title and
// first start (or id) changes only what its organizers may edit, and the
// export imports back with every row unchanged.
func TestCSVImportActivities(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		l := newLearning(t, st, 1)
		a := l.a
		series := l.offer(t, places(10), 3)
		s := scopeIn(t, a, &l.organizer, "cwm")
		loc := a.Location(s.Community)
		at := func(d time.Duration) string { return commons.FormatCSVTime(a.Now().Add(d), loc) }
		first := series[0]
		file := "title,kind,starts,ends,recurrence,places,languages,cost,online_url,organization,id\n" +
			"Welsh conversation,workshop," + at(48*time.Hour) + "," + at(49*time.Hour) + ",FREQ=WEEKLY;COUNT=2,12,en,\"5,00 GBP\",https://meet.example.org/c,,\n" +
			"Backwards,event," + at(48*time.Hour) + "," + at(47*time.Hour) + ",,,,,https://meet.example.org/b,,\n" +
			"Forever,event," + at(48*time.Hour) + "," + at(49*time.Hour) + ",FREQ=WEEKLY,,,,https://meet.example.org/f,,\n" +
			"Dear,event," + at(48*time.Hour) + "," + at(49*time.Hour) + ",,,,lots,https://meet.example.org/d,,\n" +
			"Elsewhere,event," + at(48*time.Hour) + "," + at(49*time.Hour) + ",,,,,https://meet.example.org/e,Nowhere,\n" +
			"Someday,event,next week,,,,,,https://meet.example.org/s,,\n" +
			first.Title + ",course," + commons.FormatCSVTime(first.StartsAt, loc) + "," + commons.FormatCSVTime(first.EndsAt, loc) +
			"," + first.Recurrence + ",12,,,https://meet.example.org/welsh,,\n" +
			"Moved,course," + at(72*time.Hour) + "," + at(73*time.Hour) + ",,,,,,," + first.ID + "\n"
		rep, err := a.ImportCSV(ctx, s, commons.ImportActivities, []byte(file), app.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := "created refused:ends=error.booking.end_before_start refused:recurrence=error.booking.recurrence_end " +
			"refused:cost=csvimport.error.cost refused:organization=csvimport.error.no_such_organization " +
			"refused:starts=csvimport.error.date_time updated refused:=csvimport.error.duplicate"
		if got := outcomes(rep); got != want {
			t.Fatalf("dry run:\n got %s\nwant %s", got, want)
		}
		moved := "id,title,starts,ends\n" + first.ID + ",Moved," + at(72*time.Hour) + "," + at(73*time.Hour) + "\n"
		if rep, err := a.ImportCSV(ctx, s, commons.ImportActivities, []byte(moved), app.ImportOptions{}); err != nil ||
			outcomes(rep) != "refused:starts=csvimport.error.activity_fixed:ends=csvimport.error.activity_fixed" {
			t.Errorf("moving a series: %s, %v", outcomes(rep), err)
		}
		if got := rep.Rows[6].Changed; len(got) != 1 || got[0] != "places" {
			t.Errorf("the update changes %v, want places", got)
		}
		rep, err = a.ImportCSV(ctx, s, commons.ImportActivities, []byte(file), app.ImportOptions{Apply: true, Mode: commons.ImportSkipRefused})
		if err != nil || !rep.Applied || rep.Created != 1 || rep.Updated != 1 {
			t.Fatalf("apply: %+v, %v", rep, err)
		}
		acts, err := st.AllActivities(ctx, s.Community.ID)
		if err != nil {
			t.Fatal(err)
		}
		cost := 0
		for _, act := range acts {
			if act.SeriesID == first.ID && act.Places() != 12 {
				t.Errorf("occurrence %s has %d places, want 12", act.StartsAt, act.Places())
			}
			if act.Title == "Welsh conversation" {
				cost = *act.CostMinor
			}
		}
		if len(acts) != 5 || cost != 500 {
			t.Fatalf("%d occurrences (want 3 + 2), cost %d", len(acts), cost)
		}
		out := export(t, a, s, commons.ImportActivities)
		if !strings.HasPrefix(out, "id,title,kind,description,organization,venue,online_url,starts,ends,recurrence,places,languages,cost,accessibility\n") ||
			!strings.Contains(out, "5.00 GBP") || strings.Count(out, "\n") != 3 {
			t.Fatalf("export:\n%s", out)
		}
		rep, err = a.ImportCSV(ctx, s, commons.ImportActivities, []byte(out), app.ImportOptions{Apply: true})
		if err != nil || rep.Unchanged != 2 || rep.Created+rep.Updated+rep.Refused != 0 {
			t.Fatalf("round trip: %s, %v", outcomes(rep), err)
		}
		// Someone who does not run the series may not change it.
		other := l.people[0]
		os := scopeIn(t, a, &other, "cwm")
		if _, err := a.ImportCSV(ctx, os, commons.ImportActivities, []byte(out), app.ImportOptions{}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member's import: %v, want forbidden", err)
		}
	})
}

// Members on both engines: each new address becomes an invitation by
// mail; an address that is a member's, or invited already, is unchanged
// and says so; the export shows the directory without an address, and
// the open invitations to those who may invite only; it imports back
// unchanged.
func TestCSVImportMembers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		l := newLearning(t, st, 2)
		a := l.a
		s := scopeIn(t, a, &l.organizer, "cwm")
		if _, _, err := a.Invite(ctx, s, commons.NewInvitation{Email: "old@example.org"}); err != nil {
			t.Fatal(err)
		}
		file := "E-mail,Name,Role,Organization\n" +
			"new@example.org,New Person,member,\n" +
			"OLD@example.org,,,\n" +
			"learnera@example.org,,,\n" +
			",LearnerB,,\n" +
			",Nobody,,\n" +
			"boss@example.org,,steward,\n" +
			"not an address,,,\n" +
			"new@example.org,,,\n" +
			"club@example.org,,,Nowhere\n"
		rep, err := a.ImportCSV(ctx, s, commons.ImportMembers, []byte(file), app.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := "created unchanged unchanged unchanged refused:email=csvimport.error.email_needed refused:role=csvimport.error.member_role " +
			"refused:email=error.field.email refused:=csvimport.error.duplicate refused:organization=csvimport.error.no_such_organization"
		if got := outcomes(rep); got != want {
			t.Fatalf("dry run:\n got %s\nwant %s", got, want)
		}
		if rep.Rows[1].Note.Key != "csvimport.note.invited" || rep.Rows[2].Note.Key != "csvimport.note.member" {
			t.Errorf("notes %q %q", rep.Rows[1].Note.Key, rep.Rows[2].Note.Key)
		}
		rep, err = a.ImportCSV(ctx, s, commons.ImportMembers, []byte(file), app.ImportOptions{Apply: true, Mode: commons.ImportSkipRefused})
		if err != nil || !rep.Applied {
			t.Fatalf("apply: %v %v", rep.Applied, err)
		}
		invs, err := st.OpenInvitations(ctx, s.Community.ID)
		if err != nil || len(invs) != 2 {
			t.Fatalf("%d open invitations, want 2: %v", len(invs), err)
		}

		out := export(t, a, s, commons.ImportMembers)
		if !strings.HasPrefix(out, "email,name,role,organization,status\n") || !strings.Contains(out, "new@example.org,,member,,invited") ||
			!strings.Contains(out, ",LearnerA,") || strings.Contains(out, "learnera@") || strings.Contains(out, "gareth@") {
			t.Fatalf("the founder's export:\n%s", out)
		}
		rep, err = a.ImportCSV(ctx, s, commons.ImportMembers, []byte(out), app.ImportOptions{Apply: true})
		if err != nil || rep.Unchanged != 5 || rep.Created+rep.Updated+rep.Refused != 0 {
			t.Fatalf("round trip: %s, %v", outcomes(rep), err)
		}
		// A member sees the directory, not the invitations; a visitor the
		// people who made their profile public only.
		member := l.people[0]
		if out := export(t, a, scopeIn(t, a, &member, "cwm"), commons.ImportMembers); strings.Contains(out, "@") || !strings.Contains(out, "LearnerB") {
			t.Errorf("a member's export:\n%s", out)
		}
		if out := export(t, a, scopeIn(t, a, nil, "cwm"), commons.ImportMembers); strings.Contains(out, "Learner") || strings.Contains(out, "@") {
			t.Errorf("a visitor's export:\n%s", out)
		}
	})
}

// A venue booked twice at once by one file: the later row is refused in
// the plan, naming the earlier, so the rest can be applied instead of the
// whole import failing on the store's conflict; a row booking a time
// taken already is refused as well.
func TestCSVImportVenueClashInOneFile(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		l := newLearning(t, st, 0)
		a := l.a
		s := scopeIn(t, a, &l.organizer, "cwm")
		if _, err := a.CreateResource(ctx, s, commons.ResourceFields{Kind: commons.KindSpace, Title: "Room 2", Bookable: true,
			Approval: commons.ApprovalOpen}); err != nil {
			t.Fatal(err)
		}
		loc := a.Location(s.Community)
		at := func(h float64) string {
			return commons.FormatCSVTime(a.Now().Add(time.Duration(h*float64(time.Hour))), loc)
		}
		file := "title,kind,starts,ends,recurrence,venue\n" +
			"Choir,event," + at(48) + "," + at(50) + ",FREQ=WEEKLY;COUNT=3,Room 2\n" +
			"Knitting,event," + at(48+7*24+0.5) + "," + at(48+7*24+1.5) + ",,Room 2\n" +
			"Talk,event," + at(50) + "," + at(51) + ",,Room 2\n" +
			"Quiz,event," + at(50.5) + "," + at(52) + ",,Room 2\n"
		rep, err := a.ImportCSV(ctx, s, commons.ImportActivities, []byte(file), app.ImportOptions{Apply: true})
		want := "created refused:venue=csvimport.error.venue_clash_row created refused:venue=csvimport.error.venue_clash_row"
		if err != nil || outcomes(rep) != want || rep.Applied {
			t.Fatalf("all or nothing:\n got %s\nwant %s (applied %v, %v)", outcomes(rep), want, rep.Applied, err)
		}
		if a, b := rep.Rows[1].Problems[0].Message.Args["Row"], rep.Rows[3].Problems[0].Message.Args["Row"]; a != 1 || b != 3 {
			t.Errorf("the clashes name rows %v and %v, want 1 and 3", a, b)
		}
		rep, err = a.ImportCSV(ctx, s, commons.ImportActivities, []byte(file), app.ImportOptions{Apply: true, Mode: commons.ImportSkipRefused})
		if err != nil || !rep.Applied || rep.Created != 2 {
			t.Fatalf("skip: %s applied %v, %v", outcomes(rep), rep.Applied, err)
		}
		if acts, err := st.AllActivities(ctx, s.Community.ID); err != nil || len(acts) != 4 {
			t.Fatalf("%d occurrences written (want 3 + 1), %v", len(acts), err)
		}
		// The room is booked now: a new row at those times is refused too.
		late := "title,kind,starts,ends,venue\nLate,event," + at(49) + "," + at(49.5) + ",Room 2\n"
		if rep, err := a.ImportCSV(ctx, s, commons.ImportActivities, []byte(late), app.ImportOptions{}); err != nil ||
			outcomes(rep) != "refused:venue=error.booking.overlap" {
			t.Errorf("a booked time: %s, %v", outcomes(rep), err)
		}
	})
}
