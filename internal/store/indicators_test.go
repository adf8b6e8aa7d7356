package store_test

import (
	"math"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// impactFixture fills a community with records whose counts were made by
// hand (see the comments), in 2030, with records just outside the year
// and of the wrong kind or status that must not count.
type impactFixture struct {
	c                  commons.Community
	i1, i2, p1, p2, p3 string
	council, club      string
}

func newImpactFixture(t *testing.T, s *store.Store) impactFixture {
	t.Helper()
	u1, u2, u3 := mustUser(t, s, "one@example.org"), mustUser(t, s, "two@example.org"), mustUser(t, s, "three@example.org")
	f := impactFixture{c: mustCommunity(t, s, "impact", u1.ID)}
	cid := f.c.ID
	at := time.Date(2029, 12, 1, 9, 0, 0, 0, time.UTC)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	london, _ := time.LoadLocation("Europe/London")
	day := func(d string, hour, minute int) time.Time {
		x, _ := time.ParseInLocation(time.DateOnly, d, london)
		return x.Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute).UTC()
	}
	f.council, f.club = "o-council", "o-club"
	for _, o := range [][2]string{{"o-council", "public_authority"}, {"o-club", "citizen_group"}, {"o-school", "education"}} {
		exec(`INSERT INTO organizations (community_id, id, name, sort_key, search_text, sector, description, website, email, address, created_at, updated_at)
			VALUES (?, ?, ?, ?, '', ?, '', '', '', '', ?, ?)`, cid, o[0], o[0], o[0], o[1], at, at)
	}
	for _, r := range [][2]string{{"r-hall", "space"}, {"r-projector", "equipment"}} {
		exec(`INSERT INTO resources (community_id, id, kind, title, description, owner_org_id, address, accessibility, terms, terms_note,
			bookable, approval, public_titles, sort_key, created_at, updated_at)
			VALUES (?, ?, ?, ?, '', 'o-council', '', '', 'free', '', TRUE, 'open', TRUE, ?, ?, ?)`, cid, r[0], r[1], r[0], r[0], at, at)
	}
	// Space hours in 2030: 2 (Q1) + 1.5 (Q2) = 3.5; the declined booking,
	// the projector and 2031 do not count.
	for _, b := range []struct {
		res, status string
		start, end  time.Time
	}{
		{"r-hall", "confirmed", day("2030-02-01", 10, 0), day("2030-02-01", 12, 0)},
		{"r-hall", "confirmed", day("2030-05-01", 9, 0), day("2030-05-01", 10, 30)},
		{"r-hall", "declined", day("2030-03-01", 10, 0), day("2030-03-01", 12, 0)},
		{"r-projector", "confirmed", day("2030-02-01", 10, 0), day("2030-02-01", 13, 0)},
		{"r-hall", "confirmed", day("2031-01-01", 0, 30), day("2031-01-01", 2, 0)},
		{"r-hall", "confirmed", day("2029-12-31", 22, 0), day("2029-12-31", 23, 0)},
	} {
		exec(`INSERT INTO bookings (community_id, id, resource_id, requester_id, starts_at, ends_at, status, purpose, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)`, cid, "b"+b.start.String()+b.res+b.status, b.res, u1.ID, b.start, b.end, b.status, at)
	}
	// Learners in 2030: u1 and u2 (a1), u1 again (a2) = 2 people; u3 only
	// waited (a1), or registered for a cancelled activity or one in 2029.
	for _, a := range []struct {
		id, status string
		start      time.Time
	}{
		{"a1", "scheduled", day("2030-03-10", 18, 0)}, {"a2", "scheduled", day("2030-07-01", 18, 0)},
		{"a3", "cancelled", day("2030-04-01", 18, 0)}, {"a4", "scheduled", day("2029-12-01", 18, 0)},
	} {
		exec(`INSERT INTO activities (community_id, id, series_id, kind, title, description, languages, themes, level, currency,
			accessibility, online_url, starts_at, ends_at, status, recurrence, created_at)
			VALUES (?, ?, ?, 'workshop', ?, '', 'en', '', '', '', '', 'https://example.org', ?, ?, ?, '', ?)`,
			cid, a.id, a.id, "Activity "+a.id, a.start, a.start.Add(time.Hour), a.status, at)
	}
	for n, r := range [][3]string{{"a1", u1.ID, "registered"}, {"a1", u2.ID, "registered"}, {"a1", u3.ID, "waitlisted"},
		{"a2", u1.ID, "registered"}, {"a3", u3.ID, "registered"}, {"a4", u3.ID, "registered"}} {
		exec(`INSERT INTO activity_registrations (community_id, activity_id, user_id, status, seq, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			cid, r[0], r[1], r[2], n, at)
	}
	// Partnerships in force in 2030: p1 (council + club, two sectors) and
	// p2 (the club alone); p3 is not signed by every party, p4's review
	// date passed in 2029.
	for _, p := range []struct {
		id, initiative, status, review string
		parties                        []string
		signed                         []bool
	}{
		{"p1", "i1", "active", "2030-12-31", []string{"o-council", "o-club"}, []bool{true, true}},
		{"p2", "i2", "active", "2031-06-01", []string{"o-club"}, []bool{true}},
		{"p3", "i3", "proposed", "2031-06-01", []string{"o-council", "o-school"}, []bool{true, false}},
		{"p4", "i4", "active", "2029-06-30", []string{"o-school", "o-club"}, []bool{true, true}},
	} {
		exec(`INSERT INTO initiatives (community_id, id, title, summary, description, status, sort_key, created_at, updated_at)
			VALUES (?, ?, ?, '', '', 'active', ?, ?, ?)`, cid, p.initiative, "Initiative "+p.initiative, p.initiative, at, at)
		exec(`INSERT INTO partnerships (community_id, id, initiative_id, version, status, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)`,
			cid, p.id, p.initiative, p.status, at, at)
		exec(`INSERT INTO partnership_versions (community_id, partnership_id, version, review_on, proposed_at) VALUES (?, ?, 1, ?, ?)`,
			cid, p.id, p.review, at)
		for n, o := range p.parties {
			exec(`INSERT INTO partnership_parties (community_id, partnership_id, version, organization_id, position, role) VALUES (?, ?, 1, ?, ?, 'host')`,
				cid, p.id, o, n)
			if p.signed[n] {
				exec(`INSERT INTO partnership_signatures (community_id, partnership_id, version, organization_id, user_id, signer_name, signed_at)
					VALUES (?, ?, 1, ?, ?, 'Signer', ?)`, cid, p.id, o, u1.ID, at)
			}
		}
	}
	f.i1, f.i2, f.p1, f.p2, f.p3 = "i1", "i2", "p1", "p2", "p3"
	// Commitments of p1 due in 2030: kept (Q1), missed (Q2), kept (Q3),
	// pending (Q4): 2 kept of 3 decided; 2031's does not count.
	for n, c := range [][4]string{{"o-council", "Open the room", "2030-03-01", "kept"}, {"o-club", "Bring volunteers", "2030-06-01", "missed"},
		{"o-council", "Heat the hall", "2030-09-01", "kept"}, {"o-club", "Write up", "2030-10-01", "pending"},
		{"o-council", "Next year", "2031-02-01", "kept"}} {
		exec(`INSERT INTO commitments (community_id, id, partnership_id, version, organization_id, position, description, due, status)
			VALUES (?, ?, 'p1', 1, ?, ?, ?, ?, ?)`, cid, "c"+c[2], c[0], n, c[1], c[2], c[3])
	}
	// Volunteer hours confirmed in 2030: 2 + 1 for i1, 0.5 to a person = 3.5.
	for n, h := range []struct {
		user, forType, forID, day, status string
		minutes                           int
	}{
		{u1.ID, "initiative", "i1", "2030-01-05", "confirmed", 120}, {u2.ID, "initiative", "i1", "2030-04-05", "confirmed", 60},
		{u1.ID, "person", u2.ID, "2030-06-01", "confirmed", 30}, {u3.ID, "initiative", "i1", "2030-02-01", "pending", 90},
		{u1.ID, "initiative", "i1", "2031-01-01", "confirmed", 60},
	} {
		exec(`INSERT INTO volunteer_hours (community_id, id, user_id, for_type, for_id, day, minutes, what, theme, status, question, answer, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'help', '', ?, '', '', ?)`, cid, "h"+string(rune('a'+n)), h.user, h.forType, h.forID, h.day, h.minutes, h.status, at)
	}
	return f
}

// Every computed indicator, for the year and for quarters, against the
// counts made by hand; the evidence lists what was counted.
func TestComputedIndicators(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := newImpactFixture(t, s)
		london, _ := time.LoadLocation("Europe/London")
		year, q1, q2, q3, q4 := commons.Period{Year: 2030}, commons.Period{Year: 2030, Quarter: 1}, commons.Period{Year: 2030, Quarter: 2},
			commons.Period{Year: 2030, Quarter: 3}, commons.Period{Year: 2030, Quarter: 4}
		cases := []struct {
			source  commons.IndicatorSource
			p       commons.Period
			want    float64
			has     bool
			counted int
		}{
			{commons.IndicatorSpaceHours, year, 3.5, true, 2},
			{commons.IndicatorSpaceHours, q1, 2, true, 1},
			{commons.IndicatorSpaceHours, q2, 1.5, true, 1},
			{commons.IndicatorLearners, year, 2, true, 2},
			{commons.IndicatorLearners, q1, 2, true, 1},
			{commons.IndicatorLearners, q3, 1, true, 1},
			{commons.IndicatorPartnerships, year, 2, true, 2},
			{commons.IndicatorCrossSector, year, 1, true, 1},
			{commons.IndicatorCommitmentsKept, year, 200.0 / 3, true, 3},
			{commons.IndicatorCommitmentsKept, q1, 100, true, 1},
			{commons.IndicatorCommitmentsKept, q4, 0, false, 0},
			{commons.IndicatorVolunteerHours, year, 3.5, true, 2},
			{commons.IndicatorVolunteerHours, q1, 2, true, 1},
		}
		for _, c := range cases {
			e, err := s.Compute(ctx, f.c.ID, c.source, c.p, london)
			if err != nil {
				t.Fatalf("%s %s: %v", c.source, c.p, err)
			}
			if e.HasValue != c.has || math.Abs(e.Value-c.want) > 1e-9 {
				t.Errorf("%s %s = %v (has %v), want %v (has %v)", c.source, c.p, e.Value, e.HasValue, c.want, c.has)
			}
			counted := 0
			for _, it := range e.Items {
				if it.Counted {
					counted++
				}
			}
			if counted != c.counted {
				t.Errorf("%s %s: %d records counted in the evidence %+v, want %d", c.source, c.p, counted, e.Items, c.counted)
			}
		}
		// Time given to a person is one line without a name.
		e, _ := s.Compute(ctx, f.c.ID, commons.IndicatorVolunteerHours, year, london)
		for _, it := range e.Items {
			if it.Kind == "person" && (it.Title != "" || it.ID != "" || it.Amount != 0.5) {
				t.Errorf("time given to people listed as %+v", it)
			}
		}
		// The partnerships summary counts p1's commitments by status.
		ps, err := s.PartnershipsSummary(ctx, f.c.ID, time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 4 || ps[0].PartnershipID != "p1" || ps[0].Kept != 3 || ps[0].Missed != 1 || ps[0].Pending != 1 {
			t.Errorf("partnerships summary = %+v", ps)
		}
	})
}
