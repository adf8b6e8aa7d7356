package store_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// The Profile's evidence is counted against a small community whose
// figures are counted by hand below, on both engines; a second community's
// rows must not leak in.
func TestEvidenceHandCounted(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		u := mustUser(t, s, "ev@example.org")
		v := mustUser(t, s, "ev2@example.org")
		w := mustUser(t, s, "ev3@example.org")
		c := mustCommunity(t, s, "evidence", u.ID)
		other := mustCommunity(t, s, "elsewhere", u.ID)
		now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		old := now.AddDate(-2, 0, 0)
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := s.Exec(ctx, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		org := func(cid, id, sector, moderation string) {
			exec(`INSERT INTO organizations (community_id, id, name, sort_key, search_text, sector, description, website, email, address,
				created_at, updated_at, moderation) VALUES (?, ?, ?, ?, '', ?, '', '', '', '', ?, ?, ?)`, cid, id, id, id, sector, old, old, moderation)
		}
		// Organizations: 2 education, 1 ngo, 1 citizen group; a hidden
		// one and another community's are not counted.
		org(c.ID, "school", "education", "visible")
		org(c.ID, "college", "education", "visible")
		org(c.ID, "hall", "ngo", "visible")
		org(c.ID, "choir", "citizen_group", "visible")
		org(c.ID, "spam", "business", "hidden")
		org(other.ID, "far", "business", "visible")
		res := func(cid, id, kind, owner string) {
			exec(`INSERT INTO resources (community_id, id, kind, title, description, owner_org_id, address, accessibility, terms, terms_note,
				bookable, approval, public_titles, sort_key, created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, '', '', 'free', '', TRUE, 'open', TRUE, ?, ?, ?)`,
				cid, id, kind, id, owner, id, old, old)
		}
		// Resources: 2 spaces, 1 equipment.
		res(c.ID, "room", "space", "hall")
		res(c.ID, "lab", "space", "school")
		res(c.ID, "drill", "equipment", "hall")
		res(other.ID, "farroom", "space", "far")
		book := func(cid, resource, status string, start time.Time, hours int) {
			exec(`INSERT INTO bookings (community_id, id, resource_id, requester_id, starts_at, ends_at, status, purpose, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)`, cid, fmt.Sprint(resource, start.Unix(), status), resource, u.ID, start, start.Add(time.Duration(hours)*time.Hour), status, old)
		}
		// Bookings in the last 12 months: room 2h + 3h, lab 1h (spaces: 2
		// bookings... 3 bookings, 6 hours); drill 4h. Not counted: one
		// declined, one two years ago, one in the future, another
		// community's.
		book(c.ID, "room", "confirmed", now.AddDate(0, -1, 0), 2)
		book(c.ID, "room", "confirmed", now.AddDate(0, -11, 0), 3)
		book(c.ID, "lab", "confirmed", now.AddDate(0, 0, -3), 1)
		book(c.ID, "drill", "confirmed", now.AddDate(0, -2, 0), 4)
		book(c.ID, "room", "declined", now.AddDate(0, -1, 1), 2)
		book(c.ID, "room", "confirmed", old, 2)
		book(c.ID, "room", "confirmed", now.AddDate(0, 0, 3), 2)
		book(other.ID, "farroom", "confirmed", now.AddDate(0, -1, 0), 2)
		act := func(cid, id, themes, langs, status string, start time.Time) {
			exec(`INSERT INTO activities (community_id, id, series_id, kind, title, description, languages, themes, level, currency, accessibility,
				online_url, starts_at, ends_at, status, recurrence, created_at) VALUES (?, ?, ?, 'course', ?, '', ?, ?, '', '', '', 'https://x.example', ?, ?, ?, '', ?)`,
				cid, id, id, id, langs, themes, start, start.Add(time.Hour), status, old)
		}
		reg := func(cid, activity, user, status string) {
			exec(`INSERT INTO activity_registrations (community_id, activity_id, user_id, status, seq, created_at) VALUES (?, ?, ?, ?, 1, ?)`,
				cid, activity, user, status, old)
		}
		// Activities in the window: a1 (digital, en+cy; u, v), a2
		// (digital+health, ru; v, w waitlisted), a3 (no theme, en; w).
		// Not counted: cancelled, too old, future.
		act(c.ID, "a1", "digital", "en\ncy", "scheduled", now.AddDate(0, -1, 0))
		act(c.ID, "a2", "digital\nhealth", "ru", "scheduled", now.AddDate(0, -2, 0))
		act(c.ID, "a3", "", "en", "scheduled", now.AddDate(0, -3, 0))
		act(c.ID, "a4", "digital", "en", "cancelled", now.AddDate(0, -1, 0))
		act(c.ID, "a5", "digital", "en", "scheduled", old)
		act(c.ID, "a6", "digital", "en", "scheduled", now.AddDate(0, 1, 0))
		reg(c.ID, "a1", u.ID, "registered")
		reg(c.ID, "a1", v.ID, "registered")
		reg(c.ID, "a2", v.ID, "registered")
		reg(c.ID, "a2", w.ID, "waitlisted")
		reg(c.ID, "a3", w.ID, "registered")
		reg(c.ID, "a5", w.ID, "registered")
		reg(c.ID, "a6", u.ID, "registered")
		ini := func(id, status string) {
			exec(`INSERT INTO initiatives (community_id, id, title, summary, description, lead_user_id, status, sort_key, created_at, updated_at)
				VALUES (?, ?, ?, '', '', ?, ?, ?, ?, ?)`, c.ID, id, id, u.ID, status, id, old, old)
		}
		ini("i1", "active")
		ini("i2", "active")
		ini("i3", "idea")
		ini("i4", "completed")
		part := func(id, initiative, status string, orgs ...string) {
			exec(`INSERT INTO partnerships (community_id, id, initiative_id, version, status, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)`,
				c.ID, id, initiative, status, old, old)
			exec(`INSERT INTO partnership_versions (community_id, partnership_id, version, review_on, proposed_at) VALUES (?, ?, 1, '2027-01-01', ?)`,
				c.ID, id, old)
			for i, o := range orgs {
				exec(`INSERT INTO partnership_parties (community_id, partnership_id, version, organization_id, position, role) VALUES (?, ?, 1, ?, ?, '')`,
					c.ID, id, o, i)
			}
		}
		// Partnerships: p1 school+hall (education, ngo: cross-sector), p2
		// school+college (education only); p3 is only proposed.
		part("p1", "i1", "active", "school", "hall")
		part("p2", "i2", "active", "school", "college")
		part("p3", "i3", "proposed", "hall", "choir")
		prop := func(id, themes string, activity any, learners ...string) {
			exec(`INSERT INTO activity_proposals (community_id, id, title, description, themes, activity_id, created_at) VALUES (?, ?, ?, '', ?, ?, ?)`,
				c.ID, id, id, themes, activity, old)
			for _, l := range learners {
				exec(`INSERT INTO proposal_interest (community_id, proposal_id, user_id, role, note, created_at) VALUES (?, ?, ?, 'learn', '', ?)`,
					c.ID, id, l, old)
			}
		}
		// Requests unmet: r1 (digital; u, v), r2 (digital+language; v),
		// r3 (no theme; nobody yet). r4 is answered by an activity.
		prop("r1", "digital", nil, u.ID, v.ID)
		prop("r2", "digital\nlanguage", nil, v.ID)
		prop("r3", "", nil)
		prop("r4", "digital", "a1", w.ID)
		hours := func(user, day, theme, status string, minutes int) {
			exec(`INSERT INTO volunteer_hours (community_id, id, user_id, for_type, for_id, day, minutes, what, theme, status, question, answer, created_at)
				VALUES (?, ?, ?, 'person', ?, ?, ?, 'help', ?, ?, '', '', ?)`, c.ID, fmt.Sprint(user, day, theme, status), user, u.ID, day, minutes, theme, status, old)
		}
		// Confirmed hours in the window: culture 60 (u) + 30 (v), "" 45
		// (u). Not counted: pending, too old.
		hours(u.ID, "2026-05-01", "culture", "confirmed", 60)
		hours(v.ID, "2026-04-01", "culture", "confirmed", 30)
		hours(u.ID, "2026-03-01", "", "confirmed", 45)
		hours(w.ID, "2026-05-02", "culture", "pending", 120)
		hours(w.ID, "2024-05-02", "culture", "confirmed", 120)

		got, err := s.Evidence(ctx, c.ID, commons.EvidenceKinds, now)
		if err != nil {
			t.Fatal(err)
		}
		r := func(key string, values ...int) commons.EvidenceRow {
			return commons.EvidenceRow{Key: key, Values: values}
		}
		want := map[commons.EvidenceKind]commons.Evidence{
			commons.EvidenceOrganizations:      {Total: []int{4}, Rows: []commons.EvidenceRow{r("education", 2), r("citizen_group", 1), r("ngo", 1)}},
			commons.EvidenceResources:          {Total: []int{3, 4, 10}, Rows: []commons.EvidenceRow{r("space", 2, 3, 6), r("equipment", 1, 1, 4)}},
			commons.EvidenceActivitiesTheme:    {Total: []int{3, 3}, Rows: []commons.EvidenceRow{r("digital", 2, 2), r("", 1, 1), r("health", 1, 1)}},
			commons.EvidenceActivitiesLanguage: {Total: []int{3, 3}, Rows: []commons.EvidenceRow{r("en", 2, 3), r("cy", 1, 2), r("ru", 1, 1)}},
			commons.EvidenceInitiatives:        {Total: []int{4}, Rows: []commons.EvidenceRow{r("active", 2), r("completed", 1), r("idea", 1)}},
			commons.EvidencePartnerships:       {Total: []int{2, 1}, Rows: []commons.EvidenceRow{r("education", 2, 1), r("ngo", 1, 1)}},
			commons.EvidenceRequests:           {Total: []int{3, 2}, Rows: []commons.EvidenceRow{r("digital", 2, 2), r("", 1, 0), r("language", 1, 1)}},
			commons.EvidenceHours:              {Total: []int{135, 2}, Rows: []commons.EvidenceRow{r("culture", 90, 2), r("", 45, 1)}},
		}
		if len(got) != len(commons.EvidenceKinds) {
			t.Fatalf("%d blocks", len(got))
		}
		for _, e := range got {
			w := want[e.Kind]
			if !reflect.DeepEqual(e.Total, w.Total) || !reflect.DeepEqual(e.Rows, w.Rows) || !e.At.Equal(now) {
				t.Errorf("%s: got %v %v, want %v %v", e.Kind, e.Total, e.Rows, w.Total, w.Rows)
			}
		}
		if _, err := s.Evidence(ctx, c.ID, []commons.EvidenceKind{"weather"}, now); commons.CodeOf(err) != commons.CodeInvalid {
			t.Fatalf("unknown kind: %v", err)
		}
	})
}
