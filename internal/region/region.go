// Package region generates a whole region of learning communities — tens
// of thousands of people, organizations, resources and bookings — straight
// into the store, to measure Commons at the size it is meant to serve
// (commons demo --scale N). The data is fictional but shaped like the real
// thing: people belong to one community or two, organizations of every
// sector share spaces and equipment, and spaces are booked weeks ahead and
// behind without overlaps. It is deterministic for a given seed.
package region

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// Counts is how much of each thing a region holds.
type Counts struct {
	Communities   int
	People        int
	Organizations int
	Resources     int
	Bookings      int
	Threads       int
	Posts         int
	Initiatives   int
	Activities    int
	Registrations int
	// Intents are offers and requests (brokering).
	Intents int
}

// CountsAt is the region at a scale: at 1, 100 communities, 20,000 people,
// 5,000 organizations, 50,000 resources, 500,000 bookings and 200,000
// posts in 20,000 threads, 10,000 initiatives with their needs, and
// 20,000 activities with 200,000 registrations.
func CountsAt(scale float64) Counts {
	n := func(base int) int { return max(1, int(float64(base)*scale)) }
	return Counts{Communities: n(100), People: n(20_000), Organizations: n(5_000), Resources: n(50_000), Bookings: n(500_000),
		Threads: n(20_000), Posts: n(200_000), Initiatives: n(10_000),
		Activities: n(20_000), Registrations: n(200_000), Intents: n(20_000)}
}

// SlugPrefix starts every generated community's address: region-001, …
const SlugPrefix = "region-"

// Email is the address of generated person i (from 0); all of them sign in
// with the password the generator was given.
func Email(i int) string { return fmt.Sprintf("person%05d@region.example", i+1) }

// Progress hears how far a stage has come.
type Progress func(stage string, done, total int)

// Generator fills a store with a region.
type Generator struct {
	Store  *store.Store
	Counts Counts
	// PasswordHash is stored for every person: hashing 20,000 passwords
	// with argon2id would take longer than the rest of the region.
	PasswordHash string
	Seed         uint64
	Now          time.Time
	Progress     Progress
}

// batch is how many rows go to the store in one transaction.
const batch = 5000

// community is what later stages need to know about a generated community.
type community struct {
	id, slug  string
	lat, lon  float64
	members   []string // user ids; the first is the founder
	orgs      []string
	resources []string
	bookables []string // resource ids of spaces and equipment
}

// Run writes the region. It refuses to run twice into one database.
func (g *Generator) Run(ctx context.Context) error {
	if _, err := g.Store.CommunityBySlug(ctx, SlugPrefix+"001"); err == nil {
		return fmt.Errorf("this database holds a generated region already (%s001)", SlugPrefix)
	}
	r := rand.New(rand.NewPCG(g.Seed, g.Seed^0x5eed))
	people, err := g.people(ctx, r)
	if err != nil {
		return err
	}
	comms, err := g.communities(ctx, r, people)
	if err != nil {
		return err
	}
	if err := g.organizations(ctx, r, comms); err != nil {
		return err
	}
	if err := g.resources(ctx, r, comms); err != nil {
		return err
	}
	if err := g.bookings(ctx, r, comms); err != nil {
		return err
	}
	if err := g.threads(ctx, r, comms); err != nil {
		return err
	}
	if err := g.initiatives(ctx, r, comms); err != nil {
		return err
	}
	if err := g.activities(ctx, r, comms); err != nil {
		return err
	}
	if err := g.intents(ctx, r, comms); err != nil {
		return err
	}
	g.progress("analyze", 0, 1)
	if err := g.Store.Analyze(ctx); err != nil {
		return err
	}
	g.progress("analyze", 1, 1)
	return nil
}

func (g *Generator) progress(stage string, done, total int) {
	if g.Progress != nil {
		g.Progress(stage, done, total)
	}
}

// writer gathers rows for one table and writes them in batches.
type writer struct {
	g     *Generator
	ctx   context.Context
	table string
	cols  []string
	rows  [][]any
	stage string
	done  int
	total int
	// hold keeps every row until flush, for rows that refer to rows
	// another writer has yet to write.
	hold bool
}

func (g *Generator) writer(ctx context.Context, stage string, total int, table string, cols ...string) *writer {
	return &writer{g: g, ctx: ctx, table: table, cols: cols, stage: stage, total: total}
}

func (w *writer) add(row ...any) error {
	w.rows = append(w.rows, row)
	if len(w.rows) >= batch && !w.hold {
		return w.flush()
	}
	return nil
}

func (w *writer) flush() error {
	for len(w.rows) > 0 {
		chunk := w.rows[:min(batch, len(w.rows))]
		if err := w.g.Store.BulkInsert(w.ctx, w.table, w.cols, chunk); err != nil {
			return err
		}
		w.done += len(chunk)
		w.rows = w.rows[len(chunk):]
	}
	w.rows = nil
	if w.stage != "" {
		w.g.progress(w.stage, min(w.done, w.total), w.total)
	}
	return nil
}

func (g *Generator) people(ctx context.Context, r *rand.Rand) ([]string, error) {
	n := g.Counts.People
	ids := make([]string, n)
	// The region's people have confirmed addresses, as the demo's do.
	w := g.writer(ctx, "people", n, "users", "id", "email", "email_key", "name", "locale", "password_hash", "created_at", "email_confirmed_at")
	locales := []string{"en", "en", "en", "cy", "ru", "uk", "pl"}
	for i := range n {
		ids[i] = store.NewID()
		name := pick(r, firstNames) + " " + pick(r, lastNames)
		at := g.ago(r, 400)
		if err := w.add(ids[i], Email(i), Email(i), name, pick(r, locales), g.PasswordHash, at, at); err != nil {
			return nil, err
		}
	}
	return ids, w.flush()
}

// ago is a moment up to days before now.
func (g *Generator) ago(r *rand.Rand, days int) time.Time {
	return g.Now.Add(-time.Duration(r.Int64N(int64(days) * int64(24*time.Hour)))).UTC().Truncate(time.Second)
}

func (g *Generator) communities(ctx context.Context, r *rand.Rand, people []string) ([]*community, error) {
	n := g.Counts.Communities
	comms := make([]*community, n)
	cw := g.writer(ctx, "", n, "communities", "id", "slug", "name", "sort_key", "description", "languages", "time_zone",
		"requires_application", "created_by", "created_at")
	for i := range n {
		c := &community{id: store.NewID(), slug: fmt.Sprintf("%s%03d", SlugPrefix, i+1),
			lat: 51.4 + r.Float64()*1.2, lon: -4.4 + r.Float64()*1.6}
		comms[i] = c
		name := fmt.Sprintf("%s %s Learning Community", pick(r, placePrefixes), pick(r, placeNames))
		// Every person belongs to one community; one in ten to a second.
		for p := i; p < len(people); p += n {
			c.members = append(c.members, people[p])
		}
		if err := cw.add(c.id, c.slug, name, strings.ToLower(name), "Neighbours, the council, schools, libraries and local businesses sharing what they have so that everyone can keep learning.",
			"en,cy", "Europe/London", false, c.members[0], g.ago(r, 700)); err != nil {
			return nil, err
		}
	}
	if err := cw.flush(); err != nil {
		return nil, err
	}
	for p := 0; p < len(people); p += 10 {
		c := comms[(p/n+p+1)%n]
		if c != comms[p%n] {
			c.members = append(c.members, people[p])
		}
	}
	total := 0
	for _, c := range comms {
		total += len(c.members)
	}
	mw := g.writer(ctx, "members", total, "members", "community_id", "user_id", "status", "application", "joined_at")
	rw := g.writer(ctx, "", 0, "member_roles", "community_id", "user_id", "role", "granted_at")
	for _, c := range comms {
		for _, u := range c.members {
			if err := mw.add(c.id, u, commons.MemberActive, "", g.ago(r, 365)); err != nil {
				return nil, err
			}
		}
	}
	if err := mw.flush(); err != nil {
		return nil, err
	}
	for _, c := range comms {
		for j, u := range c.members {
			at := g.ago(r, 365)
			// The founder holds every role, as CreateCommunity gives it;
			// a few long-standing members hold the member role.
			roles := []commons.Role{}
			if j == 0 {
				roles = commons.CreatorRoles
			} else if j%4 == 0 {
				roles = []commons.Role{commons.RoleMember}
			}
			for _, role := range roles {
				if err := rw.add(c.id, u, role, at); err != nil {
					return nil, err
				}
			}
		}
	}
	return comms, rw.flush()
}

func (g *Generator) organizations(ctx context.Context, r *rand.Rand, comms []*community) error {
	n := g.Counts.Organizations
	ow := g.writer(ctx, "organizations", n, "organizations", "community_id", "id", "name", "sort_key", "search_text", "sector",
		"description", "website", "email", "address", "created_by", "created_at", "updated_at")
	mw := g.writer(ctx, "", 0, "organization_members", "community_id", "organization_id", "user_id", "role", "added_at")
	for i := range n {
		c := comms[i%len(comms)]
		sector := commons.Sectors[r.IntN(len(commons.Sectors))]
		name := orgName(r, sector)
		desc := pick(r, orgBlurbs[sector])
		id := store.NewID()
		c.orgs = append(c.orgs, id)
		admin := c.members[r.IntN(len(c.members))]
		at := g.ago(r, 365)
		if err := ow.add(c.id, id, name, strings.ToLower(name), strings.ToLower(name+" "+desc), sector, desc, "", "",
			pick(r, streets), admin, at, at); err != nil {
			return err
		}
		if err := mw.add(c.id, id, admin, commons.OrgAdmin, at); err != nil {
			return err
		}
	}
	if err := ow.flush(); err != nil {
		return err
	}
	return mw.flush()
}

func (g *Generator) resources(ctx context.Context, r *rand.Rand, comms []*community) error {
	n := g.Counts.Resources
	w := g.writer(ctx, "resources", n, "resources", "community_id", "id", "kind", "title", "description", "owner_org_id",
		"owner_user_id", "address", "latitude", "longitude", "capacity", "accessibility", "terms", "terms_note", "bookable",
		"approval", "public_titles", "sort_key", "created_by", "created_at", "updated_at")
	for i := range n {
		c := comms[i%len(comms)]
		t := resourceTemplates[r.IntN(len(resourceTemplates))]
		id := store.NewID()
		c.resources = append(c.resources, id)
		title := t.title
		if r.IntN(2) == 0 {
			title = title + " at " + pick(r, venues)
		}
		creator := c.members[r.IntN(len(c.members))]
		var ownerOrg, ownerUser any = nil, creator
		if len(c.orgs) > 0 && r.IntN(10) < 7 {
			ownerOrg, ownerUser = c.orgs[r.IntN(len(c.orgs))], nil
		}
		var capacity any
		if t.kind == commons.KindSpace {
			capacity = 6 + r.IntN(60)
		}
		bookable := t.kind == commons.KindSpace || t.kind == commons.KindEquipment
		if bookable {
			c.bookables = append(c.bookables, id)
		}
		approval := []commons.Approval{commons.ApprovalOpen, commons.ApprovalOpen, commons.ApprovalOpen, commons.ApprovalTrusted, commons.ApprovalRequest}[r.IntN(5)]
		// Stored as the store keeps them: one per line, between newlines.
		acc := ""
		for _, f := range commons.StandardAccessibility {
			if r.IntN(3) == 0 {
				acc += "\n" + f
			}
		}
		if acc != "" {
			acc += "\n"
		}
		at := g.ago(r, 300)
		if err := w.add(c.id, id, t.kind, title, t.description, ownerOrg, ownerUser, pick(r, streets),
			c.lat+r.NormFloat64()*0.01, c.lon+r.NormFloat64()*0.015, capacity, acc,
			commons.TermsFree, "", bookable, approval, true, strings.ToLower(title), creator, at, at); err != nil {
			return err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	for i, c := range comms {
		if err := g.Store.IndexResources(ctx, c.id, []string{"en", "cy"}); err != nil {
			return err
		}
		g.progress("search index", i+1, len(comms))
	}
	return nil
}

// bookings spreads confirmed bookings over the bookable resources, from
// eight weeks back to eight weeks ahead, one per resource and day at most,
// so that none overlaps.
func (g *Generator) bookings(ctx context.Context, r *rand.Rand, comms []*community) error {
	n := g.Counts.Bookings
	var bookable int
	for _, c := range comms {
		bookable += len(c.bookables)
	}
	if bookable == 0 {
		return nil
	}
	const days = 112
	per := min(days, (n+bookable-1)/bookable)
	w := g.writer(ctx, "bookings", n, "bookings", "community_id", "id", "resource_id", "requester_id", "starts_at", "ends_at",
		"status", "purpose", "created_at")
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		return err
	}
	today := g.Now.In(london)
	first := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, london).AddDate(0, 0, -days/2)
	written := 0
	for _, c := range comms {
		for _, res := range c.bookables {
			for _, d := range r.Perm(days)[:per] {
				if written == n {
					return w.flush()
				}
				day := first.AddDate(0, 0, d)
				start := time.Date(day.Year(), day.Month(), day.Day(), 8+r.IntN(10), 30*r.IntN(2), 0, 0, london)
				end := start.Add(time.Duration(1+r.IntN(3)) * time.Hour)
				if err := w.add(c.id, store.NewID(), res, c.members[r.IntN(len(c.members))], start.UTC(), end.UTC(),
					commons.BookingConfirmed, pick(r, purposes), start.AddDate(0, 0, -7).UTC()); err != nil {
					return err
				}
				written++
			}
		}
	}
	return w.flush()
}

// threads starts conversations in every community — about a resource, an
// organization, or nothing in particular — and spreads the posts over
// them, a reply now and then.
func (g *Generator) threads(ctx context.Context, r *rand.Rand, comms []*community) error {
	n, posts := g.Counts.Threads, g.Counts.Posts
	type thread struct {
		community *community
		id        string
		posts     []string
	}
	all := make([]*thread, n)
	tw := g.writer(ctx, "threads", n, "threads", "community_id", "id", "title", "author_id", "subject_type", "subject_id",
		"created_at", "last_post_at", "post_count")
	perThread := make([]int, n)
	for i := range posts {
		perThread[i%n]++
	}
	start := g.Now.AddDate(0, 0, -90)
	for i := range n {
		c := comms[i%len(comms)]
		t := &thread{community: c, id: store.NewID()}
		all[i] = t
		var subjectType, subjectID any
		switch i % 6 {
		case 0, 1:
			if len(c.resources) > 0 {
				subjectType, subjectID = "resource", c.resources[r.IntN(len(c.resources))]
			}
		case 2:
			if len(c.orgs) > 0 {
				subjectType, subjectID = "organization", c.orgs[r.IntN(len(c.orgs))]
			}
		}
		at := start.Add(time.Duration(r.Int64N(int64(80 * 24 * time.Hour)))).UTC().Truncate(time.Second)
		last := at.Add(time.Duration(perThread[i]) * time.Hour)
		if err := tw.add(c.id, t.id, pick(r, threadTitles), c.members[r.IntN(len(c.members))], subjectType, subjectID, at, last, perThread[i]); err != nil {
			return err
		}
	}
	if err := tw.flush(); err != nil {
		return err
	}
	pw := g.writer(ctx, "posts", posts, "posts", "community_id", "id", "thread_id", "author_id", "reply_to", "body", "created_at")
	for i := range posts {
		t := all[i%n]
		var replyTo any
		if len(t.posts) > 0 && r.IntN(3) == 0 {
			replyTo = t.posts[r.IntN(len(t.posts))]
		}
		id := store.NewID()
		t.posts = append(t.posts, id)
		at := start.Add(time.Duration(i/n) * time.Hour).UTC()
		if err := pw.add(t.community.id, id, t.id, t.community.members[r.IntN(len(t.community.members))], replyTo, pick(r, postBodies), at); err != nil {
			return err
		}
	}
	return pw.flush()
}

// initiatives starts citizen initiatives at every stage of their life,
// each with a theme or two, its starter on the team and two needs.
func (g *Generator) initiatives(ctx context.Context, r *rand.Rand, comms []*community) error {
	n := g.Counts.Initiatives
	iw := g.writer(ctx, "initiatives", n, "initiatives", "community_id", "id", "title", "summary", "description", "lead_user_id",
		"status", "sort_key", "created_by", "created_at", "updated_at")
	thw := g.writer(ctx, "", 0, "initiative_themes", "community_id", "initiative_id", "theme", "position")
	tmw := g.writer(ctx, "", 0, "initiative_team", "community_id", "initiative_id", "user_id", "added_at")
	nw := g.writer(ctx, "", 0, "needs", "community_id", "id", "initiative_id", "kind", "description", "quantity", "status", "created_at")
	thw.hold, tmw.hold, nw.hold = true, true, true
	statuses := []string{"idea", "seeking_partners", "seeking_partners", "active", "active", "completed", "paused"}
	for i := range n {
		c := comms[i%len(comms)]
		id := store.NewID()
		it := pick(r, initiativeTemplates)
		title := it.title + " in " + pick(r, placeNames)
		lead := c.members[r.IntN(len(c.members))]
		at := g.ago(r, 200)
		if err := iw.add(c.id, id, title, it.summary, it.summary+"\n\nEveryone is welcome: tell us what you can bring.", lead,
			statuses[r.IntN(len(statuses))], strings.ToLower(title), lead, at, at); err != nil {
			return err
		}
		first := r.IntN(len(commons.StandardThemes))
		for p, t := range []string{commons.StandardThemes[first], commons.StandardThemes[(first+1+r.IntN(3))%len(commons.StandardThemes)]}[:1+r.IntN(2)] {
			if err := thw.add(c.id, id, t, p); err != nil {
				return err
			}
		}
		if err := tmw.add(c.id, id, lead, at); err != nil {
			return err
		}
		for _, need := range []resourceTemplate{pick(r, resourceTemplates), pick(r, resourceTemplates)} {
			if err := nw.add(c.id, store.NewID(), id, need.kind, "We need: "+strings.ToLower(need.title), 1+r.IntN(3),
				[]commons.NeedStatus{commons.NeedOpen, commons.NeedOpen, commons.NeedPartlyMet, commons.NeedMet}[r.IntN(4)], at); err != nil {
				return err
			}
		}
	}
	for _, w := range []*writer{iw, thw, tmw, nw} {
		if err := w.flush(); err != nil {
			return err
		}
	}
	return nil
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
