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

// languageChoice is one language of a form's list.
type languageChoice struct {
	Code, Name string
	Main, Also bool // the first chosen (for visitors who state none); chosen besides
	Checked    bool // its box is ticked (its option chosen)
}

// formLanguages reads the languages a form's boxes (and, for a
// community, its main-language list) hold: in the form's order, once
// each. Typed codes separated by commas are read too, as older forms and
// scripts send them.
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
		also := slices.Contains(chosen, c) && chosen[0] != c
		out[i] = languageChoice{Code: c, Name: v.L.Language(c), Main: len(chosen) > 0 && chosen[0] == c, Also: also, Checked: also}
	}
	slices.SortStableFunc(out, func(a, b languageChoice) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// LanguageBoxes lists the languages a form offers for something that is
// in some languages (an activity, an offer, what a person speaks), the
// ones its form holds ticked.
func (v *view) LanguageBoxes() []languageChoice {
	var chosen []string
	if v.Form != nil {
		chosen = formLanguages(v.Form)
	}
	return v.languageList(chosen)
}

// LanguageOptions lists the languages a form offers for something in one
// language (a story), the one its form holds chosen.
func (v *view) LanguageOptions() []languageChoice {
	var chosen []string
	if v.Form != nil && v.Form.Get("language") != "" {
		chosen = []string{v.Form.Get("language")}
	}
	return v.languageList(chosen)
}

// languageList is the community's own languages first, then the others
// offered (and any chosen besides) by name, the chosen ones marked.
func (v *view) languageList(chosen []string) []languageChoice {
	var own []string
	if v.Community != nil {
		own = v.Community.Languages
	}
	codes := slices.Clone(own)
	for _, c := range slices.Concat(offeredLanguages, chosen) {
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	out := make([]languageChoice, len(codes))
	for i, c := range codes {
		out[i] = languageChoice{Code: c, Name: v.L.Language(c), Checked: slices.Contains(chosen, c)}
	}
	slices.SortStableFunc(out[len(own):], func(a, b languageChoice) int { return strings.Compare(a.Name, b.Name) })
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
			c.Name = v.ZoneName(z.Zone)
			out.Current = &c
			continue
		}
		region, place := zoneRegion(z.Zone)
		z.Name = place
		byRegion[region] = append(byRegion[region], z)
	}
	for _, r := range timeZoneRegions {
		if zs := byRegion[r]; len(zs) > 0 {
			out.Groups = append(out.Groups, timeZoneGroup{Label: v.L.T("tz.region." + strings.ToLower(r)), Zones: zs})
		}
	}
	return out
}

// zoneRegion is the region a zone is listed under ("other" for one
// outside timeZoneRegions, such as UTC) and its place's name within it,
// as people write it (New York, not New_York).
func zoneRegion(zone string) (region, place string) {
	region, place, ok := strings.Cut(zone, "/")
	if !ok || !slices.Contains(timeZoneRegions, region) {
		region, place = "other", zone
	}
	return region, strings.ReplaceAll(strings.ReplaceAll(place, "_", " "), "/", " / ")
}

// ZoneName names a time zone as the zone list does, on one line: its
// region in the reader's language, then its place ("Европа / London"),
// or the place alone outside the regions (UTC).
func (v *view) ZoneName(zone string) string {
	region, place := zoneRegion(zone)
	if region == "other" {
		return place
	}
	return v.L.T("tz.region."+strings.ToLower(region)) + " / " + place
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
