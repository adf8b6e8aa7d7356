// Package hsds writes a community's public offer as Open Referral's Human
// Services Data Specification 3.0: its organizations, and its services —
// learning activities (one service per series) and shared resources — with
// their locations, schedules (from the recurrence Commons stores, and
// the resources' opening hours),
// languages, accessibility and costs. Ids are UUIDs derived from the
// community, the kind and Commons' own id (UUIDv5), so they stay the same
// from one export to the next. Nothing here reads the database: the use
// case hands over what a visitor may see, so private things and people
// never reach this package.
package hsds

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/markdown"
)

// Version is the HSDS version written.
const Version = "3.0"

// Profile names the HSDS profile: the core specification.
const Profile = "https://docs.openreferral.org/en/latest/hsds/"

// namespace is the UUIDv5 namespace of every id Commons writes in HSDS.
var namespace = uuid.MustParse("5b0f6c1e-7d43-5f0e-9a6b-8c1d2e3f4a5b")

// ID derives the stable UUID of a thing of a kind in a community.
func ID(communityID, kind, id string) string {
	return uuid.NewSHA1(namespace, []byte(communityID+"/"+kind+"/"+id)).String()
}

// Organization is HSDS's organization.
type Organization struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Email       string      `json:"email,omitempty"`
	Website     string      `json:"website,omitempty"`
	URI         string      `json:"uri,omitempty"`
	Locations   []Location  `json:"locations,omitempty"`
	Attributes  []Attribute `json:"attributes,omitempty"`
	Services    []Service   `json:"services,omitempty"`
	Contacts    []Contact   `json:"contacts,omitempty"`
	Phones      []Phone     `json:"phones,omitempty"`
	page        string
}

// Address is HSDS's address of a location: Commons' street line is
// address_1, its region the state_province (and region).
type Address struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id"`
	Address1      string `json:"address_1"`
	City          string `json:"city"`
	Region        string `json:"region,omitempty"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

// Contact is HSDS's contact of an organization: published only when
// its organization made it public.
type Contact struct {
	ID             string  `json:"id"`
	OrganizationID string  `json:"organization_id,omitempty"`
	Name           string  `json:"name,omitempty"`
	Title          string  `json:"title,omitempty"`
	Email          string  `json:"email,omitempty"`
	Phones         []Phone `json:"phones,omitempty"`
}

// Phone is HSDS's telephone number, of a contact and its organization.
type Phone struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id,omitempty"`
	ContactID      string `json:"contact_id,omitempty"`
	Number         string `json:"number"`
	Type           string `json:"type,omitempty"`
}

// Service is HSDS's service.
type Service struct {
	ID                 string              `json:"id"`
	OrganizationID     string              `json:"organization_id,omitempty"`
	Name               string              `json:"name"`
	Description        string              `json:"description,omitempty"`
	URL                string              `json:"url,omitempty"`
	Status             string              `json:"status"`
	FeesDescription    string              `json:"fees_description,omitempty"`
	LastModified       string              `json:"last_modified,omitempty"`
	Organization       *Organization       `json:"organization,omitempty"`
	Schedules          []Schedule          `json:"schedules,omitempty"`
	ServiceAtLocations []ServiceAtLocation `json:"service_at_locations,omitempty"`
	Languages          []Language          `json:"languages,omitempty"`
	CostOptions        []CostOption        `json:"cost_options,omitempty"`
	Attributes         []Attribute         `json:"attributes,omitempty"`
	modified           time.Time
	orgID              string
	page               string // the service's page, under the community
}

// ServiceAtLocation links a service to where it happens.
type ServiceAtLocation struct {
	ID          string     `json:"id"`
	ServiceID   string     `json:"service_id"`
	LocationID  string     `json:"location_id"`
	Description string     `json:"description,omitempty"`
	Schedules   []Schedule `json:"schedules,omitempty"`
	Location    *Location  `json:"location,omitempty"`
	Service     *Service   `json:"service,omitempty"`
}

// Location is a place, or a link for online activities.
type Location struct {
	ID             string          `json:"id"`
	LocationType   string          `json:"location_type"`
	URL            string          `json:"url,omitempty"`
	OrganizationID string          `json:"organization_id,omitempty"`
	Name           string          `json:"name,omitempty"`
	Description    string          `json:"description,omitempty"`
	Latitude       *float64        `json:"latitude,omitempty"`
	Longitude      *float64        `json:"longitude,omitempty"`
	Accessibility  []Accessibility `json:"accessibility,omitempty"`
	Addresses      []Address       `json:"addresses,omitempty"`
}

// Accessibility is one accessibility feature of a location.
type Accessibility struct {
	ID          string `json:"id"`
	LocationID  string `json:"location_id"`
	Description string `json:"description"`
}

// Schedule says when a service happens, in RFC 5545's terms.
type Schedule struct {
	ID          string   `json:"id"`
	ServiceID   string   `json:"service_id,omitempty"`
	ValidFrom   string   `json:"valid_from,omitempty"`
	ValidTo     string   `json:"valid_to,omitempty"`
	DTStart     string   `json:"dtstart,omitempty"`
	Timezone    *float64 `json:"timezone,omitempty"`
	Until       string   `json:"until,omitempty"`
	Count       *int     `json:"count,omitempty"`
	Freq        string   `json:"freq,omitempty"`
	Interval    *int     `json:"interval,omitempty"`
	ByDay       string   `json:"byday,omitempty"`
	ByMonthDay  string   `json:"bymonthday,omitempty"`
	OpensAt     string   `json:"opens_at,omitempty"`
	ClosesAt    string   `json:"closes_at,omitempty"`
	Description string   `json:"description,omitempty"`
}

// Language is a language a service is given in.
type Language struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	Code      string `json:"code"`
}

// CostOption is what a service costs.
type CostOption struct {
	ID        string   `json:"id"`
	ServiceID string   `json:"service_id"`
	Option    string   `json:"option,omitempty"`
	Currency  string   `json:"currency,omitempty"`
	Amount    *float64 `json:"amount,omitempty"`
}

// Attribute links a thing to a taxonomy term.
type Attribute struct {
	ID             string        `json:"id"`
	LinkID         string        `json:"link_id"`
	LinkType       string        `json:"link_type"`
	LinkEntity     string        `json:"link_entity"`
	TaxonomyTermID string        `json:"taxonomy_term_id"`
	TaxonomyTerm   *TaxonomyTerm `json:"taxonomy_term,omitempty"`
}

// Taxonomy is one of Commons' vocabularies.
type Taxonomy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// TaxonomyTerm is a word of a vocabulary.
type TaxonomyTerm struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Taxonomy    string `json:"taxonomy"`
	TaxonomyID  string `json:"taxonomy_id"`
}

// Input is what a visitor may see of a community: its public
// organizations, resources and activities.
type Input struct {
	Community     commons.Community
	Location      *time.Location
	BaseURL       string // the site's address, for links to pages
	Organizations []commons.Organization
	Resources     []commons.Resource
	Activities    []commons.Activity
	// Cancelled are the cancelled occurrences of those activities' series
	// in the same window: not published, but a series changed when one
	// of them was cancelled.
	Cancelled []commons.Activity
	// Hours are the resources' opening hours, by resource id (none: no
	// hours given, open at all times).
	Hours map[string][]commons.OpeningInterval
	// Now is when the dataset is built: opening hours are given with the
	// community's UTC offset at that time.
	Now time.Time
}

// Dataset is a community's offer in HSDS, every object once.
type Dataset struct {
	Organizations      []Organization
	Services           []Service
	Locations          []Location
	ServiceAtLocations []ServiceAtLocation
	Taxonomies         []Taxonomy
	Terms              []TaxonomyTerm
}

// vocabularies are Commons' taxonomies: what each describes.
var vocabularies = map[string]string{
	"commons_sector":        "The part of society an organization belongs to (Commons' sectors)",
	"commons_theme":         "What an activity is about, in the community's own words",
	"commons_kind":          "The kind of a service: an activity's (course, workshop, skill share, event) or a shared resource's (space, equipment, …)",
	"commons_accessibility": "Accessibility features of a place",
}

// Build writes in's offer as HSDS.
func Build(in Input) Dataset {
	b := builder{in: in, c: in.Community.ID, terms: map[string]TaxonomyTerm{}, locations: map[string]Location{}}
	return b.build()
}

type builder struct {
	in        Input
	c         string
	terms     map[string]TaxonomyTerm
	locations map[string]Location
}

func (b *builder) id(kind, id string) string { return ID(b.c, kind, id) }

// term finds or makes the term of a word in a vocabulary.
func (b *builder) term(taxonomy, code string) TaxonomyTerm {
	key := taxonomy + "/" + code
	if t, ok := b.terms[key]; ok {
		return t
	}
	name := strings.ReplaceAll(code, "_", " ")
	t := TaxonomyTerm{ID: b.id("term", key), Code: code, Name: name, Description: name + " (" + taxonomy + ")",
		Taxonomy: taxonomy, TaxonomyID: b.id("taxonomy", taxonomy)}
	b.terms[key] = t
	return t
}

func (b *builder) attribute(taxonomy, code, linkID, entity string) Attribute {
	t := b.term(taxonomy, code)
	return Attribute{ID: b.id("attribute", linkID+"/"+t.ID), LinkID: linkID, LinkType: taxonomy, LinkEntity: entity, TaxonomyTermID: t.ID, TaxonomyTerm: &t}
}

func (b *builder) page(path string) string {
	if b.in.BaseURL == "" {
		return ""
	}
	return strings.TrimSuffix(b.in.BaseURL, "/") + "/c/" + b.in.Community.Slug + path
}

func (b *builder) build() Dataset {
	var d Dataset
	orgs := map[string]string{} // Commons id → HSDS id
	for _, o := range b.in.Organizations {
		id := b.id("organization", o.ID)
		orgs[o.ID] = id
		desc := markdown.Text(o.Description)
		if desc == "" {
			desc = o.Name
		}
		org := Organization{ID: id, Name: o.Name, Description: desc, Email: o.Email, Website: o.Website,
			URI: b.page("/organizations/" + o.ID), page: "/organizations/" + o.ID, Locations: []Location{}, Attributes: []Attribute{}}
		if o.Sector != "" {
			org.Attributes = append(org.Attributes, b.attribute("commons_sector", string(o.Sector), id, "organization"))
		}
		// Its own place, with its address in parts, when it gave one.
		if o.Address != "" {
			lid := b.id("location", "organization/"+o.ID)
			b.locations[lid] = Location{ID: lid, LocationType: "physical", Name: o.Name, OrganizationID: id, Accessibility: []Accessibility{},
				Addresses: []Address{b.address(o.ID, lid, o.Address, o.Place)}}
		}
		// Its contact, only when public (the use case blanks the others).
		if c := o.Contact; c.Public && !c.IsZero() {
			cid := b.id("contact", o.ID)
			contact := Contact{ID: cid, OrganizationID: id, Name: c.Name, Title: c.Title, Email: c.Email}
			if c.Phone != "" {
				ph := Phone{ID: b.id("phone", o.ID), OrganizationID: id, ContactID: cid, Number: c.Phone, Type: "voice"}
				contact.Phones = []Phone{ph}
				org.Phones = []Phone{ph}
			}
			org.Contacts = []Contact{contact}
		}
		d.Organizations = append(d.Organizations, org)
	}
	for _, r := range b.in.Resources {
		sid := b.id("resource", r.ID)
		s := Service{ID: sid, Name: r.Title, Description: markdown.Text(r.Description), URL: b.page("/resources/" + r.ID), page: "/resources/" + r.ID,
			Status: "active", LastModified: r.UpdatedAt.UTC().Format(time.RFC3339), OrganizationID: orgs[r.OwnerOrgID],
			Schedules: b.openingHours(sid, b.in.Hours[r.ID]), Languages: []Language{}, CostOptions: []CostOption{}, modified: r.UpdatedAt, orgID: orgs[r.OwnerOrgID]}
		s.Attributes = []Attribute{b.attribute("commons_kind", string(r.Kind), sid, "service")}
		switch r.Terms {
		case commons.TermsFree:
			s.FeesDescription = "Free"
			s.CostOptions = append(s.CostOptions, CostOption{ID: b.id("cost", r.ID), ServiceID: sid, Option: "free", Amount: new(float64)})
		default:
			s.FeesDescription = strings.TrimSpace(strings.ReplaceAll(string(r.Terms), "_", " ") + ". " + r.TermsNote)
		}
		loc := b.place(r, s.OrganizationID)
		s.ServiceAtLocations = []ServiceAtLocation{{ID: b.id("sal", sid+"/"+loc.ID), ServiceID: sid, LocationID: loc.ID, Schedules: []Schedule{}}}
		d.Services = append(d.Services, s)
	}
	// One service per series: its first listed occurrence stands for it.
	series := map[string][]commons.Activity{}
	var order []string
	for _, a := range b.in.Activities {
		if _, ok := series[a.SeriesID]; !ok {
			order = append(order, a.SeriesID)
		}
		series[a.SeriesID] = append(series[a.SeriesID], a)
	}
	changed := map[string]time.Time{} // series id → when an occurrence was last cancelled
	for _, a := range b.in.Cancelled {
		if a.UpdatedAt.After(changed[a.SeriesID]) {
			changed[a.SeriesID] = a.UpdatedAt
		}
	}
	for _, id := range order {
		d.Services = append(d.Services, b.activity(series[id], changed[id], orgs))
	}
	for _, s := range d.Services {
		d.ServiceAtLocations = append(d.ServiceAtLocations, s.ServiceAtLocations...)
	}
	for _, l := range b.locations {
		d.Locations = append(d.Locations, l)
	}
	sort.Slice(d.Locations, func(i, j int) bool { return d.Locations[i].ID < d.Locations[j].ID })
	for name, desc := range vocabularies {
		d.Taxonomies = append(d.Taxonomies, Taxonomy{ID: b.id("taxonomy", name), Name: name, Description: desc})
	}
	sort.Slice(d.Taxonomies, func(i, j int) bool { return d.Taxonomies[i].Name < d.Taxonomies[j].Name })
	for _, t := range b.terms {
		d.Terms = append(d.Terms, t)
	}
	sort.Slice(d.Terms, func(i, j int) bool { return d.Terms[i].Taxonomy+d.Terms[i].Code < d.Terms[j].Taxonomy+d.Terms[j].Code })
	return d
}

// place finds or makes the location of a resource (a venue is one), with
// its address in parts when it gave one: the resource whole, or what an
// activity knows of its venue. orgID is its organization's HSDS id.
func (b *builder) place(r commons.Resource, orgID string) Location {
	lid := b.id("location", "resource/"+r.ID)
	if l, ok := b.locations[lid]; ok {
		return l
	}
	l := Location{ID: lid, LocationType: "physical", Name: r.Title, Description: r.Address, Latitude: r.Latitude, Longitude: r.Longitude,
		OrganizationID: orgID, Accessibility: []Accessibility{}}
	if r.Address != "" || !r.Place.IsZero() {
		l.Addresses = []Address{b.address("resource/"+r.ID, lid, r.Address, r.Place)}
	}
	for _, f := range r.Accessibility {
		l.Accessibility = append(l.Accessibility, Accessibility{ID: b.id("accessibility", lid+"/"+f), LocationID: lid,
			Description: b.term("commons_accessibility", f).Name})
	}
	b.locations[lid] = l
	return l
}

// address is a location's physical address; key makes its id.
func (b *builder) address(key, locationID, street string, p commons.PostalAddress) Address {
	return Address{ID: b.id("address", key), LocationID: locationID, Address1: street, City: p.City, Region: p.Region,
		StateProvince: p.Region, PostalCode: p.PostalCode, Country: p.Country, AddressType: "physical"}
}

// activity writes a series of occurrences as one service; cancelled is
// when one of its occurrences was last cancelled (zero: never).
func (b *builder) activity(occ []commons.Activity, cancelled time.Time, orgs map[string]string) Service {
	first := occ[0]
	sid := b.id("activity", first.SeriesID)
	s := Service{ID: sid, Name: first.Title, Description: markdown.Text(first.Description), URL: b.page("/activities/" + first.ID), page: "/activities/" + first.ID,
		Status: "active", Schedules: []Schedule{}, Languages: []Language{}, CostOptions: []CostOption{}, modified: cancelled}
	// Changed when any occurrence was last edited, moved or cancelled.
	for _, o := range occ {
		if o.UpdatedAt.After(s.modified) {
			s.modified = o.UpdatedAt
		}
	}
	for _, o := range first.Organizers {
		if id := orgs[o.OrganizationID]; id != "" {
			s.OrganizationID = id
			break
		}
	}
	s.LastModified = s.modified.UTC().Format(time.RFC3339)
	s.Attributes = []Attribute{b.attribute("commons_kind", string(first.Kind), sid, "service")}
	for _, t := range first.Themes {
		s.Attributes = append(s.Attributes, b.attribute("commons_theme", t, sid, "service"))
	}
	for _, l := range first.Languages {
		s.Languages = append(s.Languages, Language{ID: b.id("language", sid+"/"+l), ServiceID: sid, Code: l})
	}
	if first.CostMinor == nil || *first.CostMinor == 0 {
		s.FeesDescription = "Free"
		s.CostOptions = append(s.CostOptions, CostOption{ID: b.id("cost", sid), ServiceID: sid, Option: "free", Amount: new(float64)})
	} else {
		amount := float64(*first.CostMinor) / 100
		s.CostOptions = append(s.CostOptions, CostOption{ID: b.id("cost", sid), ServiceID: sid, Option: "per session", Currency: first.Currency, Amount: &amount})
	}
	s.Schedules = append(s.Schedules, b.schedule(sid, occ))
	if first.Accessibility != "" {
		s.Attributes = append(s.Attributes, Attribute{ID: b.id("attribute", sid+"/access-note"), LinkID: sid, LinkType: "accessibility_note",
			LinkEntity: "service", TaxonomyTermID: b.term("commons_accessibility", "notes").ID})
	}
	var loc Location
	switch {
	case first.ResourceID != "":
		var res *commons.Resource
		for i := range b.in.Resources {
			if b.in.Resources[i].ID == first.ResourceID {
				res = &b.in.Resources[i]
			}
		}
		if res != nil {
			loc = b.place(*res, orgs[res.OwnerOrgID])
		} else {
			loc = b.place(commons.Resource{ID: first.ResourceID, Title: first.VenueTitle, Address: first.VenueAddress}, "")
		}
	case first.OnlineURL != "":
		lid := b.id("location", "online/"+sid)
		loc = Location{ID: lid, LocationType: "virtual", URL: first.OnlineURL, Name: first.Title, Accessibility: []Accessibility{}}
		b.locations[lid] = loc
	}
	if loc.ID != "" {
		s.ServiceAtLocations = []ServiceAtLocation{{ID: b.id("sal", sid+"/"+loc.ID), ServiceID: sid, LocationID: loc.ID, Schedules: []Schedule{}}}
	} else {
		s.ServiceAtLocations = []ServiceAtLocation{}
	}
	return s
}

// schedule writes a series' recurrence (the RRULE Commons stored, FREQ=
// WEEKLY or MONTHLY with COUNT or UNTIL, a monthly one on a day of the
// month or on the nth weekday, BYDAY=1SA) with its local hours; a single
// occurrence is a schedule valid on its day.
func (b *builder) schedule(sid string, occ []commons.Activity) Schedule {
	loc := b.in.Location
	if loc == nil {
		loc = time.UTC
	}
	first, last := occ[0], occ[len(occ)-1]
	start, end := first.StartsAt.In(loc), first.EndsAt.In(loc)
	_, offset := start.Zone()
	tz := float64(offset) / 3600
	sc := Schedule{ID: b.id("schedule", sid), ServiceID: sid, DTStart: start.Format("2006-01-02"), Timezone: &tz,
		ValidFrom: start.Format("2006-01-02"), ValidTo: last.StartsAt.In(loc).Format("2006-01-02"),
		OpensAt: start.Format("15:04"), ClosesAt: end.Format("15:04")}
	rule := strings.ToUpper(first.Recurrence)
	if rule == "" {
		sc.Description = fmt.Sprintf("%s %s–%s", start.Format("2006-01-02"), sc.OpensAt, sc.ClosesAt)
		return sc
	}
	byDay := ""
	for _, part := range strings.Split(rule, ";") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "BYDAY":
			byDay = v
		case "FREQ":
			if v == "WEEKLY" || v == "MONTHLY" {
				sc.Freq = v
			}
		case "INTERVAL":
			if n, err := strconv.Atoi(v); err == nil {
				sc.Interval = &n
			}
		case "COUNT":
			if n, err := strconv.Atoi(v); err == nil {
				sc.Count = &n
			}
		case "UNTIL":
			if t, err := time.Parse("20060102T150405Z", v); err == nil {
				sc.Until = t.In(loc).Format("2006-01-02")
			} else if t, err := time.Parse("20060102", v); err == nil {
				sc.Until = t.Format("2006-01-02")
			}
		}
	}
	switch sc.Freq {
	case "WEEKLY":
		sc.ByDay = strings.ToUpper(start.Weekday().String()[:2])
	case "MONTHLY":
		// The nth weekday of each month ("1SA": the first Saturday), as
		// the rule says it, or else the start's day of the month.
		if byDay != "" {
			sc.ByDay = byDay
		} else {
			sc.ByMonthDay = strconv.Itoa(start.Day())
		}
	}
	sc.Description = rule
	return sc
}

// openingHours writes a resource's opening hours as weekly schedules, one
// per opening and closing time, with the days that have it ("MO,TU"), in
// the community's time zone at the time of the build.
func (b *builder) openingHours(sid string, hours []commons.OpeningInterval) []Schedule {
	out := []Schedule{}
	if len(hours) == 0 {
		return out
	}
	loc := b.in.Location
	if loc == nil {
		loc = time.UTC
	}
	_, offset := b.in.Now.In(loc).Zone()
	tz := float64(offset) / 3600
	byTimes := map[[2]int]int{} // opens, closes → index in out
	// From Monday, as people read a week.
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		for _, h := range hours {
			if h.Weekday != wd {
				continue
			}
			day := strings.ToUpper(wd.String()[:2])
			if i, ok := byTimes[[2]int{h.Opens, h.Closes}]; ok {
				out[i].ByDay += "," + day
				continue
			}
			byTimes[[2]int{h.Opens, h.Closes}] = len(out)
			out = append(out, Schedule{ID: b.id("schedule", sid+"/"+commons.Clock(h.Opens)+"-"+commons.Clock(h.Closes)), ServiceID: sid,
				Freq: "WEEKLY", ByDay: day, OpensAt: commons.Clock(h.Opens), ClosesAt: commons.Clock(h.Closes), Timezone: &tz})
		}
	}
	for i := range out {
		out[i].Description = fmt.Sprintf("%s %s–%s (%s)", out[i].ByDay, out[i].OpensAt, out[i].ClosesAt, loc)
	}
	return out
}

// PublicPage is a page of the community that the dataset stands for.
type PublicPage struct {
	Path     string // under /c/{slug}
	Modified time.Time
}

// Pages lists the community's public pages of what the dataset holds: its
// organizations, services' pages (resources, activities), for a sitemap.
func (d Dataset) Pages() []PublicPage {
	var out []PublicPage
	for _, o := range d.Organizations {
		out = append(out, PublicPage{Path: o.page})
	}
	for _, s := range d.Services {
		out = append(out, PublicPage{Path: s.page, Modified: s.modified})
	}
	return out
}
