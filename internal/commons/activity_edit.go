package commons

import (
	"slices"
	"time"
)

// ActivityEdit is what an organizer may change in an activity after
// publishing it: its words, places, languages, cost and access notes. Its
// times move by MoveOccurrence and its venue stays as booked.
type ActivityEdit struct {
	Title         string
	Description   string
	Languages     []string
	CostMinor     *int
	Currency      string
	Accessibility string
	Capacity      *int // nil: no limit
}

// EditOf is the edit that changes nothing: an activity's own fields, the
// starting point of an edit form.
func EditOf(a Activity) ActivityEdit {
	return ActivityEdit{Title: a.Title, Description: a.Description, Languages: a.Languages, CostMinor: a.CostMinor,
		Currency: a.Currency, Accessibility: a.Accessibility, Capacity: a.Capacity}
}

// Normalize trims input as a new activity's is trimmed.
func (e *ActivityEdit) Normalize() {
	f := ActivityFields{Title: e.Title, Description: e.Description, Languages: e.Languages, CostMinor: e.CostMinor,
		Currency: e.Currency, Accessibility: e.Accessibility}
	f.Normalize()
	e.Title, e.Description, e.Languages, e.CostMinor, e.Currency, e.Accessibility =
		f.Title, f.Description, f.Languages, f.CostMinor, f.Currency, f.Accessibility
}

// Validate checks an edit by the rules a new activity's fields follow.
func (e *ActivityEdit) Validate(v *Validator) {
	v.Line("title", e.Title, true, MaxNameLen)
	v.Text("description", e.Description, false, MaxDescriptionLen)
	v.Text("accessibility", e.Accessibility, false, MaxShortTextLen)
	e.Languages = v.Languages("languages", e.Languages)
	if e.Capacity != nil && (*e.Capacity < 1 || *e.Capacity > MaxCapacity) {
		v.Fail("capacity", Msg("error.field.range", "Min", 1, "Max", MaxCapacity))
	}
	if e.CostMinor != nil {
		f := ActivityFields{CostMinor: e.CostMinor, Currency: e.Currency}
		if *f.CostMinor < 0 || *f.CostMinor > 100_000_00 {
			v.Fail("cost", Msg("error.field.range", "Min", 0, "Max", 100000))
		}
		if len(f.Currency) != 3 || !isUpperLetters(f.Currency) {
			v.Fail("currency", Msg("error.activity.currency"))
		}
	}
}

func isUpperLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// CapacityRefusal says why an occurrence cannot take a new number of
// places, or nil when it can: places are never fewer than the people
// already registered (nobody loses a place they hold), nor more than its
// venue holds (venueCapacity nil: no limit).
func CapacityRefusal(capacity *int, registered int, venueCapacity *int) error {
	if capacity == nil {
		return nil
	}
	if *capacity < registered {
		e := Errorf(CodeInvalid, "error.activity.capacity_below_registered", "Registered", registered)
		e.Fields = map[string]Message{"capacity": e.Message}
		return e
	}
	if venueCapacity != nil && *capacity > *venueCapacity {
		e := Errorf(CodeInvalid, "error.activity.over_venue_capacity", "Max", *venueCapacity)
		e.Fields = map[string]Message{"capacity": e.Message}
		return e
	}
	return nil
}

// Promotions is how many people on the waitlist move up when an
// occurrence has capacity places and registered of them are taken.
func Promotions(capacity *int, registered, waitlisted int) int {
	if capacity == nil {
		return waitlisted
	}
	return max(0, min(waitlisted, *capacity-registered))
}

// Activity fields whose change registrants are told about: what decides
// whether they can still come (cost, language, access) and what they know
// it by (title). A new description or more places concern nobody who holds
// a place.
const (
	ChangeTitle         = "title"
	ChangeLanguages     = "languages"
	ChangeCost          = "cost"
	ChangeAccessibility = "accessibility"
)

// ChangesThatMatter lists, in a fixed order, the fields an edit changes
// that registrants are told about; none means nobody is told.
func ChangesThatMatter(a Activity, e ActivityEdit) []string {
	var out []string
	if a.Title != e.Title {
		out = append(out, ChangeTitle)
	}
	if !slices.Equal(a.Languages, e.Languages) {
		out = append(out, ChangeLanguages)
	}
	if a.Cost() != (Activity{CostMinor: e.CostMinor, Currency: e.Currency}).Cost() {
		out = append(out, ChangeCost)
	}
	if a.Accessibility != e.Accessibility {
		out = append(out, ChangeAccessibility)
	}
	return out
}

// SeriesScope says which occurrences of a series an action reaches.
type SeriesScope string

// One occurrence, it and every later one, or every one still to come.
const (
	ScopeOne  SeriesScope = "one"
	ScopeRest SeriesScope = "rest"
	ScopeAll  SeriesScope = "all"
)

// SeriesScopes lists them in the order forms offer them.
var SeriesScopes = []SeriesScope{ScopeOne, ScopeRest, ScopeAll}

// Reached picks, from a series in time order, the occurrences an action
// on occurrence at reaches: those still scheduled that have not ended,
// and, for ScopeRest, that do not start before it.
func (sc SeriesScope) Reached(series []Activity, at Activity, now time.Time) []Activity {
	var out []Activity
	for _, o := range series {
		switch {
		case o.Status != ActivityScheduled || !o.EndsAt.After(now):
		case sc == ScopeOne && o.ID != at.ID:
		case sc == ScopeRest && o.StartsAt.Before(at.StartsAt):
		default:
			out = append(out, o)
		}
	}
	return out
}

// Kinds of notification about an activity's organizers changing it: what
// matters about it changed (Changes lists the fields); the rest of its
// series, or all of it, is cancelled.
const (
	NotifyActivityChanged         = "activity_changed"
	NotifyActivitySeriesCancelled = "activity_series_cancelled"
)
