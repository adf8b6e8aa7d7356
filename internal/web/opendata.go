package web

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/hsds"
	"github.com/commons-project/commons/internal/i18n"
)

// routesOpenData adds what other programs read and what comes in from
// them: an activity for one's own calendar, a room's own calendar
// imported as busy times.
func (w *Web) routesOpenData(m router) {
	m.Raw("GET /c/{slug}/activities/{id}/event.ics", w.activityEvents(false))
	m.Raw("GET /c/{slug}/activities/{id}/series.ics", w.activityEvents(true))
	m.Page("GET /c/{slug}/resources/{id}/busy", w.busyPage)
	m.Raw("POST /c/{slug}/resources/{id}/busy", w.importBusy)
	m.Form("POST /c/{slug}/resources/{id}/busy/clear", w.clearBusy, nil)
	m.Form("POST /c/{slug}/resources/{id}/busy/feed", w.importBusyFeed, w.busyPage)

	m.Raw("GET /robots.txt", w.robots)
	m.Raw("GET /sitemap.xml", w.sitemapIndex)
	m.Raw("GET /sitemap-site.xml", w.siteSitemap)
	m.Raw("GET /c/{slug}/sitemap.xml", w.communitySitemap)

	// The HSDS 3.0 API of the community's public offer.
	m.Raw("GET /c/{slug}/hsds/{$}", w.hsds(func(d hsds.Dataset, r *http.Request, q hsds.Query) (any, bool) {
		return hsds.Root{Version: hsds.Version, Profile: hsds.Profile, OpenAPIURL: hsdsOpenAPI}, true
	}))
	m.Raw("GET /c/{slug}/hsds/services", w.hsds(func(d hsds.Dataset, r *http.Request, q hsds.Query) (any, bool) { return d.ServicesPage(q), true }))
	m.Raw("GET /c/{slug}/hsds/services/{id}", w.hsds(func(d hsds.Dataset, r *http.Request, q hsds.Query) (any, bool) {
		return d.Service(r.PathValue("id"))
	}))
	m.Raw("GET /c/{slug}/hsds/organizations", w.hsds(func(d hsds.Dataset, r *http.Request, q hsds.Query) (any, bool) {
		return d.OrganizationsPage(q), true
	}))
	m.Raw("GET /c/{slug}/hsds/organizations/{id}", w.hsds(func(d hsds.Dataset, r *http.Request, q hsds.Query) (any, bool) {
		return d.Organization(r.PathValue("id"))
	}))
	m.Raw("GET /c/{slug}/hsds/service_at_locations", w.hsds(func(d hsds.Dataset, r *http.Request, q hsds.Query) (any, bool) {
		return d.ServiceAtLocationsPage(q), true
	}))
	m.Raw("GET /c/{slug}/hsds/service_at_locations/{id}", w.hsds(func(d hsds.Dataset, r *http.Request, q hsds.Query) (any, bool) {
		return d.ServiceAtLocation(r.PathValue("id"))
	}))
	m.Raw("GET /c/{slug}/hsds/taxonomies", w.hsds(func(d hsds.Dataset, r *http.Request, q hsds.Query) (any, bool) {
		return hsds.PageOf(d.Taxonomies, q), true
	}))
	m.Raw("GET /c/{slug}/hsds/datapackage.zip", w.hsdsTabular)
	m.Raw("GET /c/{slug}/hsds/taxonomy_terms", w.hsds(func(d hsds.Dataset, r *http.Request, q hsds.Query) (any, bool) {
		return hsds.PageOf(d.Terms, q), true
	}))
}

// hsdsOpenAPI is the HSDS API's own description, which these routes follow.
const hsdsOpenAPI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"

// hsds serves one HSDS API route as JSON: answer picks from the
// community's dataset; false is "not found". Problems are JSON too, for
// the programs that read this.
func (w *Web) hsds(answer func(d hsds.Dataset, r *http.Request, q hsds.Query) (any, bool)) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		fail := func(status int, key string, args ...any) {
			rw.Header().Set("Content-Type", "application/json; charset=utf-8")
			rw.WriteHeader(status)
			json.NewEncoder(rw).Encode(map[string]string{"error": w.view(r, nil).L.T(key, args...)})
		}
		q, err := hsdsQuery(r)
		if err != nil {
			fail(http.StatusBadRequest, "error.hsds.query", "Param", err.Error())
			return
		}
		s, err := w.App.Scope(r.Context(), w.user(r), r.PathValue("slug"))
		var d hsds.Dataset
		if err == nil {
			d, err = w.App.OpenDataIn(r.Context(), s, w.absoluteURL(""), r.URL.Query().Get("lang"))
		}
		if err != nil {
			e := commons.ErrorOf(err)
			fail(e.Code.Status(), e.Message.Key)
			return
		}
		out, ok := answer(d, r, q)
		if !ok {
			fail(http.StatusNotFound, "error.not_found")
			return
		}
		rw.Header().Set("Content-Type", "application/json; charset=utf-8")
		rw.Header().Set("Access-Control-Allow-Origin", "*") // open data, for any site's scripts
		json.NewEncoder(rw).Encode(out)
	}
}

// hsdsTabular is the community's offer as an HSDS Tabular Data Package:
// a zip of CSVs and their datapackage.json, written as it is made.
func (w *Web) hsdsTabular(rw http.ResponseWriter, r *http.Request) {
	s, err := w.App.Scope(r.Context(), w.user(r), r.PathValue("slug"))
	var d hsds.Dataset
	if err == nil {
		d, err = w.App.OpenDataIn(r.Context(), s, w.absoluteURL(""), r.URL.Query().Get("lang"))
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/zip")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+s.Community.Slug+`-hsds.zip"`)
	if err := d.WriteTabular(rw, w.App.Now()); err != nil {
		w.Log.ErrorContext(r.Context(), "HSDS package failed", "err", err)
	}
}

// hsdsQuery reads the HSDS API's list parameters; the error names the
// parameter at fault.
func hsdsQuery(r *http.Request) (hsds.Query, error) {
	v := r.URL.Query()
	q := hsds.Query{Search: v.Get("search"), OrganizationID: v.Get("organization_id"), TaxonomyTermID: v.Get("taxonomy_term_id"),
		TaxonomyID: v.Get("taxonomy_id")}
	for name, dst := range map[string]*int{"page": &q.Page, "per_page": &q.PerPage} {
		if s := v.Get(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				return q, errors.New(name)
			}
			*dst = n
		}
	}
	if s := v.Get("modified_after"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			if t, err = time.Parse("2006-01-02", s); err != nil {
				return q, errors.New("modified_after")
			}
		}
		q.ModifiedAfter = t
	}
	return q, nil
}

// busyData is the busy-times page's data.
type busyData struct {
	View     app.BusyView
	Location *time.Location
	// Feeds shows the form to fetch a calendar from an address, when the
	// operator allows it.
	Feeds bool
}

// busyPage shows a resource's imported busy times, and to its stewards
// the form to import its calendar and the bookings that clash.
func (w *Web) busyPage(r *http.Request, v *view) (string, error) {
	bv, err := w.App.BusyTimes(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	v.Title = v.L.T("opendata.busy.title") + " · " + bv.Resource.Title
	v.Data = busyData{View: bv, Location: w.App.Location(*v.Community), Feeds: w.App.FeedsAllowed()}
	return "resource_busy", nil
}

// importBusy takes the .ics file of a multipart form; a refused file shows
// the page again with the problem beside the file field.
func (w *Web) importBusy(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, commons.MaxBusyFileBytes+64<<10)
	v, err := w.viewFor(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	id := r.PathValue("id")
	file, header, err := r.FormFile("calendar")
	switch {
	case err != nil && strings.Contains(err.Error(), "too large"):
		err = commons.Errorf(commons.CodeTooLarge, "error.too_large", "Limit", "4 MiB")
	case err != nil:
		err = commons.Errorf(commons.CodeInvalid, "error.busy.empty")
	default:
		defer file.Close()
		_, err = w.App.ImportBusyTimes(r.Context(), v.Scope, id, header.Filename, file)
	}
	if err == nil {
		redirect(rw, r, "/c/"+v.Community.Slug+"/resources/"+id+"/busy", "flash.busy_imported")
		return
	}
	f := &form{Values: url.Values{}, Errors: map[string]string{}}
	if !formFailed(f, err, v.L) {
		w.Fail(rw, r, err)
		return
	}
	if f.Error != "" {
		f.Errors["calendar"], f.Error = f.Error, ""
	}
	v.Form, v.status = f, commons.CodeOf(err).Status()
	w.serve(rw, r, v, w.busyPage)
}

// importBusyFeed fetches the room's calendar from an address.
func (w *Web) importBusyFeed(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	if _, err := w.App.ImportBusyFeed(r.Context(), v.Scope, id, f.Get("url")); err != nil {
		return done{}, err
	}
	return done{To: "/c/" + v.Community.Slug + "/resources/" + id + "/busy", Flash: "flash.busy_imported"}, nil
}

// clearBusy removes the imported busy times.
func (w *Web) clearBusy(r *http.Request, v *view, _ *form) (done, error) {
	id := r.PathValue("id")
	if err := w.App.ClearBusyTimes(r.Context(), v.Scope, id); err != nil {
		return done{}, err
	}
	return done{To: "/c/" + v.Community.Slug + "/resources/" + id + "/busy", Flash: "flash.busy_cleared"}, nil
}

// activityEvents answers "add to my calendar" on an activity's page: the
// occurrence, or every occurrence of its series, as an .ics file that a
// calendar program imports once (a download, not a subscription).
func (w *Web) activityEvents(series bool) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		s, err := w.App.Scope(r.Context(), w.user(r), r.PathValue("slug"))
		if err != nil {
			w.Fail(rw, r, err)
			return
		}
		av, err := w.App.Activity(r.Context(), s, r.PathValue("id"))
		if err != nil {
			w.Fail(rw, r, err)
			return
		}
		acts := []commons.Activity{av.Activity}
		name := "activity.ics"
		if series && len(av.Series) > 0 {
			acts, name = av.Series, "series.ics"
		}
		rw.Header().Set("Content-Type", calendarType)
		rw.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		encode.ActivityEvents(rw, w.App.Now(), av.Title, acts, func(a commons.Activity) string {
			return w.absoluteURL("/c/" + s.Community.Slug + "/activities/" + a.ID)
		})
	}
}

// alternate is a <link rel="alternate"> in a page's head.
type alternate struct{ Type, Href, Title string }

// alternates are a community's open forms: its calendar and its HSDS
// offer, for programs that look for them in the page.
func alternates(l *i18n.Localizer, c commons.Community) []alternate {
	return []alternate{
		{Type: "text/calendar", Href: "/c/" + c.Slug + "/activities.ics", Title: l.T("opendata.alt.calendar")},
		{Type: "application/json", Href: "/c/" + c.Slug + "/hsds/", Title: l.T("opendata.alt.hsds")},
		{Type: "application/zip", Href: "/c/" + c.Slug + "/hsds/datapackage.zip", Title: l.T("opendata.alt.hsds_package")},
	}
}

// langLink is a page's address in one language (hreflang).
type langLink struct{ Lang, Href string }

// langLinks are the absolute addresses of the page at u in every language
// of the catalog (?lang=xx), and x-default: the address without one, whose
// language follows the reader.
func (w *Web) langLinks(u *url.URL) []langLink {
	at := func(lang string) string {
		q := u.Query()
		q.Del("lang")
		if lang != "" {
			q.Set("lang", lang)
		}
		a := url.URL{Path: u.Path, RawQuery: q.Encode()}
		return w.absoluteURL(a.String())
	}
	links := []langLink{{Lang: "x-default", Href: at("")}}
	for _, code := range w.Catalog.Languages() {
		links = append(links, langLink{Lang: code, Href: at(code)})
	}
	return links
}

// robots tells crawlers what to leave alone — one's own pages, forms,
// the API and feeds that change by the minute — and where the sitemap is.
func (w *Web) robots(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(rw, "User-agent: *\nDisallow: /me\nDisallow: /messages\nDisallow: /calendar/\nDisallow: /signin\nDisallow: /signup\nDisallow: /api/\nDisallow: /unsubscribe/\nAllow: /\n\nSitemap: %s\n",
		w.absoluteURL("/sitemap.xml"))
}

// The sitemaps (sitemaps.org): /sitemap.xml is an index of one sitemap
// for the site's own pages and one per community, listing what a visitor
// sees there, as the HSDS export does. One sitemap for a whole region was
// 98 MB with every page's eleven language links (a hundred communities),
// past the protocol's 50 MB and 50,000 addresses a file, and took 6 s to
// build; a community's is about 1 MB, built when it is asked for. A
// sitemap lists only addresses under its own folder, which is why each
// community's lives under /c/{slug}/.

// sitemapIndex lists the site's sitemap and every community's.
func (w *Web) sitemapIndex(rw http.ResponseWriter, r *http.Request) {
	type sitemap struct {
		Loc string `xml:"loc"`
	}
	maps := []sitemap{{w.absoluteURL("/sitemap-site.xml")}}
	if err := w.eachCommunity(r, func(c commons.Community) {
		maps = append(maps, sitemap{w.absoluteURL("/c/" + c.Slug + "/sitemap.xml")})
	}); err != nil {
		w.Fail(rw, r, err)
		return
	}
	writeXML(rw, struct {
		XMLName  xml.Name  `xml:"sitemapindex"`
		NS       string    `xml:"xmlns,attr"`
		Sitemaps []sitemap `xml:"sitemap"`
	}{NS: sitemapNS, Sitemaps: maps})
}

// siteSitemap lists the home page and each community's home, which sit
// outside the community's folder (/c/{slug} is not under /c/{slug}/).
func (w *Web) siteSitemap(rw http.ResponseWriter, r *http.Request) {
	var s urlSet
	s.add(w, "/", time.Time{})
	if err := w.eachCommunity(r, func(c commons.Community) { s.add(w, "/c/"+c.Slug, time.Time{}) }); err != nil {
		w.Fail(rw, r, err)
		return
	}
	s.write(rw)
}

// eachCommunity calls fn with every community, a page at a time.
func (w *Web) eachCommunity(r *http.Request, fn func(commons.Community)) error {
	for cursor := ""; ; {
		cs, next, err := w.App.Communities(r.Context(), commons.Page{Limit: commons.MaxPageSize, Cursor: cursor})
		if err != nil {
			return err
		}
		for _, c := range cs {
			fn(c)
		}
		if cursor = next; next == "" {
			return nil
		}
	}
}

// communitySitemap lists a community's directories, its organizations,
// resources and coming activities: what a visitor sees.
// At most 50,000 addresses, the protocol's limit.
func (w *Web) communitySitemap(rw http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	sc, err := w.App.Scope(r.Context(), nil, slug)
	var d hsds.Dataset
	if err == nil {
		d, err = w.App.OpenData(r.Context(), sc, "")
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	var s urlSet
	base := "/c/" + slug
	for _, p := range []string{"/organizations", "/resources", "/activities", "/initiatives"} {
		s.add(w, base+p, time.Time{})
	}
	for _, page := range d.Pages() {
		s.add(w, base+page.Path, page.Modified)
	}
	s.write(rw)
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// urlSet is one sitemap: each page's address, when it last changed, and
// its address in every language (Google's hreflang in sitemaps: the xhtml
// namespace's link).
type urlSet struct{ urls []sitemapURL }

type sitemapURL struct {
	Loc     string        `xml:"loc"`
	LastMod string        `xml:"lastmod,omitempty"`
	Links   []sitemapLink `xml:"xhtml:link"`
}

type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

func (s *urlSet) add(w *Web, path string, at time.Time) {
	if len(s.urls) >= 50000 {
		return
	}
	e := sitemapURL{Loc: w.absoluteURL(path)}
	for _, l := range w.langLinks(&url.URL{Path: path}) {
		e.Links = append(e.Links, sitemapLink{Rel: "alternate", HrefLang: l.Lang, Href: l.Href})
	}
	if !at.IsZero() {
		e.LastMod = at.UTC().Format("2006-01-02")
	}
	s.urls = append(s.urls, e)
}

func (s *urlSet) write(rw http.ResponseWriter) {
	writeXML(rw, struct {
		XMLName xml.Name     `xml:"urlset"`
		NS      string       `xml:"xmlns,attr"`
		XHTML   string       `xml:"xmlns:xhtml,attr"`
		URLs    []sitemapURL `xml:"url"`
	}{NS: sitemapNS, XHTML: "http://www.w3.org/1999/xhtml", URLs: s.urls})
}

func writeXML(rw http.ResponseWriter, v any) {
	rw.Header().Set("Content-Type", "application/xml; charset=utf-8")
	io.WriteString(rw, xml.Header)
	xml.NewEncoder(rw).Encode(v)
}
