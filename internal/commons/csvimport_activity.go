package commons

import (
	"strconv"
	"strings"
	"time"
)

// The columns of activities and members (docs/CSV.md). An activity's row
// is a series (or a single occurrence): its first start and end, and the
// rule that repeats it; "id" is the series' id, the natural key its title
// and first start. A member's row is a member as the directory shows them,
// or an invitation; the natural key is the address, or a member's name.
var (
	activityColumns = []string{"id", "title", "kind", "description", "organization", "venue", "online_url", "starts", "ends",
		"recurrence", "places", "languages", "cost", "accessibility"}
	memberColumns = []string{"email", "name", "role", "organization", "status"}
)

// ActivityEditColumns are the columns an import may change in an activity
// that exists: what its organizers may edit after publishing it
// (ActivityEdit). Its times, venue, kind and organizers change on its page.
var ActivityEditColumns = []string{"title", "description", "places", "languages", "cost", "accessibility"}

// csvTimeLayouts are the forms a start or end is read in, in the
// community's time zone unless the cell gives an offset.
var csvTimeLayouts = []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05",
	"02.01.2006 15:04", "2.1.2006 15:04"}

// FormatCSVTime writes a time as the export writes it: "2026-12-01 18:00"
// in the community's time zone.
func FormatCSVTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// ParseCSVTime reads a date and time: ISO 8601 with or without an offset
// ("2026-12-01 18:00", "2026-12-01T18:00:00+01:00") or day.month.year
// ("01.12.2026 18:00"), local times in loc. A date without a time is
// refused: an activity needs its hour.
func ParseCSVTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, l := range csvTimeLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// FormatCost writes a price as "12.50 GBP", "" when free.
func FormatCost(minor *int, currency string) string {
	if minor == nil || *minor == 0 {
		return ""
	}
	return strconv.Itoa(*minor/100) + "." + strconv.Itoa(*minor%100/10) + strconv.Itoa(*minor%10) + " " + currency
}

// ParseCost reads what FormatCost writes, also with a decimal comma or the
// currency first ("GBP 12,50"); empty, "0" or "free" is free.
func ParseCost(s string) (minor *int, currency string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" || strings.EqualFold(s, "free") {
		return nil, "", true
	}
	fields := strings.Fields(s)
	if len(fields) != 2 {
		return nil, "", false
	}
	amount, cur := fields[0], fields[1]
	if _, err := strconv.ParseFloat(strings.Replace(cur, ",", ".", 1), 64); err == nil {
		amount, cur = cur, amount
	}
	whole, frac, _ := strings.Cut(strings.Replace(amount, ",", ".", 1), ".")
	if len(frac) > 2 {
		return nil, "", false
	}
	frac = (frac + "00")[:2]
	w, err1 := strconv.Atoi(whole)
	f, err2 := strconv.Atoi(frac)
	if err1 != nil || err2 != nil || w < 0 || w > 100000 {
		return nil, "", false
	}
	n := w*100 + f
	return &n, strings.ToUpper(cur), true
}

// ActivityCells writes a series as the cells of its CSV row from its
// first occurrence; organization and venue are the names the row gives
// them (the caller's to choose: a name, or an id where names repeat).
func ActivityCells(a Activity, organization, venue string, loc *time.Location) map[string]string {
	return map[string]string{"id": a.SeriesID, "title": a.Title, "kind": string(a.Kind), "description": a.Description,
		"organization": organization, "venue": venue, "online_url": a.OnlineURL, "starts": FormatCSVTime(a.StartsAt, loc),
		"ends": FormatCSVTime(a.EndsAt, loc), "recurrence": a.Recurrence, "places": intCell(a.Capacity),
		"languages": strings.Join(a.Languages, "; "), "cost": FormatCost(a.CostMinor, a.Currency), "accessibility": a.Accessibility}
}

// ActivityFromCells reads an activity's fields from a row's cells over
// base (the series' first occurrence it updates, zero for a new one): a
// column the file does not have keeps base's value; a new activity
// without a kind is an event. The organization and venue are the caller's
// to resolve. Problems are keyed by column.
func ActivityFromCells(cells map[string]string, base Activity, loc *time.Location) (ActivityFields, map[string]Message) {
	f := ActivityFields{Kind: base.Kind, Title: base.Title, Description: base.Description, Languages: base.Languages,
		Themes: base.Themes, Level: base.Level, CostMinor: base.CostMinor, Currency: base.Currency, Accessibility: base.Accessibility,
		ResourceID: base.ResourceID, OnlineURL: base.OnlineURL, Capacity: base.Capacity, StartsAt: base.StartsAt,
		EndsAt: base.EndsAt, Recurrence: base.Recurrence}
	if f.Kind == "" {
		f.Kind = ActivityEvent
	}
	problems := map[string]Message{}
	for col, dst := range map[string]*string{"title": &f.Title, "description": &f.Description, "online_url": &f.OnlineURL,
		"accessibility": &f.Accessibility, "recurrence": &f.Recurrence} {
		if v, ok := cells[col]; ok {
			*dst = v
		}
	}
	if v, ok := cells["kind"]; ok && strings.TrimSpace(v) != "" {
		f.Kind = ActivityKind(strings.ToLower(strings.TrimSpace(v)))
	}
	if v, ok := cells["languages"]; ok {
		f.Languages = splitList(strings.ReplaceAll(v, ",", ";"))
	}
	if v, ok := cells["places"]; ok {
		if f.Capacity, ok = parseIntCell(v); !ok {
			problems["places"] = Msg("csvimport.error.whole_number")
		}
	}
	if v, ok := cells["cost"]; ok {
		if f.CostMinor, f.Currency, ok = ParseCost(v); !ok {
			problems["cost"] = Msg("csvimport.error.cost")
		}
	}
	for col, dst := range map[string]*time.Time{"starts": &f.StartsAt, "ends": &f.EndsAt} {
		if v, ok := cells[col]; ok {
			if *dst, ok = ParseCSVTime(v, loc); !ok && strings.TrimSpace(v) != "" {
				problems[col] = Msg("csvimport.error.date_time")
			}
		}
	}
	f.Normalize()
	return f, problems
}

// ActivityColumnOf names the column of an activity's validated field.
var ActivityColumnOf = map[string]string{"starts_at": "starts", "ends_at": "ends", "capacity": "places", "currency": "cost",
	"resource_id": "venue", "organization_ids": "organization"}

// MemberCells writes a member as the directory shows them, or an
// invitation, as the cells of a CSV row.
func MemberCells(email, name, role, organization, status string) map[string]string {
	return map[string]string{"email": email, "name": name, "role": role, "organization": organization, "status": status}
}

// InvitationFromCells reads an invitation by mail from a row's cells: an
// address, and the role asked for, which is a member's (roles beyond it
// are given in the community once the person is in, by trust or by its
// stewards). The organization is the caller's to resolve.
func InvitationFromCells(cells map[string]string) (NewInvitation, map[string]Message) {
	n := NewInvitation{Email: cells["email"]}
	problems := map[string]Message{}
	switch role := strings.ToLower(strings.TrimSpace(cells["role"])); role {
	case "", string(RoleMember), string(RoleNewcomer):
	default:
		problems["role"] = Msg("csvimport.error.member_role", "Role", truncate(role, 30))
	}
	n.Normalize()
	var v Validator
	n.Validate(&v)
	addProblems(problems, &v)
	return n, problems
}
