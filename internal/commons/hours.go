package commons

import (
	"strings"
	"time"
)

// HoursFor is what volunteer time was given to.
type HoursFor string

// What time can be given to: an initiative, an activity, an organization,
// or directly to a person.
const (
	HoursForInitiative   HoursFor = "initiative"
	HoursForActivity     HoursFor = "activity"
	HoursForOrganization HoursFor = "organization"
	HoursForPerson       HoursFor = "person"
)

// HoursFors lists them.
var HoursFors = []HoursFor{HoursForInitiative, HoursForActivity, HoursForOrganization, HoursForPerson}

// HoursStatus is where a log of hours stands with those who confirm it.
type HoursStatus string

// A log waits (pending), is confirmed, is queried (a question waits for the
// volunteer's answer, after which it waits again), or is declined.
const (
	HoursPending   HoursStatus = "pending"
	HoursConfirmed HoursStatus = "confirmed"
	HoursQueried   HoursStatus = "queried"
	HoursDeclined  HoursStatus = "declined"
)

// HoursStatuses lists them.
var HoursStatuses = []HoursStatus{HoursPending, HoursConfirmed, HoursQueried, HoursDeclined}

// Limits of volunteer hours.
const (
	// MaxMinutesPerDay is a day: nobody gives more than 24 hours in one,
	// counted over every log of theirs that is not declined.
	MaxMinutesPerDay = 24 * 60
	// MaxHoursAgeDays bounds how far back hours may be logged: memory of
	// older time is not something a team can confirm.
	MaxHoursAgeDays = 366
	MaxHoursWhatLen = 500
	// MaxVolunteerDayPeople bounds one volunteer day's list of people.
	MaxVolunteerDayPeople = 200
)

// HourEntry is time a person gave, as they (or an organizer) logged it.
type HourEntry struct {
	ID, CommunityID string
	// UserID gave the time; UserName is blank for readers who may not see
	// names.
	UserID, UserName string
	For              HoursFor
	ForID, ForName   string
	// OrgID is the organization the time was given through; empty for
	// direct volunteering (the ILO's distinction).
	OrgID, OrgName string
	OrgSector      Sector
	Date           string // YYYY-MM-DD, in the community's calendar
	Minutes        int
	What, Theme    string
	Status         HoursStatus
	// Question is the confirmer's question; Answer the volunteer's reply.
	Question, Answer string
	DecidedBy        string
	DecidedAt        *time.Time
	// RecordedBy entered the log: the volunteer, or an organizer
	// recording a volunteer day.
	RecordedBy string
	CreatedAt  time.Time
}

// Direct reports whether the time was given directly, not through an
// organization.
func (e HourEntry) Direct() bool { return e.OrgID == "" }

// Hours is the duration in hours, for pages and totals.
func (e HourEntry) Hours() float64 { return float64(e.Minutes) / 60 }

// HoursFields are what a person writes when logging time.
type HoursFields struct {
	For     HoursFor
	ForID   string
	OrgID   string // through this organization; empty: directly
	Date    string
	Minutes int
	What    string
	Theme   string
}

// Normalize trims the input.
func (f *HoursFields) Normalize() {
	f.ForID, f.OrgID = strings.TrimSpace(f.ForID), strings.TrimSpace(f.OrgID)
	f.Date, f.What, f.Theme = strings.TrimSpace(f.Date), strings.TrimSpace(f.What), strings.TrimSpace(f.Theme)
	if f.For == HoursForOrganization && f.OrgID == "" {
		// Time given to an organization is given through it.
		f.OrgID = f.ForID
	}
}

// Validate checks a log of hours: a known kind of thing it was for, a
// date between MaxHoursAgeDays ago and today (the community's date), a
// duration of at least a minute and at most a day, words on what was done,
// and a theme that is standard or the community's own.
func (f *HoursFields) Validate(v *Validator, today string, communityThemes []string) {
	OneOf(v, "for", f.For, HoursFors)
	if f.ForID == "" {
		v.Fail("for_id", Msg("error.field.required"))
	}
	ValidateHoursDate(v, "date", f.Date, today)
	ValidateMinutes(v, "minutes", f.Minutes)
	v.Text("what", f.What, true, MaxHoursWhatLen)
	if f.Theme != "" {
		allowed := append(append([]string{}, StandardThemes...), communityThemes...)
		if !containsString(allowed, f.Theme) {
			v.Fail("theme", Msg("error.field.one_of", "Allowed", strings.Join(allowed, ", ")))
		}
	}
}

// ValidateMinutes checks a duration: more than nothing, at most a day.
func ValidateMinutes(v *Validator, field string, minutes int) {
	if minutes < 1 || minutes > MaxMinutesPerDay {
		v.Fail(field, Msg("error.hours.minutes", "Max", MaxMinutesPerDay/60))
	}
}

// ValidateHoursDate checks the day time was given: not after today and
// not more than MaxHoursAgeDays before it.
func ValidateHoursDate(v *Validator, field, date, today string) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil || len(date) != 10 {
		v.Fail(field, Msg("error.field.date"))
		return
	}
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		v.Fail(field, Msg("error.field.date"))
		return
	}
	switch {
	case d.After(t):
		v.Fail(field, Msg("error.hours.future"))
	case d.Before(t.AddDate(0, 0, -MaxHoursAgeDays)):
		v.Fail(field, Msg("error.hours.too_old", "Date", t.AddDate(0, 0, -MaxHoursAgeDays).Format(time.DateOnly)))
	}
}

// MayLogHours is the rule for logging volunteer time in a community:
// everyone who has joined and is active, newcomers included, since giving
// time is how many people start.
func MayLogHours(m *Member) bool { return IsActiveMember(m) }

// AnswersForHours reports whether a person answers for what time was
// given to, and so confirms it: the person it was given to, an
// initiative's team, those who run an activity (ManagesActivity), or an
// organization's admins. The use case finds those facts and passes them
// as runs (team or activity), and role (in the organization).
func AnswersForHours(e HourEntry, userID string, runs bool, role OrgRole) bool {
	if userID == "" {
		return false
	}
	switch e.For {
	case HoursForPerson:
		return e.ForID == userID
	case HoursForInitiative, HoursForActivity:
		return runs
	case HoursForOrganization:
		return CanManageOrganization(role)
	}
	return false
}

// MayDecideHours is the rule for confirming, querying or declining a log
// of hours: a person who answers for what it was given to, never for
// their own time, while it waits or is queried.
func MayDecideHours(e HourEntry, userID string, answers bool) bool {
	return answers && userID != e.UserID && (e.Status == HoursPending || e.Status == HoursQueried)
}

// MayAnswerHours is the rule for answering a question about hours: the
// volunteer, while the question waits.
func MayAnswerHours(e HourEntry, userID string) bool {
	return userID != "" && userID == e.UserID && e.Status == HoursQueried
}

// HoursDecision is what a confirmer says of a log.
type HoursDecision string

// The decisions: confirm, ask a question, decline.
const (
	HoursConfirm HoursDecision = "confirm"
	HoursAsk     HoursDecision = "ask"
	HoursDecline HoursDecision = "decline"
)

// HoursDecisions lists them.
var HoursDecisions = []HoursDecision{HoursConfirm, HoursAsk, HoursDecline}

// Status is the status a decision leads to.
func (d HoursDecision) Status() HoursStatus {
	switch d {
	case HoursConfirm:
		return HoursConfirmed
	case HoursAsk:
		return HoursQueried
	}
	return HoursDeclined
}

// HoursFilter selects logs of hours.
type HoursFilter struct {
	UserID string
	For    HoursFor
	ForID  string
	OrgID  string
	Status HoursStatus
	// AwaitingUserID selects the logs, not their own, that wait for this
	// person's decision (pending or queried, about something they answer
	// for).
	AwaitingUserID string
	Page           Page
}

// HoursTotal is the confirmed time in one group of a total.
type HoursTotal struct {
	Key, Name string // Name is blank where the reader may not see it
	Minutes   int
	Entries   int
}

// Hours is the total in hours.
func (t HoursTotal) Hours() float64 { return float64(t.Minutes) / 60 }

// HoursTotals are confirmed hours counted by each of the ways a council or
// a funder asks for them.
type HoursTotals struct {
	Minutes, Entries, People int
	ByPerson                 []HoursTotal
	ByInitiative             []HoursTotal
	ByOrganization           []HoursTotal
	BySector                 []HoursTotal // Key "" is direct volunteering
	ByTheme                  []HoursTotal // Key "" is time with no theme
	ByMonth                  []HoursTotal // Key YYYY-MM
}

// Hours is the total in hours.
func (t HoursTotals) Hours() float64 { return float64(t.Minutes) / 60 }
