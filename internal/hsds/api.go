package hsds

import (
	"strings"
	"time"
)

// The HSDS API's answers, from a Dataset: pages in the Page envelope with
// its filters, and single objects fully nested.

// Page is the HSDS API's envelope of a list.
type Page[T any] struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"`
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"`
	Contents   []T  `json:"contents"`
}

// MaxPerPage bounds per_page.
const MaxPerPage = 200

// Query is a list request's filters and page.
type Query struct {
	Search         string
	OrganizationID string
	TaxonomyTermID string
	TaxonomyID     string
	ModifiedAfter  time.Time
	Page, PerPage  int
}

// PageOf is one page of a list, as the query asks.
func PageOf[T any](all []T, q Query) Page[T] { return pageOf(all, q) }

func pageOf[T any](all []T, q Query) Page[T] {
	per := q.PerPage
	if per < 1 {
		per = 50
	}
	per = min(per, MaxPerPage)
	n := max(q.Page, 1)
	p := Page[T]{TotalItems: len(all), TotalPages: (len(all) + per - 1) / per, PageNumber: n, Contents: []T{}}
	if from := (n - 1) * per; from < len(all) {
		p.Contents = all[from:min(from+per, len(all))]
	}
	p.Size = len(p.Contents)
	p.FirstPage = n == 1
	p.LastPage = n >= p.TotalPages
	p.Empty = len(all) == 0
	return p
}

// Root is the answer of the API's root.
type Root struct {
	Version    string `json:"version"`
	Profile    string `json:"profile"`
	OpenAPIURL string `json:"openapi_url"`
}

// listed is a service as a list shows it: its one-to-one fields and its
// organization, without the arrays.
func (d Dataset) listed(s Service) Service {
	out := Service{ID: s.ID, OrganizationID: s.OrganizationID, Name: s.Name, Description: s.Description, URL: s.URL,
		Status: s.Status, FeesDescription: s.FeesDescription, LastModified: s.LastModified}
	if o, ok := d.organization(s.OrganizationID); ok {
		o.Locations, o.Attributes, o.Contacts, o.Phones = nil, nil, nil, nil
		out.Organization = &o
	}
	return out
}

func (d Dataset) organization(id string) (Organization, bool) {
	for _, o := range d.Organizations {
		if o.ID == id {
			return o, true
		}
	}
	return Organization{}, false
}

func (d Dataset) location(id string) (Location, bool) {
	for _, l := range d.Locations {
		if l.ID == id {
			return l, true
		}
	}
	return Location{}, false
}

// matches applies a query's filters to a service.
func (q Query) matches(s Service) bool {
	if q.OrganizationID != "" && s.OrganizationID != q.OrganizationID {
		return false
	}
	if !q.ModifiedAfter.IsZero() && !s.modified.After(q.ModifiedAfter) {
		return false
	}
	if q.Search != "" {
		text := strings.ToLower(s.Name + " " + s.Description)
		for _, w := range strings.Fields(strings.ToLower(q.Search)) {
			if !strings.Contains(text, w) {
				return false
			}
		}
	}
	if q.TaxonomyTermID != "" || q.TaxonomyID != "" {
		found := false
		for _, a := range s.Attributes {
			if a.TaxonomyTerm != nil && (a.TaxonomyTermID == q.TaxonomyTermID || a.TaxonomyTerm.TaxonomyID == q.TaxonomyID) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Services is GET /services: a page of the services that match.
func (d Dataset) ServicesPage(q Query) Page[Service] {
	var all []Service
	for _, s := range d.Services {
		if q.matches(s) {
			all = append(all, d.listed(s))
		}
	}
	return pageOf(all, q)
}

// Service is GET /services/{id}: the service fully nested.
func (d Dataset) Service(id string) (Service, bool) {
	for _, s := range d.Services {
		if s.ID != id {
			continue
		}
		if o, ok := d.organization(s.OrganizationID); ok {
			o.Services = nil
			s.Organization = &o
		}
		sals := make([]ServiceAtLocation, 0, len(s.ServiceAtLocations))
		for _, sal := range s.ServiceAtLocations {
			if l, ok := d.location(sal.LocationID); ok {
				sal.Location = &l
			}
			sals = append(sals, sal)
		}
		s.ServiceAtLocations = sals
		return s, true
	}
	return Service{}, false
}

// OrganizationsPage is GET /organizations.
func (d Dataset) OrganizationsPage(q Query) Page[Organization] {
	var all []Organization
	for _, o := range d.Organizations {
		if q.Search != "" && !strings.Contains(strings.ToLower(o.Name+" "+o.Description), strings.ToLower(q.Search)) {
			continue
		}
		o.Locations, o.Attributes = nil, nil
		all = append(all, o)
	}
	return pageOf(all, q)
}

// Organization is GET /organizations/{id}: with its services and places.
func (d Dataset) Organization(id string) (Organization, bool) {
	o, ok := d.organization(id)
	if !ok {
		return o, false
	}
	for _, s := range d.Services {
		if s.OrganizationID == id {
			o.Services = append(o.Services, d.listed(s))
		}
	}
	for _, l := range d.Locations {
		if l.OrganizationID == id {
			o.Locations = append(o.Locations, l)
		}
	}
	return o, true
}

// ServiceAtLocationsPage is GET /service_at_locations.
func (d Dataset) ServiceAtLocationsPage(q Query) Page[ServiceAtLocation] {
	var all []ServiceAtLocation
	for _, s := range d.Services {
		if !q.matches(s) {
			continue
		}
		all = append(all, s.ServiceAtLocations...)
	}
	return pageOf(all, q)
}

// ServiceAtLocation is GET /service_at_locations/{id}: with its service
// and location.
func (d Dataset) ServiceAtLocation(id string) (ServiceAtLocation, bool) {
	for _, sal := range d.ServiceAtLocations {
		if sal.ID != id {
			continue
		}
		if l, ok := d.location(sal.LocationID); ok {
			sal.Location = &l
		}
		for _, s := range d.Services {
			if s.ID == sal.ServiceID {
				ls := d.listed(s)
				sal.Service = &ls
			}
		}
		return sal, true
	}
	return ServiceAtLocation{}, false
}
