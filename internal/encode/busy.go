package encode

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/commons-project/commons/internal/commons"
)

// ReadBusy reads the busy periods of an iCalendar file (RFC 5545) that
// fall in [from, to): every VEVENT that is not cancelled or transparent,
// its repetitions (RRULE, RDATE, less EXDATE and the occurrences that
// RECURRENCE-ID events replace) expanded within the window. Floating times
// and all-day dates are read in loc, the community's zone; a TZID naming
// a Windows zone (Exchange, Outlook) is read as its IANA zone. Limits keep the
// work bounded (commons.MaxBusyEvents, MaxBusyPeriods, MaxRecurrenceSteps);
// a file outside them, or one that is not iCalendar, is refused with a
// message that says what to fix.
func ReadBusy(r io.Reader, loc *time.Location, from, to time.Time) ([]commons.TimeSlot, error) {
	// The file is read whole, up to the limit, so that a larger one is told
	// so rather than read as a broken calendar.
	body, err := io.ReadAll(io.LimitReader(r, commons.MaxBusyFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(body) > commons.MaxBusyFileBytes {
		return nil, commons.Errorf(commons.CodeTooLarge, "error.too_large", "Limit", "4 MiB")
	}
	cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, commons.Errorf(commons.CodeInvalid, "error.busy.empty")
		}
		return nil, commons.Errorf(commons.CodeInvalid, "error.busy.not_ical", "Reason", err.Error())
	}
	ianaTZIDs(cal.Component, map[string]bool{})
	events := cal.Events()
	if len(events) > commons.MaxBusyEvents {
		return nil, commons.Errorf(commons.CodeInvalid, "error.busy.too_many_events", "Count", len(events), "Max", commons.MaxBusyEvents)
	}
	// Occurrences replaced by a RECURRENCE-ID event of the same UID.
	replaced := map[string]bool{}
	for _, e := range events {
		if rid := e.Props.Get(ical.PropRecurrenceID); rid != nil {
			t, err := rid.DateTime(loc)
			if err != nil {
				return nil, eventError(e, err)
			}
			replaced[uidOf(e)+"|"+t.UTC().Format(time.RFC3339)] = true
		}
	}
	var out []commons.TimeSlot
	steps := 0
	add := func(s, e time.Time) error {
		if !e.After(s) || !e.After(from) || !s.Before(to) {
			return nil
		}
		if len(out) == commons.MaxBusyPeriods {
			return commons.Errorf(commons.CodeInvalid, "error.busy.too_many_periods", "Max", commons.MaxBusyPeriods)
		}
		out = append(out, commons.TimeSlot{Start: s.UTC(), End: e.UTC()})
		return nil
	}
	for _, e := range events {
		if st, _ := e.Props.Text(ical.PropStatus); strings.EqualFold(st, "CANCELLED") {
			continue
		}
		if tr, _ := e.Props.Text(ical.PropTransparency); strings.EqualFold(tr, "TRANSPARENT") {
			continue
		}
		start, err := e.DateTimeStart(loc)
		if err != nil {
			return nil, eventError(e, err)
		}
		end, err := e.DateTimeEnd(loc)
		if err != nil {
			return nil, eventError(e, err)
		}
		length := end.Sub(start)
		rule := e.Props.Get(ical.PropRecurrenceRule)
		if rule == nil || e.Props.Get(ical.PropRecurrenceID) != nil {
			if err := add(start, end); err != nil {
				return nil, err
			}
			continue
		}
		set, err := recurrence(e, rule, start, loc)
		if err != nil {
			return nil, eventError(e, err)
		}
		next := set.Iterator()
		for {
			t, ok := next()
			if !ok || !t.Before(to) {
				break
			}
			if steps++; steps > commons.MaxRecurrenceSteps {
				return nil, commons.Errorf(commons.CodeInvalid, "error.busy.too_much_repetition", "Event", summaryOf(e))
			}
			if replaced[uidOf(e)+"|"+t.UTC().Format(time.RFC3339)] {
				continue
			}
			if err := add(t, t.Add(length)); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// recurrence builds an event's set of starts from its RRULE, RDATE and
// EXDATE; a rule repeating more often than hourly is refused, as no room
// is taken that way.
func recurrence(e ical.Event, rule *ical.Prop, start time.Time, loc *time.Location) (*rrule.Set, error) {
	opt, err := rrule.StrToROption(rule.Value)
	if err != nil {
		return nil, err
	}
	if opt.Freq == rrule.MINUTELY || opt.Freq == rrule.SECONDLY {
		return nil, errors.New("RRULE repeats more often than hourly")
	}
	opt.Dtstart = start
	rr, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, err
	}
	set := &rrule.Set{}
	set.RRule(rr)
	for _, name := range []string{ical.PropExceptionDates, ical.PropRecurrenceDates} {
		for _, p := range e.Props.Values(name) {
			// One property may list several dates, comma-separated.
			for _, v := range strings.Split(p.Value, ",") {
				one := p
				one.Value = strings.TrimSpace(v)
				t, err := one.DateTime(loc)
				if err != nil {
					return nil, err
				}
				if name == ical.PropExceptionDates {
					set.ExDate(t)
				} else {
					set.RDate(t)
				}
			}
		}
	}
	return set, nil
}

// eventError names the event a problem is in, so the steward can find it
// in their calendar program.
func eventError(e ical.Event, err error) error {
	reason := err.Error()
	if strings.Contains(reason, "unknown time zone") {
		tz := ""
		if p := e.Props.Get(ical.PropDateTimeStart); p != nil {
			tz = p.Params.Get(ical.PropTimezoneID)
		}
		return commons.Errorf(commons.CodeInvalid, "error.busy.time_zone", "Event", summaryOf(e), "Zone", tz)
	}
	return commons.Errorf(commons.CodeInvalid, "error.busy.event", "Event", summaryOf(e), "Reason", reason)
}

func uidOf(e ical.Event) string {
	uid, _ := e.Props.Text(ical.PropUID)
	return uid
}

// summaryOf names an event in messages: its summary, else its UID.
func summaryOf(e ical.Event) string {
	if s, _ := e.Props.Text(ical.PropSummary); s != "" {
		return s
	}
	return uidOf(e)
}
