package web

import (
	"slices"
	"strings"
)

// Languages and time zones are chosen from lists, named in the reader's
// language, instead of typed as codes.

// offeredLanguages are the languages a community can choose beyond those
// Commons is translated into: the ones its towns speak most, from the
// XPLOIT partner countries and the languages newcomers bring.
var offeredLanguages = []string{"en", "ru", "cy", "uk", "pl", "ro", "hu", "it", "da", "de", "fr", "es", "pt",
	"ga", "gd", "ar", "fa", "tr", "ur", "bn", "pa", "so", "ti", "zh"}

// offeredTimeZones are the zones offered where the communities Commons is
// built for live; a community's own zone is added when it is another.
var offeredTimeZones = []string{"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Paris",
	"Europe/Brussels", "Europe/Amsterdam", "Europe/Berlin", "Europe/Copenhagen", "Europe/Oslo", "Europe/Stockholm",
	"Europe/Rome", "Europe/Vienna", "Europe/Prague", "Europe/Warsaw", "Europe/Budapest", "Europe/Bucharest",
	"Europe/Sofia", "Europe/Athens", "Europe/Helsinki", "Europe/Tallinn", "Europe/Riga", "Europe/Vilnius",
	"Europe/Kyiv", "Europe/Chisinau", "Europe/Istanbul", "Europe/Moscow", "Asia/Tbilisi", "Asia/Yerevan",
	"Asia/Almaty", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
	"America/Toronto", "America/Sao_Paulo", "Africa/Lagos", "Africa/Nairobi", "Asia/Kolkata", "Asia/Tokyo",
	"Australia/Sydney", "Pacific/Auckland", "UTC"}

// languageChoice is one language of a community's form.
type languageChoice struct {
	Code, Name string
	Main, Also bool // the first chosen (for visitors who state none); chosen besides
}

// formLanguages reads a community's languages from its form: the main
// language first, then the others, once each. Typed codes separated by
// commas are read too, as the API and older forms send them.
func formLanguages(f *form) []string {
	var out []string
	for _, v := range f.Values["languages"] {
		for _, code := range splitLanguages(v) {
			if !slices.Contains(out, code) {
				out = append(out, code)
			}
		}
	}
	return out
}

// LanguageChoices lists the languages a community's form offers, with
// the ones its form holds marked.
func (v *view) LanguageChoices() []languageChoice {
	var chosen []string
	if v.Form != nil {
		chosen = formLanguages(v.Form)
	}
	codes := slices.Clone(offeredLanguages)
	for _, c := range chosen {
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	out := make([]languageChoice, len(codes))
	for i, c := range codes {
		out[i] = languageChoice{Code: c, Name: v.L.Language(c), Main: len(chosen) > 0 && chosen[0] == c,
			Also: slices.Contains(chosen, c) && chosen[0] != c}
	}
	slices.SortStableFunc(out, func(a, b languageChoice) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// timeZoneChoice is one time zone of a community's form.
type timeZoneChoice struct {
	Zone, Name string
	Chosen     bool
}

// timeZoneRegions are the regions a zone list is grouped by, in the order
// shown: the first part of an IANA name, and "other" for the rest (UTC).
var timeZoneRegions = []string{"Europe", "Africa", "Asia", "America", "Australia", "Pacific", "Atlantic", "Indian", "Antarctica", "other"}

// timeZoneGroup is one region of the zone list (an <optgroup>).
type timeZoneGroup struct {
	Label string
	Zones []timeZoneChoice
}

// timeZoneList is the zone list of a form: the zone now chosen first, on
// its own so that it is seen without opening a region, then the others
// grouped by region with translated names, each zone named by its place
// within the region. Within a region the zones keep offeredTimeZones'
// order, so a new community's form still starts at Europe/London.
type timeZoneList struct {
	Current *timeZoneChoice
	Groups  []timeZoneGroup
}

// TimeZoneGroups lists the time zones a community's (or a person's) form
// offers, grouped by region, the chosen zone first.
func (v *view) TimeZoneGroups() timeZoneList {
	var out timeZoneList
	byRegion := map[string][]timeZoneChoice{}
	for _, z := range v.TimeZoneChoices() {
		if z.Chosen {
			c := z
			out.Current = &c
			continue
		}
		region, place, ok := strings.Cut(z.Zone, "/")
		if !ok || !slices.Contains(timeZoneRegions, region) {
			region, place = "other", z.Zone
		}
		z.Name = strings.ReplaceAll(strings.ReplaceAll(place, "_", " "), "/", " / ")
		byRegion[region] = append(byRegion[region], z)
	}
	for _, r := range timeZoneRegions {
		if zs := byRegion[r]; len(zs) > 0 {
			out.Groups = append(out.Groups, timeZoneGroup{Label: v.L.T("tz.region." + strings.ToLower(r)), Zones: zs})
		}
	}
	return out
}

// TimeZoneChoices lists the time zones a community's form offers.
func (v *view) TimeZoneChoices() []timeZoneChoice {
	chosen := ""
	if v.Form != nil {
		chosen = v.Form.Get("time_zone")
	}
	zones := slices.Clone(offeredTimeZones)
	if chosen != "" && !slices.Contains(zones, chosen) {
		zones = append(zones, chosen)
	}
	out := make([]timeZoneChoice, len(zones))
	for i, z := range zones {
		out[i] = timeZoneChoice{Zone: z, Name: strings.ReplaceAll(strings.ReplaceAll(z, "_", " "), "/", " / "), Chosen: z == chosen}
	}
	return out
}
