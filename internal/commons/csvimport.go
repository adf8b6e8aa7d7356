package commons

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// ImportKind is what a CSV file imports or exports: one thing per row.
type ImportKind string

// The kinds a community's editors can import and export (docs/CSV.md).
const (
	ImportOrganizations ImportKind = "organizations"
	ImportResources     ImportKind = "resources"
	ImportActivities    ImportKind = "activities"
	ImportMembers       ImportKind = "members"
)

// ImportKinds lists the kinds in the order pages show them.
var ImportKinds = []ImportKind{ImportOrganizations, ImportResources, ImportActivities, ImportMembers}

// ImportOutcome is what importing one row does, or would do in a dry run.
type ImportOutcome string

// The outcomes of a row.
const (
	OutcomeCreated   ImportOutcome = "created"
	OutcomeUpdated   ImportOutcome = "updated"
	OutcomeUnchanged ImportOutcome = "unchanged"
	OutcomeRefused   ImportOutcome = "refused"
)

// ImportMode says what an import does when some rows are refused.
type ImportMode string

// The modes: all or nothing (the default), or apply the rows that pass.
const (
	ImportAllOrNothing ImportMode = "all"
	ImportSkipRefused  ImportMode = "skip"
)

// The columns of each kind, in the order an export writes them. "id" is
// the thing's id; the natural key is an organization's name, and a
// resource's title within its owning organization.
var (
	organizationColumns = []string{"id", "name", "sector", "description", "website", "email", "address", "city", "region",
		"postal_code", "country", "contact_name", "contact_title", "contact_email", "contact_phone", "contact_public"}
	resourceColumns = []string{"id", "title", "kind", "organization", "description", "address", "city", "region",
		"postal_code", "country", "latitude", "longitude",
		"capacity", "accessibility", "terms", "terms_note", "bookable", "approval", "max_hours_per_week",
		"max_future_bookings", "public_titles", "trust_lapse_days", "opening_hours", "closed_dates"}
)

// ImportColumns lists a kind's columns in the documented order.
func ImportColumns(k ImportKind) []string {
	switch k {
	case ImportResources:
		return resourceColumns
	case ImportActivities:
		return activityColumns
	case ImportMembers:
		return memberColumns
	}
	return organizationColumns
}

// ValidImportKind reports whether k names a kind that imports.
func ValidImportKind(k ImportKind) bool {
	for _, x := range ImportKinds {
		if x == k {
			return true
		}
	}
	return false
}

// columnAliases are other English names a spreadsheet may use for a column.
var columnAliases = map[string]string{
	"organisation": "organization", "owner": "organization", "name_of_organization": "name", "title": "title",
	"type": "kind", "phone": "contact_phone", "postcode": "postal_code", "zip": "postal_code", "zip_code": "postal_code",
	"town": "city", "state": "region", "county": "region", "url": "website", "web": "website", "e_mail": "email",
	"lat": "latitude", "lng": "longitude", "lon": "longitude", "hours": "opening_hours", "closed": "closed_dates",
	"uuid": "id", "venue": "resource", "room": "resource", "start": "starts", "starts_at": "starts", "start_date": "starts",
	"end": "ends", "ends_at": "ends", "end_date": "ends", "rrule": "recurrence", "repeat": "recurrence", "language": "languages",
	"price": "cost", "full_name": "name", "mail": "email", "places_available": "places",
}

// ColumnKey normalizes a header for matching: lower case, spaces, dots
// and dashes as underscores.
func ColumnKey(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '.' {
			return '_'
		}
		return r
	}, h)
}

// AutoMap maps each header to a column of the kind by name: the column's
// own name, an English alias, or a label in the reader's language (labels,
// keyed by ColumnKey of the label). A header that names nothing, or a
// column already taken by an earlier header, maps to "".
func AutoMap(k ImportKind, header []string, labels map[string]string) []string {
	known := map[string]bool{}
	for _, c := range ImportColumns(k) {
		known[c] = true
	}
	taken := map[string]bool{}
	out := make([]string, len(header))
	for i, h := range header {
		key := ColumnKey(h)
		field := ""
		switch {
		case known[key]:
			field = key
		case k == ImportOrganizations && (key == "organization" || key == "organisation"):
			field = "name"
		case known[columnAliases[key]]:
			field = columnAliases[key]
		case known[labels[key]]:
			field = labels[key]
		}
		if field != "" && !taken[field] {
			out[i], taken[field] = field, true
		}
	}
	return out
}

// CheckMapping refuses a mapping that names an unknown column or one
// column twice, or maps none of the kind's key columns.
func CheckMapping(k ImportKind, mapping []string) error {
	known := map[string]bool{}
	for _, c := range ImportColumns(k) {
		known[c] = true
	}
	seen := map[string]bool{}
	for _, f := range mapping {
		if f == "" {
			continue
		}
		if !known[f] {
			return Errorf(CodeInvalid, "csvimport.error.unknown_column", "Column", f)
		}
		if seen[f] {
			return Errorf(CodeInvalid, "csvimport.error.column_twice", "Column", f)
		}
		seen[f] = true
	}
	need := map[ImportKind]string{ImportOrganizations: "name", ImportResources: "title", ImportActivities: "title",
		ImportMembers: "email"}[k]
	if !seen["id"] && !seen[need] && !(k == ImportMembers && seen["name"]) {
		return Errorf(CodeInvalid, "csvimport.error.no_key", "Column", need)
	}
	return nil
}

// OrganizationCells writes an organization as the cells of its CSV row.
func OrganizationCells(o Organization) map[string]string {
	return map[string]string{"id": o.ID, "name": o.Name, "sector": string(o.Sector), "description": o.Description,
		"website": o.Website, "email": o.Email, "address": o.Address, "city": o.Place.City, "region": o.Place.Region,
		"postal_code": o.Place.PostalCode, "country": o.Place.Country, "contact_name": o.Contact.Name,
		"contact_title": o.Contact.Title, "contact_email": o.Contact.Email, "contact_phone": o.Contact.Phone,
		"contact_public": yesNo(o.Contact.Public)}
}

// OrganizationFromCells reads an organization's fields from a row's cells
// over base (the organization it updates, zero for a new one): a column
// the file does not have keeps base's value. Problems are keyed by column.
func OrganizationFromCells(cells map[string]string, base Organization) (OrganizationFields, map[string]Message) {
	f := OrganizationFields{Name: base.Name, Sector: base.Sector, Description: base.Description, Website: base.Website,
		Email: base.Email, Address: base.Address, Place: base.Place, Contact: base.Contact}
	problems := map[string]Message{}
	strs := map[string]*string{"name": &f.Name, "description": &f.Description, "website": &f.Website, "email": &f.Email,
		"address": &f.Address, "city": &f.Place.City, "region": &f.Place.Region, "postal_code": &f.Place.PostalCode,
		"country": &f.Place.Country, "contact_name": &f.Contact.Name, "contact_title": &f.Contact.Title,
		"contact_email": &f.Contact.Email, "contact_phone": &f.Contact.Phone}
	for col, dst := range strs {
		if v, ok := cells[col]; ok {
			*dst = v
		}
	}
	if v, ok := cells["sector"]; ok {
		f.Sector = Sector(strings.ToLower(strings.TrimSpace(v)))
	}
	if v, ok := cells["contact_public"]; ok {
		if f.Contact.Public, ok = parseYesNo(v); !ok {
			problems["contact_public"] = Msg("csvimport.error.yes_no")
		}
	}
	f.Normalize()
	var v Validator
	f.Validate(&v)
	addProblems(problems, &v)
	return f, problems
}

// addProblems adds a validator's failures to a row's problems, each
// column keeping the first found.
func addProblems(problems map[string]Message, v *Validator) {
	for field, m := range v.fields {
		if _, ok := problems[field]; !ok {
			problems[field] = m
		}
	}
}

// ResourceCells writes a resource as the cells of its CSV row; owner is
// the name of the organization that owns it ("" when a person does).
func ResourceCells(r Resource, owner string, a Availability) map[string]string {
	return map[string]string{"id": r.ID, "title": r.Title, "kind": string(r.Kind), "organization": owner,
		"description": r.Description, "address": r.Address, "city": r.Place.City, "region": r.Place.Region,
		"postal_code": r.Place.PostalCode, "country": r.Place.Country, "latitude": floatCell(r.Latitude), "longitude": floatCell(r.Longitude),
		"capacity": intCell(r.Capacity), "accessibility": strings.Join(r.Accessibility, "; "), "terms": string(r.Terms),
		"terms_note": r.TermsNote, "bookable": yesNo(r.Bookable), "approval": string(r.Approval),
		"max_hours_per_week": intCell(r.MaxHoursPerWeek), "max_future_bookings": intCell(r.MaxFutureBookings),
		"public_titles": yesNo(r.PublicTitles), "trust_lapse_days": intCell(r.TrustLapseDays),
		"opening_hours": FormatOpeningHours(a.Hours), "closed_dates": FormatClosedDates(a.Closed)}
}

// ResourceFromCells reads a resource's fields and availability from a
// row's cells over base and its availability (zero for a new one); the
// owning organization is the caller's to resolve from "organization".
func ResourceFromCells(cells map[string]string, base Resource, baseAv Availability) (ResourceFields, Availability, map[string]Message) {
	f := base.Fields()
	av := baseAv
	problems := map[string]Message{}
	for col, dst := range map[string]*string{"title": &f.Title, "description": &f.Description, "address": &f.Address,
		"city": &f.Place.City, "region": &f.Place.Region, "postal_code": &f.Place.PostalCode, "country": &f.Place.Country,
		"terms_note": &f.TermsNote} {
		if v, ok := cells[col]; ok {
			*dst = v
		}
	}
	if v, ok := cells["kind"]; ok {
		f.Kind = Kind(strings.ToLower(strings.TrimSpace(v)))
	}
	if v, ok := cells["terms"]; ok {
		f.Terms = Terms(strings.ToLower(strings.TrimSpace(v)))
	}
	if v, ok := cells["approval"]; ok {
		f.Approval = Approval(strings.ToLower(strings.TrimSpace(v)))
	}
	if v, ok := cells["accessibility"]; ok {
		f.Accessibility = splitList(v)
	}
	for col, dst := range map[string]*bool{"bookable": &f.Bookable, "public_titles": &f.PublicTitles} {
		if v, ok := cells[col]; ok {
			if *dst, ok = parseYesNo(v); !ok {
				problems[col] = Msg("csvimport.error.yes_no")
			}
		}
	}
	for col, dst := range map[string]**float64{"latitude": &f.Latitude, "longitude": &f.Longitude} {
		if v, ok := cells[col]; ok {
			if *dst, ok = parseFloatCell(v); !ok {
				problems[col] = Msg("csvimport.error.number")
			}
		}
	}
	for col, dst := range map[string]**int{"capacity": &f.Capacity, "max_hours_per_week": &f.MaxHoursPerWeek,
		"max_future_bookings": &f.MaxFutureBookings, "trust_lapse_days": &f.TrustLapseDays} {
		if v, ok := cells[col]; ok {
			if *dst, ok = parseIntCell(v); !ok {
				problems[col] = Msg("csvimport.error.whole_number")
			}
		}
	}
	if v, ok := cells["opening_hours"]; ok {
		var err bool
		if av.Hours, err = ParseOpeningHours(v); err {
			problems["opening_hours"] = Msg("csvimport.error.opening_hours")
		}
	}
	if v, ok := cells["closed_dates"]; ok {
		av.Closed = ParseClosedDates(v)
	}
	f.Normalize()
	return f, av, problems
}

// weekdayCodes are the two-letter weekday names of the opening_hours
// column, Sunday first as time.Weekday counts.
var weekdayCodes = []string{"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"}

// FormatOpeningHours writes intervals as "Mo 09:00-17:00; Tu 09:00-12:00",
// Monday first, each day's intervals in order.
func FormatOpeningHours(hours []OpeningInterval) string {
	hs := append([]OpeningInterval(nil), hours...)
	order := func(d time.Weekday) int { return (int(d) + 6) % 7 }
	sort.Slice(hs, func(i, j int) bool {
		if hs[i].Weekday != hs[j].Weekday {
			return order(hs[i].Weekday) < order(hs[j].Weekday)
		}
		return hs[i].Opens < hs[j].Opens
	})
	parts := make([]string, len(hs))
	for i, h := range hs {
		parts[i] = weekdayCodes[h.Weekday] + " " + Clock(h.Opens) + "-" + Clock(h.Closes)
	}
	return strings.Join(parts, "; ")
}

// ParseOpeningHours reads what FormatOpeningHours writes; bad is true when
// a part is not "Dd HH:MM-HH:MM". Overlaps are the validator's to find.
func ParseOpeningHours(s string) (hours []OpeningInterval, bad bool) {
	for _, part := range splitList(s) {
		day, span, ok := strings.Cut(part, " ")
		wd := -1
		for i, c := range weekdayCodes {
			if strings.EqualFold(c, day) {
				wd = i
			}
		}
		from, to, ok2 := strings.Cut(strings.TrimSpace(span), "-")
		opens, ok3 := ParseClock(strings.TrimSpace(from))
		closes, ok4 := ParseClock(strings.TrimSpace(to))
		if !ok || wd < 0 || !ok2 || !ok3 || !ok4 {
			return nil, true
		}
		hours = append(hours, OpeningInterval{Weekday: time.Weekday(wd), Opens: opens, Closes: closes})
	}
	return hours, false
}

// FormatClosedDates writes closed days as "2026-12-25 Christmas; 2027-01-01"
// in date order.
func FormatClosedDates(days []ClosedDate) string {
	ds := append([]ClosedDate(nil), days...)
	sort.Slice(ds, func(i, j int) bool { return ds[i].Day < ds[j].Day })
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strings.TrimSpace(d.Day + " " + strings.ReplaceAll(d.Reason, ";", ","))
	}
	return strings.Join(parts, "; ")
}

// ParseClosedDates reads what FormatClosedDates writes; the days are the
// validator's to check.
func ParseClosedDates(s string) []ClosedDate {
	var out []ClosedDate
	for _, part := range splitList(s) {
		day, reason, _ := strings.Cut(part, " ")
		out = append(out, ClosedDate{Day: day, Reason: strings.TrimSpace(reason)})
	}
	return out
}

// splitList reads a cell holding a list separated by ";" (or by line
// breaks), dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// parseYesNo reads yes/no in the forms spreadsheets use; empty is no.
func parseYesNo(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1", "да", "x":
		return true, true
	case "no", "n", "false", "0", "нет", "":
		return false, true
	}
	return false, false
}

func intCell(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func floatCell(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func parseIntCell(s string) (*int, bool) {
	if s = strings.TrimSpace(s); s == "" {
		return nil, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, false
	}
	return &n, true
}

// parseFloatCell reads a number with a decimal point or, as spreadsheets
// in many languages write it, a decimal comma.
func parseFloatCell(s string) (*float64, bool) {
	if s = strings.TrimSpace(s); s == "" {
		return nil, true
	}
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil {
		return nil, false
	}
	return &f, true
}

// ChangedColumns lists the columns whose cells differ between before and
// after, in the kind's order.
func ChangedColumns(k ImportKind, before, after map[string]string) []string {
	var out []string
	for _, c := range ImportColumns(k) {
		if c != "id" && before[c] != after[c] {
			out = append(out, c)
		}
	}
	return out
}
