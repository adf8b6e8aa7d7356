package region

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

type activityTemplate struct {
	kind               commons.ActivityKind
	title, description string
	theme              string
}

var activityTemplates = []activityTemplate{
	{commons.ActivityCourse, "Welsh for beginners", "Ten evenings of everyday Welsh: greetings, shopping, the weather. No books needed.", "culture"},
	{commons.ActivityCourse, "Computers from scratch", "Mouse, keyboard, e-mail and video calls, at your pace, with a helper beside you.", "digital_skills"},
	{commons.ActivityCourse, "English conversation", "Practise speaking English over tea, in small groups, whatever your level.", "integration"},
	{commons.ActivityWorkshop, "Fix your bike", "Bring your bike: we mend punctures, brakes and gears together.", "climate"},
	{commons.ActivityWorkshop, "Write a CV that works", "Make a CV and a cover letter with someone who hires people.", "work"},
	{commons.ActivityWorkshop, "Draught-proof your home", "Simple ways to keep the heat in, with materials to take home.", "climate"},
	{commons.ActivitySkillShare, "Knitting circle", "Bring needles and wool; experienced knitters show beginners.", "intergenerational"},
	{commons.ActivitySkillShare, "Phone help for grandparents", "Young volunteers help with phones and tablets.", "intergenerational"},
	{commons.ActivityEvent, "Oral history evening", "Former miners tell their stories; the museum records them.", "culture"},
	{commons.ActivityEvent, "Health walk and talk", "A gentle walk with a nurse from the health board, then tea.", "health"},
}

// activities schedules the region's learning: courses, workshops,
// skill-shares and events from a month back to three months ahead, at a
// venue (booked, in the evening after the day's bookings) or online, each
// with its organizer and people registered — the popular ones full, with
// a waitlist.
func (g *Generator) activities(ctx context.Context, r *rand.Rand, comms []*community) error {
	n, regs := g.Counts.Activities, g.Counts.Registrations
	if n == 0 {
		return nil
	}
	aw := g.writer(ctx, "activities", n, "activities", "community_id", "id", "series_id", "kind", "title", "description",
		"languages", "themes", "level", "cost_minor", "currency", "accessibility", "resource_id", "online_url", "booking_id",
		"capacity", "starts_at", "ends_at", "status", "recurrence", "created_by", "created_at")
	bw := g.writer(ctx, "", 0, "bookings", "community_id", "id", "resource_id", "requester_id", "starts_at", "ends_at",
		"status", "purpose", "created_at")
	ow := g.writer(ctx, "", 0, "activity_organizers", "community_id", "series_id", "position", "organization_id", "user_id")
	rw := g.writer(ctx, "registrations", regs, "activity_registrations", "community_id", "activity_id", "user_id", "status", "seq", "created_at")
	bw.hold, ow.hold, rw.hold = true, true, true
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		return err
	}
	today := g.Now.In(london)
	first := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, london).AddDate(0, 0, -30)
	perActivity := max(1, regs/n)
	written := 0
	venueUse := map[*community]int{}
	for i := range n {
		c := comms[i%len(comms)]
		t := pick(r, activityTemplates)
		id := store.NewID()
		creator := c.members[r.IntN(len(c.members))]
		var start time.Time
		var resource, booking any
		online := ""
		if len(c.bookables) > 0 && i%3 != 0 {
			// One evening activity per venue and day, after 20:30, when
			// the generated bookings have ended: no overlaps.
			k := venueUse[c]
			venueUse[c]++
			venue := c.bookables[k%len(c.bookables)]
			day := first.AddDate(0, 0, (k/len(c.bookables))%120)
			start = time.Date(day.Year(), day.Month(), day.Day(), 20, 30, 0, 0, london)
			bookingID := store.NewID()
			resource, booking = venue, bookingID
			if err := bw.add(c.id, bookingID, venue, creator, start.UTC(), start.Add(90*time.Minute).UTC(), commons.BookingConfirmed,
				t.title, g.Now.UTC()); err != nil {
				return err
			}
		} else {
			day := first.AddDate(0, 0, r.IntN(120))
			start = time.Date(day.Year(), day.Month(), day.Day(), 10+r.IntN(9), 0, 0, 0, london)
			online = "https://meet.example.org/" + id[len(id)-12:]
		}
		capacity := 8 + r.IntN(23)
		var cost any
		if r.IntN(5) == 0 {
			cost = 300 + 100*r.IntN(10)
		}
		if err := aw.add(c.id, id, id, t.kind, t.title, t.description, "\nen\n", "\n"+t.theme+"\n", "", cost, "GBP", "",
			resource, online, booking, capacity, start.UTC(), start.Add(90*time.Minute).UTC(), commons.ActivityScheduled, "",
			creator, g.ago(r, 30)); err != nil {
			return err
		}
		var org, user any = nil, creator
		if len(c.orgs) > 0 && r.IntN(2) == 0 {
			org, user = c.orgs[r.IntN(len(c.orgs))], nil
		}
		if err := ow.add(c.id, id, 0, org, user); err != nil {
			return err
		}
		// Popular activities fill up and keep a waitlist; most do not.
		want := perActivity/2 + r.IntN(perActivity+1)
		if i%10 == 0 {
			want = capacity + 5
		}
		want = min(want, len(c.members), regs-written)
		for seq, m := range r.Perm(len(c.members))[:want] {
			status := "registered"
			if seq >= capacity {
				status = "waitlisted"
			}
			if err := rw.add(c.id, id, c.members[m], status, seq+1, g.ago(r, 20)); err != nil {
				return err
			}
			written++
		}
	}
	for _, w := range []*writer{aw, bw, ow, rw} {
		if err := w.flush(); err != nil {
			return err
		}
	}
	return nil
}
