package store_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

var ctx = context.Background()

func mustUser(t *testing.T, s *store.Store, email string) commons.User {
	t.Helper()
	u, err := s.CreateUser(ctx, commons.NewUser{Email: email, Name: "Person " + email}, "hash", true, nil)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func mustCommunity(t *testing.T, s *store.Store, slug, creatorID string) commons.Community {
	t.Helper()
	c, err := s.CreateCommunity(ctx, commons.NewCommunity{Slug: slug, Name: "Community " + slug, Languages: []string{"en", "cy"},
		TimeZone: "Europe/London"}, creatorID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func wantCode(t *testing.T, err error, code commons.Code) {
	t.Helper()
	if got := commons.CodeOf(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		applied, err := s.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second migration applied %v, want nothing", applied)
		}
	})
}

// Two nodes starting at once against one PostgreSQL must not migrate twice:
// the advisory lock makes the second wait and then find nothing to do.
func TestConcurrentMigrationsOnPostgres(t *testing.T) {
	if os.Getenv("COMMONS_TEST_POSTGRES") == "" {
		storetest.Engines(t) // fails in CI, where PostgreSQL is required
		t.Skip("COMMONS_TEST_POSTGRES is not set")
	}
	dsn := storetest.EmptyPostgres(t)
	const nodes = 4
	results := make([][]int, nodes)
	errs := make([]error, nodes)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := store.Open(ctx, dsn)
			if err != nil {
				errs[i] = err
				return
			}
			defer s.Close()
			results[i], errs[i] = s.Migrate(ctx)
		}()
	}
	wg.Wait()
	total := 0
	for i := range nodes {
		if errs[i] != nil {
			t.Fatalf("node %d: %v", i, errs[i])
		}
		total += len(results[i])
	}
	if total == 0 || total != len(results[0])+len(results[1])+len(results[2])+len(results[3]) {
		t.Fatalf("applied %v", results)
	}
	for i := range nodes {
		if len(results[i]) != 0 && len(results[i]) != total {
			t.Fatalf("migrations split across nodes: %v", results)
		}
	}
}

func TestEmailIsUniqueRegardlessOfCase(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		mustUser(t, s, "Bronwen@Example.org")
		_, err := s.CreateUser(ctx, commons.NewUser{Email: "bronwen@example.ORG", Name: "Other"}, "h", true, nil)
		wantCode(t, err, commons.CodeConflict)
		u, hash, err := s.UserCredentials(ctx, "BRONWEN@example.org")
		if err != nil || hash != "hash" || u.Email != "Bronwen@Example.org" {
			t.Fatalf("credentials: %+v %q %v", u, hash, err)
		}
	})
}

func TestSessionsAndTokens(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		u := mustUser(t, s, "a@example.org")
		if err := s.CreateSession(ctx, u.ID, "secret-1", time.Hour, "", ""); err != nil {
			t.Fatal(err)
		}
		got, _, err := s.SessionUser(ctx, "secret-1", time.Hour)
		if err != nil || got.ID != u.ID {
			t.Fatalf("session user: %+v %v", got, err)
		}
		_, _, err = s.SessionUser(ctx, "secret-2", time.Hour)
		wantCode(t, err, commons.CodeUnauthenticated)
		if err := s.CreateSession(ctx, u.ID, "old", -time.Minute, "", ""); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.SessionUser(ctx, "old", time.Hour)
		wantCode(t, err, commons.CodeUnauthenticated)
		if n, err := s.DeleteExpiredSessions(ctx); err != nil || n != 1 {
			t.Fatalf("expired sessions deleted: %d %v", n, err)
		}
		if err := s.DeleteSession(ctx, "secret-1"); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.SessionUser(ctx, "secret-1", time.Hour)
		wantCode(t, err, commons.CodeUnauthenticated)

		tok, err := s.CreateAPIToken(ctx, u.ID, "script", "tok-secret")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.TokenUser(ctx, "tok-secret"); err != nil || got.ID != u.ID {
			t.Fatalf("token user: %v", err)
		}
		list, err := s.APITokens(ctx, u.ID)
		if err != nil || len(list) != 1 || list[0].Label != "script" || list[0].LastUsedAt == nil {
			t.Fatalf("tokens: %+v %v", list, err)
		}
		other := mustUser(t, s, "b@example.org")
		wantCode(t, s.DeleteAPIToken(ctx, other.ID, tok.ID), commons.CodeNotFound)
		if err := s.DeleteAPIToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.TokenUser(ctx, "tok-secret")
		wantCode(t, err, commons.CodeUnauthenticated)
	})
}

// Attempts made at once cannot slip past the limit together: of many
// simultaneous attempts, exactly the limit's number get through.
func TestSignInAttemptsAreCountedAtomically(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		keys, limits := []string{"account:x", "address:y"}, []int{5, 100}
		const n = 20
		over := make([]int, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				over[i], _, errs[i] = s.AttemptSignIn(ctx, keys, limits, time.Hour)
			}()
		}
		wg.Wait()
		passed := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if over[i] == -1 {
				passed++
			} else if over[i] != 0 {
				t.Fatalf("over the limit of key %d", over[i])
			}
		}
		if passed != 5 {
			t.Fatalf("%d attempts passed, want 5", passed)
		}
		// A success forgives the account's failures and its own address count.
		if err := s.ForgiveAttempt(ctx, "account:x", []string{"address:y"}); err != nil {
			t.Fatal(err)
		}
		if o, _, err := s.AttemptSignIn(ctx, keys, limits, time.Hour); err != nil || o != -1 {
			t.Fatalf("after a success: over %d, %v", o, err)
		}
		// Failures older than the window no longer count.
		if o, _, err := s.AttemptSignIn(ctx, []string{"account:z"}, []int{1}, time.Hour); err != nil || o != -1 {
			t.Fatal(o, err)
		}
		if o, until, err := s.AttemptSignIn(ctx, []string{"account:z"}, []int{1}, time.Hour); err != nil || o != 0 || time.Until(until) < 59*time.Minute {
			t.Fatalf("second attempt: over %d until %v, %v", o, until, err)
		}
		if o, _, err := s.AttemptSignIn(ctx, []string{"account:z"}, []int{1}, time.Nanosecond); err != nil || o != -1 {
			t.Fatalf("after the window: over %d, %v", o, err)
		}
	})
}

// Text that slips past validation with a NUL byte or invalid UTF-8 is a
// bad request on both engines, not an internal error.
func TestUnstorableTextIsTheCallersFault(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		for _, id := range []string{"a\x00b", "\xff"} {
			_, err := s.CommunityBySlug(ctx, id)
			if c := commons.CodeOf(err); c != commons.CodeNotFound && c != commons.CodeBadRequest {
				t.Errorf("%q: %v", id, err)
			}
		}
		_, _, err := s.ListCommunities(ctx, commons.Page{Cursor: "WyJcdTAwMDAiLCJ4Il0"})
		wantCode(t, err, commons.CodeBadRequest)
	})
}

func TestCommunitiesAndMembers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		creator := mustUser(t, s, "creator@example.org")
		c := mustCommunity(t, s, "cwm", creator.ID)
		_, err := s.CreateCommunity(ctx, commons.NewCommunity{Slug: "cwm", Name: "Again", Languages: []string{"en"}, TimeZone: "UTC"}, creator.ID)
		wantCode(t, err, commons.CodeConflict)

		m, err := s.Member(ctx, c.ID, creator.ID)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(m.Roles) != "[member editor steward]" || m.Status != commons.MemberActive {
			t.Fatalf("creator membership: %+v", m)
		}

		joiner := mustUser(t, s, "joiner@example.org")
		if err := s.Join(ctx, c.ID, joiner.ID, commons.MemberActive, "", nil); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.Join(ctx, c.ID, joiner.ID, commons.MemberActive, "", nil), commons.CodeConflict)
		applicant := mustUser(t, s, "applicant@example.org")
		if err := s.Join(ctx, c.ID, applicant.ID, commons.MemberPending, "I run the choir", nil); err != nil {
			t.Fatal(err)
		}
		pending, _, err := s.Members(ctx, c.ID, commons.MemberPending, commons.Page{})
		if err != nil || len(pending) != 1 || pending[0].Application != "I run the choir" {
			t.Fatalf("pending: %+v %v", pending, err)
		}
		if err := s.DecideApplication(ctx, c.ID, applicant.ID, false, creator.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.DecideApplication(ctx, c.ID, applicant.ID, true, creator.ID), commons.CodeConflict)
		// Declined applicants may apply again.
		if err := s.Join(ctx, c.ID, applicant.ID, commons.MemberPending, "Second try", nil); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideApplication(ctx, c.ID, applicant.ID, true, creator.ID); err != nil {
			t.Fatal(err)
		}
		am, err := s.Member(ctx, c.ID, applicant.ID)
		if err != nil || am.Status != commons.MemberActive || fmt.Sprint(am.Roles) != "[newcomer]" {
			t.Fatalf("admitted: %+v %v", am, err)
		}
		got, err := s.CommunityBySlug(ctx, "cwm")
		if err != nil || got.MemberCount != 3 || strings.Join(got.Languages, ",") != "en,cy" {
			t.Fatalf("community: %+v %v", got, err)
		}
		log, _, err := s.CommunityLog(ctx, c.ID, commons.Page{})
		if err != nil || len(log) != 3 || log[0].Action != "application.admitted" {
			t.Fatalf("log: %+v %v", log, err)
		}

		threshold := 2
		got.Name, got.TrustThreshold, got.RequiresApplication = "Cwm Gwyrdd", &threshold, true
		if err := s.UpdateCommunity(ctx, got, creator.ID, nil); err != nil {
			t.Fatal(err)
		}
		again, _ := s.CommunityBySlug(ctx, "cwm")
		if again.Name != "Cwm Gwyrdd" || again.TrustThreshold == nil || *again.TrustThreshold != 2 || !again.RequiresApplication {
			t.Fatalf("updated: %+v", again)
		}
		_, err = s.CommunityBySlug(ctx, "nowhere")
		wantCode(t, err, commons.CodeNotFound)
	})
}

func TestCommunityPaging(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		u := mustUser(t, s, "p@example.org")
		for i := range 5 {
			mustCommunity(t, s, fmt.Sprintf("c%d", 4-i), u.ID)
		}
		var seen []string
		cursor := ""
		for {
			page, next, err := s.ListCommunities(ctx, commons.Page{Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page {
				seen = append(seen, c.Slug)
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if strings.Join(seen, " ") != "c0 c1 c2 c3 c4" {
			t.Fatalf("pages: %v", seen)
		}
		_, _, err := s.ListCommunities(ctx, commons.Page{Cursor: "not a cursor"})
		wantCode(t, err, commons.CodeBadRequest)
	})
}

func TestOrganizations(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		admin := mustUser(t, s, "admin@example.org")
		c := mustCommunity(t, s, "org-test", admin.ID)
		other := mustCommunity(t, s, "elsewhere", admin.ID)
		mk := func(cid, name string, sector commons.Sector, desc string) commons.Organization {
			o, err := s.CreateOrganization(ctx, cid, commons.OrganizationFields{Name: name, Sector: sector, Description: desc}, admin.ID)
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		lib := mk(c.ID, "Llyfrgell Cwm Library", commons.SectorCulture, "Books, a makerspace and Библиотека для всех")
		mk(c.ID, "Repair Café", commons.SectorCitizenGroup, "Fix it together, 100% volunteers")
		mk(c.ID, "Town Council", commons.SectorPublicAuthority, "")
		mk(other.ID, "Other Library", commons.SectorCulture, "")

		names := func(f commons.OrganizationFilter) string {
			list, _, err := s.ListOrganizations(ctx, c.ID, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, o := range list {
				out = append(out, o.Name)
			}
			return strings.Join(out, "|")
		}
		for _, tc := range []struct {
			filter commons.OrganizationFilter
			want   string
		}{
			{commons.OrganizationFilter{}, "Llyfrgell Cwm Library|Repair Café|Town Council"},
			{commons.OrganizationFilter{Sector: commons.SectorCulture}, "Llyfrgell Cwm Library"},
			{commons.OrganizationFilter{Query: "library"}, "Llyfrgell Cwm Library"},
			{commons.OrganizationFilter{Query: "БИБЛИОТЕКА"}, "Llyfrgell Cwm Library"},
			{commons.OrganizationFilter{Query: "100%"}, "Repair Café"},
			{commons.OrganizationFilter{Query: "%"}, "Repair Café"},
			{commons.OrganizationFilter{Query: "_"}, ""},
			{commons.OrganizationFilter{Query: "' OR 1=1 --"}, ""},
			{commons.OrganizationFilter{Query: "fix volunteers"}, "Repair Café"},
			{commons.OrganizationFilter{Sector: commons.SectorBusiness}, ""},
		} {
			if got := names(tc.filter); got != tc.want {
				t.Errorf("%+v: got %q, want %q", tc.filter, got, tc.want)
			}
		}

		role, err := s.OrgRole(ctx, c.ID, lib.ID, admin.ID)
		if err != nil || role != commons.OrgAdmin {
			t.Fatalf("creator role %q %v", role, err)
		}
		helper := mustUser(t, s, "helper@example.org")
		if err := s.SetOrgMember(ctx, c.ID, lib.ID, helper.ID, commons.OrgMember, admin.ID); err != nil {
			t.Fatal(err)
		}
		// The last admin cannot step down or leave.
		wantCode(t, s.SetOrgMember(ctx, c.ID, lib.ID, admin.ID, commons.OrgMember, admin.ID), commons.CodeConflict)
		wantCode(t, s.SetOrgMember(ctx, c.ID, lib.ID, admin.ID, "", admin.ID), commons.CodeConflict)
		if err := s.SetOrgMember(ctx, c.ID, lib.ID, helper.ID, commons.OrgAdmin, admin.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.SetOrgMember(ctx, c.ID, lib.ID, admin.ID, "", helper.ID); err != nil {
			t.Fatal(err)
		}
		members, err := s.OrgMembers(ctx, c.ID, lib.ID)
		if err != nil || len(members) != 1 || members[0].UserID != helper.ID || members[0].Role != commons.OrgAdmin {
			t.Fatalf("members: %+v %v", members, err)
		}
		wantCode(t, s.SetOrgMember(ctx, other.ID, lib.ID, helper.ID, commons.OrgMember, admin.ID), commons.CodeNotFound)

		lib.Name, lib.Description = "Cwm Library", "Now with a café"
		if err := s.UpdateOrganization(ctx, lib); err != nil {
			t.Fatal(err)
		}
		if got := names(commons.OrganizationFilter{Query: "café"}); got != "Cwm Library|Repair Café" {
			t.Fatalf("after update: %q", got)
		}
	})
}

// Two admins stepping down at once must not leave an organization without one.
func TestConcurrentAdminsSteppingDown(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		a := mustUser(t, s, "a@example.org")
		b := mustUser(t, s, "b@example.org")
		c := mustCommunity(t, s, "race", a.ID)
		o, err := s.CreateOrganization(ctx, c.ID, commons.OrganizationFields{Name: "Org", Sector: commons.SectorNGO}, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetOrgMember(ctx, c.ID, o.ID, b.ID, commons.OrgAdmin, a.ID); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, u := range []commons.User{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.SetOrgMember(ctx, c.ID, o.ID, u.ID, commons.OrgMember, u.ID)
			}()
		}
		wg.Wait()
		members, _ := s.OrgMembers(ctx, c.ID, o.ID)
		admins := 0
		for _, m := range members {
			if m.Role == commons.OrgAdmin {
				admins++
			}
		}
		if admins != 1 || (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("admins left %d, errors %v", admins, errs)
		}
	})
}

// A decision made on a stale read of a booking that has since moved must
// not confirm an overlap; a move must not revive a cancelled booking.
func TestDecisionsAndMovesReadTheBookingAgain(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		u := mustUser(t, s, "a@example.org")
		c := mustCommunity(t, s, "stale", u.ID)
		r, err := s.CreateResource(ctx, c, commons.ResourceFields{Kind: commons.KindSpace, Title: "Hall", Terms: commons.TermsFree,
			Bookable: true, Approval: commons.ApprovalRequest}, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		base := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
		t1 := commons.TimeSlot{Start: base, End: base.Add(time.Hour)}
		t2 := commons.TimeSlot{Start: base.Add(3 * time.Hour), End: base.Add(4 * time.Hour)}
		fair := store.FairShare{Location: time.UTC, Now: time.Now()}
		book := func(sl commons.TimeSlot) commons.Booking {
			bs, err := s.CreateBookings(ctx, c.ID, r.ID, store.NewBookings{Slots: []commons.TimeSlot{sl}, RequesterID: u.ID,
				Status: commons.BookingRequested, Fair: fair})
			if err != nil {
				t.Fatal(err)
			}
			return bs[0]
		}
		a, b := book(t2), book(t1)
		stale := b                                                                             // a steward reads B at T1 …
		if err := s.MoveBooking(ctx, b, t2, commons.BookingRequested, fair, nil); err != nil { // … B moves to T2 …
			t.Fatal(err)
		}
		if err := s.DecideBooking(ctx, a, true, u.ID, "", commons.Notification{UserID: u.ID, Kind: "booking_confirmed"}); err != nil { // … A is confirmed …
			t.Fatal(err)
		}
		err = s.DecideBooking(ctx, stale, true, u.ID, "", commons.Notification{UserID: u.ID, Kind: "booking_confirmed"}) // … and B's confirmation must fail.
		wantCode(t, err, commons.CodeConflict)

		if err := s.CancelBooking(ctx, b); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.MoveBooking(ctx, b, t1, commons.BookingConfirmed, fair, nil), commons.CodeConflict)
		got, err := s.BookingByID(ctx, b.ID)
		if err != nil || got.Status != commons.BookingCancelled {
			t.Fatalf("a cancelled booking came back: %+v %v", got, err)
		}
	})
}

// Weekly hours count in the week they fall in, split at Monday midnight.
func TestFairShareSplitsAtWeekBoundaries(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		u := mustUser(t, s, "a@example.org")
		c := mustCommunity(t, s, "fair", u.ID)
		ten := 10
		r, err := s.CreateResource(ctx, c, commons.ResourceFields{Kind: commons.KindSpace, Title: "Hall", Terms: commons.TermsFree,
			Bookable: true, Approval: commons.ApprovalOpen, MaxHoursPerWeek: &ten}, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		monday := commons.WeekStart(time.Now(), time.UTC).AddDate(0, 0, 14)
		fair := store.FairShare{MaxHoursPerWeek: &ten, Location: time.UTC, Now: time.Now()}
		book := func(start, end time.Time) error {
			_, err := s.CreateBookings(ctx, c.ID, r.ID, store.NewBookings{Slots: []commons.TimeSlot{{Start: start, End: end}},
				RequesterID: u.ID, Status: commons.BookingConfirmed, Fair: fair})
			return err
		}
		if err := book(monday.Add(9*time.Hour), monday.Add(19*time.Hour)); err != nil { // 10 h on Monday
			t.Fatal(err)
		}
		// Sunday 23:00 to Monday 08:00: the Monday part would make 18 h.
		wantCode(t, book(monday.Add(-time.Hour), monday.Add(8*time.Hour)), commons.CodeInvalid)
		// Ten hours ending at Monday midnight belong to the week before.
		if err := book(monday.Add(-10*time.Hour), monday); err != nil {
			t.Fatalf("a booking ending at Monday midnight counts in its own week: %v", err)
		}
	})
}
