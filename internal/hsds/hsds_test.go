package hsds_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/hsds"
)

// A series' stored rule becomes its schedule, in the community's zone;
// ids are the same at every build and differ between communities.
func TestScheduleAndIDs(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	at := func(month, day, hour int) time.Time {
		return time.Date(2027, time.Month(month), day, hour, 0, 0, 0, london)
	}
	occ := func(id string, start time.Time, rule string) commons.Activity {
		return commons.Activity{ID: id, SeriesID: "s-" + rule, Kind: commons.ActivityCourse, Title: "Course " + rule, Recurrence: rule,
			StartsAt: start, EndsAt: start.Add(90 * time.Minute), CreatedAt: start, UpdatedAt: start}
	}
	in := hsds.Input{Community: commons.Community{ID: "c1", Slug: "cwm"}, Location: london, Activities: []commons.Activity{
		occ("a1", at(7, 5, 18), "FREQ=WEEKLY;INTERVAL=2;COUNT=4"),
		occ("a2", at(1, 14, 10), "FREQ=MONTHLY;UNTIL=20270614T090000Z"),
		occ("a3", at(3, 1, 9), ""),
		occ("a4", at(1, 2, 10), "FREQ=MONTHLY;BYDAY=1SA;COUNT=6"),
	}}
	d := hsds.Build(in)
	if len(d.Services) != 4 {
		t.Fatalf("%d services", len(d.Services))
	}
	sc := func(i int) hsds.Schedule { return d.Services[i].Schedules[0] }
	if s := sc(0); s.Freq != "WEEKLY" || *s.Interval != 2 || *s.Count != 4 || s.ByDay != "MO" || s.OpensAt != "18:00" || s.ClosesAt != "19:30" ||
		*s.Timezone != 1 || s.DTStart != "2027-07-05" {
		t.Errorf("weekly: %+v", s)
	}
	if s := sc(1); s.Freq != "MONTHLY" || s.Until != "2027-06-14" || s.ByMonthDay != "14" || *s.Timezone != 0 || s.OpensAt != "10:00" {
		t.Errorf("monthly: %+v", s)
	}
	if s := sc(2); s.Freq != "" || s.ValidFrom != "2027-03-01" || s.ValidTo != "2027-03-01" {
		t.Errorf("one date: %+v", s)
	}
	// The first Saturday of each month, not "the 2nd of each month".
	if s := sc(3); s.Freq != "MONTHLY" || s.ByDay != "1SA" || s.ByMonthDay != "" || *s.Count != 6 || s.OpensAt != "10:00" {
		t.Errorf("nth weekday: %+v", s)
	}
	if again := hsds.Build(in); again.Services[0].ID != d.Services[0].ID || again.Services[0].Schedules[0].ID != sc(0).ID {
		t.Error("ids change from one build to the next")
	}
	if hsds.ID("c1", "activity", "x") == hsds.ID("c2", "activity", "x") || hsds.ID("c1", "activity", "x") == hsds.ID("c1", "resource", "x") {
		t.Error("ids of different communities or kinds collide")
	}
}

// A resource's opening hours are weekly schedules of its service, the
// days with the same hours together from Monday, with the community's UTC
// offset when the dataset is built; a resource without hours has none.
func TestOpeningHours(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	in := hsds.Input{Community: commons.Community{ID: "c1", Slug: "cwm"}, Location: london, Now: time.Date(2027, 7, 1, 12, 0, 0, 0, time.UTC),
		Resources: []commons.Resource{{ID: "r1", Title: "Hall", Kind: commons.KindSpace}, {ID: "r2", Title: "Drill", Kind: commons.KindEquipment}},
		Hours: map[string][]commons.OpeningInterval{"r1": {
			{Weekday: time.Sunday, Opens: 10 * 60, Closes: 13 * 60},
			{Weekday: time.Monday, Opens: 9 * 60, Closes: 17 * 60},
			{Weekday: time.Tuesday, Opens: 9 * 60, Closes: 17 * 60},
			{Weekday: time.Tuesday, Opens: 18 * 60, Closes: 21 * 60},
			{Weekday: time.Saturday, Opens: 10 * 60, Closes: 13 * 60},
		}}}
	d := hsds.Build(in)
	var got []string
	for _, s := range d.Services[0].Schedules {
		if s.Freq != "WEEKLY" || s.ServiceID != d.Services[0].ID || *s.Timezone != 1 {
			t.Errorf("schedule %+v", s)
		}
		got = append(got, s.ByDay+" "+s.OpensAt+"-"+s.ClosesAt)
	}
	if want := "[MO,TU 09:00-17:00 TU 18:00-21:00 SA,SU 10:00-13:00]"; fmt.Sprint(got) != want {
		t.Errorf("schedules %v, want %s", got, want)
	}
	if n := len(d.Services[1].Schedules); n != 0 {
		t.Errorf("a resource without hours has %d schedules", n)
	}
}
