package commons

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ActivityKind is what sort of learning an activity is.
type ActivityKind string

// The four kinds of API.md.
const (
	ActivityCourse     ActivityKind = "course"
	ActivityWorkshop   ActivityKind = "workshop"
	ActivitySkillShare ActivityKind = "skill_share"
	ActivityEvent      ActivityKind = "event"
)

// ActivityKinds lists the kinds in the order pages show them.
var ActivityKinds = []ActivityKind{ActivityCourse, ActivityWorkshop, ActivitySkillShare, ActivityEvent}

// Levels say whom an activity is pitched at.
var Levels = []string{"all", "beginner", "intermediate", "advanced"}

// ActivityStatus is whether an occurrence still takes place.
type ActivityStatus string

// An occurrence is scheduled until it is cancelled.
const (
	ActivityScheduled ActivityStatus = "scheduled"
	ActivityCancelled ActivityStatus = "cancelled"
)

// RegistrationStatus is where a person stands for an occurrence.
type RegistrationStatus string

// A registration holds a place or waits for one.
const (
	Registered RegistrationStatus = "registered"
	Waitlisted RegistrationStatus = "waitlisted"
)

// Activity is one occurrence of a course, workshop, skill-share or event.
// A series is several activities sharing a SeriesID (the id of its first
// occurrence) and the rule that made them; each is registrable alone.
type Activity struct {
	ID          string
	CommunityID string
	SeriesID    string
	Kind        ActivityKind
	Title       string
	Description string
	Languages   []string
	Themes      []string
	Level       string
	// CostMinor is the price in minor units (pence, kopecks); nil is free.
	CostMinor     *int
	Currency      string
	Accessibility string // notes on access, in the organizers' words
	ResourceID    string // the venue, a bookable space; or
	OnlineURL     string // a link to join online
	VenueTitle    string
	VenueAddress  string
	BookingID     string
	Capacity      *int // nil: no limit
	StartsAt      time.Time
	EndsAt        time.Time
	Status        ActivityStatus
	Recurrence    string // the RRULE that made the series, if any
	ProposalID    string
	Organizers    []Organizer
	Registered    int
	Waitlisted    int
	CreatedBy     string
	CreatedAt     time.Time
	// UpdatedAt is when it was last edited, moved or cancelled (its
	// creation until then).
	UpdatedAt time.Time
}

// Free reports whether the activity costs nothing.
func (a Activity) Free() bool { return a.CostMinor == nil || *a.CostMinor == 0 }

// Cost writes the price as an amount with its currency, "" when free.
func (a Activity) Cost() string {
	if a.Free() {
		return ""
	}
	return fmt.Sprintf("%d.%02d %s", *a.CostMinor/100, *a.CostMinor%100, a.Currency)
}

// Places is the capacity, 0 when there is no limit.
func (a Activity) Places() int {
	if a.Capacity == nil {
		return 0
	}
	return *a.Capacity
}

// PlacesLeft is how many places are free, when there is a limit.
func (a Activity) PlacesLeft() int { return max(0, a.Places()-a.Registered) }

// Full reports whether every place is taken.
func (a Activity) Full() bool { return a.Capacity != nil && a.Registered >= *a.Capacity }

// Organizer is an organization or a person who runs an activity.
type Organizer struct {
	OrganizationID string
	UserID         string
	Name           string
}

// ActivityFields are what an organizer writes about an activity.
type ActivityFields struct {
	Kind          ActivityKind
	Title         string
	Description   string
	Languages     []string
	Themes        []string
	Level         string
	CostMinor     *int
	Currency      string
	Accessibility string
	ResourceID    string
	OnlineURL     string
	Capacity      *int
	StartsAt      time.Time
	EndsAt        time.Time
	// Recurrence is an RRULE (RFC 5545) subset: FREQ=WEEKLY or MONTHLY,
	// INTERVAL, and COUNT or UNTIL; empty for a single occurrence.
	Recurrence string
	// OrganizationIDs run it with the person who publishes it; each must be
	// an organization they belong to.
	OrganizationIDs []string
	ProposalID      string
}

// Limits on activities.
const (
	MaxActivityHours = 14 * 24 * time.Hour
	MaxCapacity      = 100000
)

// Normalize trims input and fills defaults.
func (f *ActivityFields) Normalize() {
	f.Title = strings.TrimSpace(f.Title)
	f.Description = strings.TrimSpace(f.Description)
	f.Accessibility = strings.TrimSpace(f.Accessibility)
	f.OnlineURL = strings.TrimSpace(f.OnlineURL)
	f.Recurrence = strings.ToUpper(strings.TrimSpace(f.Recurrence))
	f.Currency = strings.ToUpper(strings.TrimSpace(f.Currency))
	f.Themes = cleanList(f.Themes, true)
	f.Languages = cleanList(f.Languages, true)
	if f.Level == "" {
		f.Level = "all"
	}
	if f.CostMinor != nil && *f.CostMinor == 0 {
		f.CostMinor = nil
	}
	if f.CostMinor == nil {
		f.Currency = ""
	}
}

// cleanList trims, drops empties and duplicates, and lower-cases themes so
// that "Welsh" and "welsh" filter alike.
func cleanList(in []string, lower bool) []string {
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if lower {
			s = strings.ToLower(s)
		}
		if s != "" && !containsString(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// SplitList reads a comma-separated list as typed in a form.
func SplitList(s string) []string { return cleanList(strings.Split(s, ","), true) }

// Validate checks an activity's fields; the first occurrence's times are
// checked here, the series' by Occurrences.
func (f *ActivityFields) Validate(v *Validator, now time.Time) {
	OneOf(v, "kind", f.Kind, ActivityKinds)
	v.Line("title", f.Title, true, MaxNameLen)
	v.Text("description", f.Description, false, MaxDescriptionLen)
	v.Text("accessibility", f.Accessibility, false, MaxShortTextLen)
	OneOf(v, "level", f.Level, Levels)
	if len(f.Themes) > MaxThemes {
		v.Fail("themes", Msg("error.field.too_many", "Max", MaxThemes))
	}
	for _, t := range f.Themes {
		v.Line("themes", t, false, 60)
	}
	f.Languages = v.Languages("languages", f.Languages)
	if f.OnlineURL != "" {
		v.URL("online_url", f.OnlineURL)
	}
	if f.ResourceID != "" && f.OnlineURL != "" {
		v.Fail("online_url", Msg("error.activity.venue_or_online"))
	}
	if f.Capacity != nil && (*f.Capacity < 1 || *f.Capacity > MaxCapacity) {
		v.Fail("capacity", Msg("error.field.range", "Min", 1, "Max", MaxCapacity))
	}
	if f.CostMinor != nil {
		if *f.CostMinor < 0 || *f.CostMinor > 100_000_00 {
			v.Fail("cost", Msg("error.field.range", "Min", 0, "Max", 100000))
		}
		if len(f.Currency) != 3 || strings.Trim(f.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			v.Fail("currency", Msg("error.activity.currency"))
		}
	}
	switch {
	case f.StartsAt.IsZero():
		v.Fail("starts_at", Msg("error.field.required"))
	case f.EndsAt.IsZero():
		v.Fail("ends_at", Msg("error.field.required"))
	case !f.EndsAt.After(f.StartsAt):
		v.Fail("ends_at", Msg("error.booking.end_before_start"))
	case f.EndsAt.Sub(f.StartsAt) > MaxActivityHours:
		v.Fail("ends_at", Msg("error.booking.too_long"))
	case f.EndsAt.Before(now):
		v.Fail("starts_at", Msg("error.booking.past"))
	case f.StartsAt.After(now.Add(MaxBookingAhead)):
		v.Fail("starts_at", Msg("error.booking.too_far"))
	}
}

// Rule is the subset of an RFC 5545 RRULE that activities repeat by.
type Rule struct {
	Freq     string // WEEKLY or MONTHLY
	Interval int
	Count    int
	Until    time.Time // inclusive; zero when Count is given
	// Nth and Weekday are a monthly rule's BYDAY with a position: the
	// first Saturday (1, Saturday), the last Friday (-1, Friday). Nth is
	// 0 for a monthly rule on the start's day of the month.
	Nth     int
	Weekday time.Weekday
}

// byDayNames are RFC 5545's two-letter weekdays.
var byDayNames = map[string]time.Weekday{"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
	"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday}

// nthWeekday is the nth (1–4, or -1 for the last) weekday of a month.
func nthWeekday(year int, month time.Month, nth int, day time.Weekday, loc *time.Location) time.Time {
	if nth < 0 {
		last := time.Date(year, month+1, 0, 0, 0, 0, 0, loc)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(day) + 7) % 7))
	}
	first := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	return first.AddDate(0, 0, (int(day)-int(first.Weekday())+7)%7+7*(nth-1))
}

// ParseRule reads an RRULE such as "FREQ=WEEKLY;INTERVAL=2;COUNT=10" or
// "FREQ=MONTHLY;UNTIL=20270601". A rule without an end is refused: a
// series that never ends would fill calendars and book a venue forever.
func ParseRule(s string, loc *time.Location) (Rule, error) {
	var v Validator
	r := Rule{Interval: 1}
	s = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "RRULE:")
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ";") {
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			v.Fail("recurrence", Msg("error.activity.rrule"))
			break
		}
		// RFC 5545: each part "MUST NOT occur more than once"; which of
		// two COUNTs would we keep?
		if seen[name] {
			v.Fail("recurrence", Msg("error.activity.rrule_twice", "Part", truncate(name, 20)))
			break
		}
		seen[name] = true
		switch name {
		case "FREQ":
			r.Freq = value
		case "INTERVAL":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 || n > 52 {
				v.Fail("recurrence", Msg("error.activity.rrule"))
			}
			r.Interval = n
		case "COUNT":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 || n > MaxRepeatCount {
				v.Fail("recurrence", Msg("error.field.range", "Min", 1, "Max", MaxRepeatCount))
			}
			r.Count = n
		case "UNTIL":
			var t time.Time
			var err error
			if len(value) == 8 {
				t, err = time.ParseInLocation("20060102", value, loc)
				t = t.AddDate(0, 0, 1).Add(-time.Second) // the whole day
			} else {
				t, err = time.Parse("20060102T150405Z", value)
			}
			if err != nil {
				v.Fail("recurrence", Msg("error.activity.rrule"))
			}
			r.Until = t
		case "BYDAY":
			// Only a monthly rule's one positioned weekday ("1SA", "-1FR"):
			// "the first Saturday of the month".
			d, ok := byDayNames[value[max(0, len(value)-2):]]
			n, err := strconv.Atoi(value[:max(0, len(value)-2)])
			if !ok || err != nil || (n < 1 || n > 4) && n != -1 {
				v.Fail("recurrence", Msg("error.activity.rrule"))
			}
			r.Nth, r.Weekday = n, d
		case "WKST":
			// The week's first day changes nothing for these frequencies.
		default:
			v.Fail("recurrence", Msg("error.activity.rrule_part", "Part", truncate(name, 20)))
		}
	}
	if r.Freq != "WEEKLY" && r.Freq != "MONTHLY" {
		v.Fail("recurrence", Msg("error.activity.rrule_freq"))
	}
	if r.Nth != 0 && r.Freq != "MONTHLY" {
		v.Fail("recurrence", Msg("error.activity.rrule_part", "Part", "BYDAY"))
	}
	if r.Count == 0 && r.Until.IsZero() {
		v.Fail("recurrence", Msg("error.booking.recurrence_end"))
	} else if r.Count > 0 && !r.Until.IsZero() {
		v.Fail("recurrence", Msg("error.activity.rrule_both"))
	}
	return r, v.Err()
}

// String writes the rule back as an RRULE value.
func (r Rule) String() string {
	s := "FREQ=" + r.Freq
	if r.Interval > 1 {
		s += ";INTERVAL=" + strconv.Itoa(r.Interval)
	}
	if r.Nth != 0 {
		for name, d := range byDayNames {
			if d == r.Weekday {
				s += ";BYDAY=" + strconv.Itoa(r.Nth) + name
			}
		}
	}
	if r.Count > 0 {
		s += ";COUNT=" + strconv.Itoa(r.Count)
	} else {
		s += ";UNTIL=" + r.Until.UTC().Format("20060102T150405Z")
	}
	return s
}

// Occurrences returns the slots of a series starting with the first, in
// local clock time (a 19:00 class stays at 19:00 across daylight saving).
// A monthly series on the 31st skips months without one, as RFC 5545 does.
func (r Rule) Occurrences(start, end time.Time, loc *time.Location) ([]TimeSlot, error) {
	ls, le := start.In(loc), end.In(loc)
	var out []TimeSlot
	for i := 0; len(out) < MaxRepeatCount+1; i++ {
		var s, e time.Time
		if r.Freq == "WEEKLY" {
			s, e = ls.AddDate(0, 0, 7*r.Interval*i), le.AddDate(0, 0, 7*r.Interval*i)
		} else if r.Nth != 0 {
			// The nth weekday of each month, at the start's clock time;
			// a start that is not one itself comes first, as RFC 5545's
			// DTSTART does.
			m := time.Date(ls.Year(), ls.Month()+time.Month(r.Interval*i), 1, 0, 0, 0, 0, loc)
			d := nthWeekday(m.Year(), m.Month(), r.Nth, r.Weekday, loc)
			s = time.Date(d.Year(), d.Month(), d.Day(), ls.Hour(), ls.Minute(), 0, 0, loc)
			e = s.Add(le.Sub(ls))
			if i == 0 && !s.Equal(ls) {
				out = append(out, TimeSlot{ls.UTC(), le.UTC()})
				if s.Before(ls) {
					continue
				}
			}
		} else {
			s, e = ls.AddDate(0, r.Interval*i, 0), le.AddDate(0, r.Interval*i, 0)
			if s.Day() != ls.Day() {
				if i > 12*MaxRepeatCount {
					break
				}
				continue
			}
		}
		if r.Count > 0 && len(out) >= r.Count || !r.Until.IsZero() && s.After(r.Until) {
			break
		}
		out = append(out, TimeSlot{s.UTC(), e.UTC()})
	}
	var v Validator
	if len(out) > MaxRepeatCount {
		v.Fail("recurrence", Msg("error.field.too_many", "Max", MaxRepeatCount))
	} else if len(out) == 0 {
		v.Fail("recurrence", Msg("error.booking.recurrence_empty"))
	}
	return out, v.Err()
}

// Proposal is a learner's "I want to learn X", gathering interest, a
// teacher and a host until it becomes an activity.
type Proposal struct {
	ID          string
	CommunityID string
	Title       string
	Description string
	Themes      []string
	CreatedBy   string
	AuthorName  string
	ActivityID  string // set once it became an activity
	Interest    []ProposalInterest
	CreatedAt   time.Time
}

// InterestRole is how a person backs a proposal.
type InterestRole string

// A person wants to learn, offers to teach, or offers a place.
const (
	InterestLearn InterestRole = "learn"
	InterestTeach InterestRole = "teach"
	InterestHost  InterestRole = "host"
)

// InterestRoles lists the roles.
var InterestRoles = []InterestRole{InterestLearn, InterestTeach, InterestHost}

// ProposalInterest is one person backing a proposal.
type ProposalInterest struct {
	UserID     string
	Name       string
	Role       InterestRole
	ResourceID string // the place a host offers
	Note       string
	CreatedAt  time.Time
}

// People returns the ids of those backing a proposal in a role.
func (p Proposal) People(role InterestRole) []string {
	var out []string
	for _, i := range p.Interest {
		if i.Role == role {
			out = append(out, i.UserID)
		}
	}
	return out
}

// LearningProfile is what a member can teach, wants to learn, and speaks.
type LearningProfile struct {
	CommunityID string
	UserID      string
	Name        string
	Teaches     []string
	Learns      []string
	Languages   []string
}

// Validate checks a profile's lists.
func (p *LearningProfile) Validate(v *Validator) {
	p.Teaches, p.Learns = cleanList(p.Teaches, true), cleanList(p.Learns, true)
	for field, list := range map[string][]string{"teaches": p.Teaches, "learns": p.Learns} {
		if len(list) > 30 {
			v.Fail(field, Msg("error.field.too_many", "Max", 30))
		}
		for _, s := range list {
			v.Line(field, s, false, 100)
		}
	}
	if p.Languages = cleanList(p.Languages, false); len(p.Languages) > 0 {
		p.Languages = v.Languages("languages", p.Languages)
	}
}
