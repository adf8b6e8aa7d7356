package commons

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Kind is what sort of thing a resource is.
type Kind string

// The seven kinds of API.md.
const (
	KindSpace     Kind = "space"
	KindEquipment Kind = "equipment"
	KindFunding   Kind = "funding"
	KindExpertise Kind = "expertise"
	KindTime      Kind = "time"
	KindMaterials Kind = "materials"
	KindOther     Kind = "other"
)

// Kinds lists every kind in the order pages show them.
var Kinds = []Kind{KindSpace, KindEquipment, KindFunding, KindExpertise, KindTime, KindMaterials, KindOther}

// Terms say what a resource costs its users.
type Terms string

// The terms a resource can be shared on.
const (
	TermsFree        Terms = "free"
	TermsCostSharing Terms = "cost_sharing"
	TermsInReturn    Terms = "in_return"
)

// AllTerms lists the terms.
var AllTerms = []Terms{TermsFree, TermsCostSharing, TermsInReturn}

// Approval says how a booking of a resource is confirmed.
type Approval string

// The approval policies of API.md.
const (
	// ApprovalOpen confirms every booking at once.
	ApprovalOpen Approval = "open"
	// ApprovalTrusted confirms at once for the owner's people and for those
	// trusted for the resource; everyone else asks.
	ApprovalTrusted Approval = "trusted"
	// ApprovalRequest has the stewards decide every booking.
	ApprovalRequest Approval = "request"
)

// Approvals lists the policies.
var Approvals = []Approval{ApprovalOpen, ApprovalTrusted, ApprovalRequest}

// StandardAccessibility are the accessibility features every community
// knows; a community may add its own (Community.AccessibilityFeatures).
var StandardAccessibility = []string{"step_free", "accessible_toilet", "hearing_loop", "quiet_room"}

// Resource is something an actor shares: a room, a tool, money, know-how.
type Resource struct {
	ID                string
	CommunityID       string
	Kind              Kind
	Title             string
	Description       string
	OwnerOrgID        string // one of OwnerOrgID and OwnerUserID is set
	OwnerUserID       string
	OwnerName         string
	OwnerSector       Sector // the owning organization's sector, if any
	Address           string // the street line (HSDS address_1)
	Place             PostalAddress
	Latitude          *float64
	Longitude         *float64
	Capacity          *int
	Accessibility     []string
	Terms             Terms
	TermsNote         string
	Bookable          bool
	Approval          Approval
	MaxHoursPerWeek   *int
	MaxFutureBookings *int
	PublicTitles      bool
	TrustLapseDays    *int
	HasPhoto          bool
	Moderation        Moderation
	Archive           Archive
	CreatedBy         string
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// AuthorID is the person answerable for a resource: its owner, or whoever
// shared it for an organization.
func (r Resource) AuthorID() string {
	if r.OwnerUserID != "" {
		return r.OwnerUserID
	}
	return r.CreatedBy
}

// Fields are the resource's editable fields.
func (r Resource) Fields() ResourceFields {
	return ResourceFields{Kind: r.Kind, Title: r.Title, Description: r.Description, OwnerOrgID: r.OwnerOrgID,
		Address: r.Address, Place: r.Place, Latitude: r.Latitude, Longitude: r.Longitude, Capacity: r.Capacity,
		Accessibility: r.Accessibility, Terms: r.Terms, TermsNote: r.TermsNote, Bookable: r.Bookable, Approval: r.Approval,
		MaxHoursPerWeek: r.MaxHoursPerWeek, MaxFutureBookings: r.MaxFutureBookings, PublicTitles: r.PublicTitles,
		TrustLapseDays: r.TrustLapseDays}
}

// ResourceFields are the editable fields of a resource.
type ResourceFields struct {
	Kind              Kind
	Title             string
	Description       string
	OwnerOrgID        string // empty: the person who publishes it owns it
	Address           string
	Place             PostalAddress
	Latitude          *float64
	Longitude         *float64
	Capacity          *int
	Accessibility     []string
	Terms             Terms
	TermsNote         string
	Bookable          bool
	Approval          Approval
	MaxHoursPerWeek   *int
	MaxFutureBookings *int
	PublicTitles      bool
	TrustLapseDays    *int
}

// Normalize trims input and fills defaults.
func (f *ResourceFields) Normalize() {
	f.Title = strings.TrimSpace(f.Title)
	f.Description = strings.TrimSpace(f.Description)
	f.Address = strings.TrimSpace(f.Address)
	f.Place.Normalize()
	f.TermsNote = strings.TrimSpace(f.TermsNote)
	if f.Terms == "" {
		f.Terms = TermsFree
	}
	if f.Approval == "" {
		f.Approval = ApprovalOpen
	}
	var feats []string
	for _, a := range f.Accessibility {
		if a = strings.TrimSpace(a); a != "" && !containsString(feats, a) {
			feats = append(feats, a)
		}
	}
	f.Accessibility = feats
}

// Validate checks a resource's fields; features are checked against the
// community's list.
func (f *ResourceFields) Validate(v *Validator, features []string) {
	OneOf(v, "kind", f.Kind, Kinds)
	v.Line("title", f.Title, true, MaxNameLen)
	v.Text("description", f.Description, false, MaxDescriptionLen)
	v.Text("address", f.Address, false, MaxShortTextLen)
	f.Place.Validate(v)
	v.Text("terms_note", f.TermsNote, false, MaxShortTextLen)
	OneOf(v, "terms", f.Terms, AllTerms)
	OneOf(v, "approval", f.Approval, Approvals)
	if (f.Latitude == nil) != (f.Longitude == nil) {
		v.Fail("latitude", Msg("error.field.coordinates"))
	} else if f.Latitude != nil && (math.IsNaN(*f.Latitude) || *f.Latitude < -90 || *f.Latitude > 90 || math.IsNaN(*f.Longitude) || *f.Longitude < -180 || *f.Longitude > 180) {
		v.Fail("latitude", Msg("error.field.coordinates"))
	}
	positive := func(field string, n *int, max int) {
		if n != nil && (*n < 1 || *n > max) {
			v.Fail(field, Msg("error.field.range", "Min", 1, "Max", max))
		}
	}
	positive("capacity", f.Capacity, 100000)
	positive("max_hours_per_week", f.MaxHoursPerWeek, 168)
	positive("max_future_bookings", f.MaxFutureBookings, 1000)
	positive("trust_lapse_days", f.TrustLapseDays, 3650)
	for _, a := range f.Accessibility {
		if !containsString(features, a) {
			v.Fail("accessibility", Msg("error.field.one_of", "Allowed", strings.Join(features, ", ")))
			break
		}
	}
}

// ResourceReplacement replaces a resource's fields (API.md's PUT) but
// keeps what the request left out of its location, so that a client that
// knows nothing of the postal address wipes nothing: without Location the
// street line, postal address and coordinates all stay; with it, the
// postal parts it leaves nil stay.
type ResourceReplacement struct {
	Fields   ResourceFields // its address, postal address and coordinates are not read
	Location *LocationChange
}

// LocationChange is where a request puts a resource: its street line and
// coordinates as given, and the postal parts it gives.
type LocationChange struct {
	Address             string
	Latitude, Longitude *float64
	Place               PlaceChange
}

// Apply returns r's fields after the replacement.
func (rp ResourceReplacement) Apply(r Resource) ResourceFields {
	f := rp.Fields
	f.Address, f.Place, f.Latitude, f.Longitude = r.Address, r.Place, r.Latitude, r.Longitude
	if l := rp.Location; l != nil {
		f.Address, f.Latitude, f.Longitude = l.Address, l.Latitude, l.Longitude
		l.Place.Apply(&f.Place)
	}
	return f
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// OpeningInterval is one stretch of a weekday when a resource is open, in
// the community's local time: minutes after midnight, Closes after Opens
// (1440 is midnight at the end of the day).
type OpeningInterval struct {
	Weekday time.Weekday
	Opens   int
	Closes  int
}

// String writes an interval's clock times as HH:MM–HH:MM.
func (o OpeningInterval) String() string { return Clock(o.Opens) + "–" + Clock(o.Closes) }

// Clock writes minutes after midnight as HH:MM.
func Clock(minutes int) string { return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60) }

// ParseClock reads HH:MM (24:00 allowed) as minutes after midnight.
func ParseClock(s string) (int, bool) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0) {
		return 0, false
	}
	return h*60 + m, true
}

// ClosedDate is a day a resource is closed, in the community's time zone.
type ClosedDate struct {
	Day    string // YYYY-MM-DD
	Reason string
}

// Availability is when a resource may be booked.
type Availability struct {
	Hours  []OpeningInterval // none: open at all times
	Closed []ClosedDate
}

// Allows reports whether a booking from start to end fits: on no closed
// day, and inside one opening interval of its local day. Times are read in
// loc, the community's time zone, so a 9:00 opening stays 9:00 on both
// sides of a daylight-saving change.
func (a Availability) Allows(start, end time.Time, loc *time.Location) bool {
	ls, last := start.In(loc), end.Add(-time.Nanosecond).In(loc) // last: the final instant booked
	firstDay, lastDay := localDate(ls), localDate(last)
	for d := firstDay; !d.After(lastDay); d = d.AddDate(0, 0, 1) {
		day := d.Format("2006-01-02")
		for _, c := range a.Closed {
			if c.Day == day {
				return false
			}
		}
	}
	if len(a.Hours) == 0 {
		return true
	}
	if !firstDay.Equal(lastDay) {
		return false // one opening interval never spans two days
	}
	startMin := ls.Hour()*60 + ls.Minute()
	endMin := last.Hour()*60 + last.Minute() + 1 // the minute the booking ends in, counted whole
	for _, h := range a.Hours {
		if h.Weekday == ls.Weekday() && startMin >= h.Opens && endMin <= h.Closes {
			return true
		}
	}
	return false
}

// localDate is midnight of t's day, in t's location.
func localDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// BookingStatus is where a booking stands.
type BookingStatus string

// Booking statuses: only confirmed bookings hold the time.
const (
	BookingRequested BookingStatus = "requested"
	BookingConfirmed BookingStatus = "confirmed"
	BookingDeclined  BookingStatus = "declined"
	BookingCancelled BookingStatus = "cancelled"
)

// Booking is a time slot on a resource.
type Booking struct {
	ID            string
	CommunityID   string
	ResourceID    string
	ResourceTitle string
	RequesterID   string
	RequesterName string
	StartsAt      time.Time
	EndsAt        time.Time
	Status        BookingStatus
	Purpose       string
	SeriesID      string
	DecidedBy     string
	DecidedAt     *time.Time
	Reason        string
	CreatedAt     time.Time
}

// Limits on bookings.
const (
	MaxBookingLength   = 31 * 24 * time.Hour
	MaxBookingAhead    = 2 * 365 * 24 * time.Hour
	MaxPurposeLen      = 500
	MaxReasonLen       = 1000
	MaxRepeatCount     = 104
	MinBookingDuration = 5 * time.Minute
)

// ValidateSlot checks a booking's times: end after start, at least five
// minutes, at most a month, not in the past and not more than two years
// ahead.
func ValidateSlot(v *Validator, start, end, now time.Time) {
	switch {
	case start.IsZero():
		v.Fail("starts_at", Msg("error.field.required"))
	case end.IsZero():
		v.Fail("ends_at", Msg("error.field.required"))
	case !end.After(start):
		v.Fail("ends_at", Msg("error.booking.end_before_start"))
	case end.Sub(start) < MinBookingDuration:
		v.Fail("ends_at", Msg("error.booking.too_short"))
	case end.Sub(start) > MaxBookingLength:
		v.Fail("ends_at", Msg("error.booking.too_long"))
	case end.Before(now):
		v.Fail("starts_at", Msg("error.booking.past"))
	case start.After(now.Add(MaxBookingAhead)):
		v.Fail("starts_at", Msg("error.booking.too_far"))
	}
}

// Recurrence repeats a booking every N weeks, until a date or a count.
type Recurrence struct {
	EveryWeeks int
	// UntilDay (YYYY-MM-DD, in the community's time zone) is the last day
	// an occurrence may start on.
	UntilDay string
	Count    int
}

// Occurrences returns the slots of a repeating booking, keeping the local
// clock time across daylight-saving changes.
func (r Recurrence) Occurrences(start, end time.Time, loc *time.Location) ([]TimeSlot, error) {
	var v Validator
	if r.EveryWeeks < 1 || r.EveryWeeks > 52 {
		v.Fail("recurrence.every_weeks", Msg("error.field.range", "Min", 1, "Max", 52))
	}
	var until time.Time
	if r.UntilDay != "" {
		d, err := time.ParseInLocation("2006-01-02", r.UntilDay, loc)
		if err != nil {
			v.Fail("recurrence.until", Msg("error.availability.day"))
		}
		until = d.AddDate(0, 0, 1)
	}
	if (r.UntilDay == "") == (r.Count == 0) {
		v.Fail("recurrence", Msg("error.booking.recurrence_end"))
	}
	if r.Count < 0 || r.Count > MaxRepeatCount {
		v.Fail("recurrence.count", Msg("error.field.range", "Min", 1, "Max", MaxRepeatCount))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	ls, le := start.In(loc), end.In(loc)
	var out []TimeSlot
	for i := 0; ; i++ {
		s := ls.AddDate(0, 0, 7*r.EveryWeeks*i)
		e := le.AddDate(0, 0, 7*r.EveryWeeks*i)
		if r.Count > 0 && i >= r.Count || r.UntilDay != "" && !s.Before(until) {
			break
		}
		if len(out) >= MaxRepeatCount {
			v.Fail("recurrence", Msg("error.field.too_many", "Max", MaxRepeatCount))
			return nil, v.Err()
		}
		out = append(out, TimeSlot{s.UTC(), e.UTC()})
	}
	if len(out) == 0 {
		v.Fail("recurrence.until", Msg("error.booking.recurrence_empty"))
		return nil, v.Err()
	}
	return out, nil
}

// WeekStart returns the Monday 00:00 of the week holding t, in loc.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	offset := (int(l.Weekday()) + 6) % 7
	return time.Date(l.Year(), l.Month(), l.Day()-offset, 0, 0, 0, 0, loc)
}

// TimeSlot is the span a booking holds.
func (b Booking) TimeSlot() TimeSlot { return TimeSlot{Start: b.StartsAt, End: b.EndsAt} }
