// Package demo loads a believable, fictional learning community — Cwm
// Tawel, a former mining town in a Welsh valley — so that a newcomer sees
// Commons alive on first start. Everything goes through the app layer, so
// the demo obeys the same rules as people do.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// Slug is the demo community's address: /c/cwm-tawel.
const Slug = "cwm-tawel"

// Password signs in as any demo person, e.g. carys@cwm-tawel.example.
const Password = "commons-demo"

// world is what the demo has made so far, for the parts that build on it.
type world struct {
	users       map[string]*commons.User // by key: "carys", "dafydd", …
	orgs        map[string]string        // organization ids by their admin's key
	resources   []string                 // resource ids in the order of the resources table
	initiatives map[string]string        // initiative ids by title, once loaded
	activities  map[string][]string      // each activity's occurrences' ids by title, once loaded
	firewood    string                   // the resource whose review is on the record
}

// parts load the rest of the demo, each from its own file, in this order.
var parts = []func(ctx context.Context, a *app.App, w *world) error{
	loadThreads,
	loadMail,
	loadInitiatives,
	loadActivities,
	loadInitiativeThreads,
	loadFund,
	loadHours,
	loadBadges,
	loadTimeBank,
	loadBrokering,
	loadPrivacy,
	loadProfile,
	loadMSC,
	loadImpact,
	loadQuality,
	loadAlliances,
	loadTranslations,
	loadOrgInvitations,
}

type person struct {
	key, name, email, locale string
	// joinedDaysAgo spreads the members' join dates over the community's
	// two years, from the founder to the newest learner.
	joinedDaysAgo int
}

var people = []person{
	{"carys", "Carys Morgan", "carys@cwm-tawel.example", "en", 820},
	{"dafydd", "Dafydd Hughes", "dafydd@cwm-tawel.example", "cy", 805},
	{"sian", "Siân Pritchard", "sian@cwm-tawel.example", "en", 790},
	{"gareth", "Gareth Lewis", "gareth@cwm-tawel.example", "en", 780},
	{"eleri", "Eleri Rees", "eleri@cwm-tawel.example", "cy", 700},
	{"rhodri", "Rhodri Jenkins", "rhodri@cwm-tawel.example", "en", 610},
	{"olena", "Olena Kovalenko", "olena@cwm-tawel.example", "ru", 430},
	{"bethan", "Bethan Davies", "bethan@cwm-tawel.example", "en", 400},
	{"huw", "Huw Thomas", "huw@cwm-tawel.example", "en", 385},
	{"mair", "Mair Evans", "mair@cwm-tawel.example", "cy", 360},
	{"aisha", "Aisha Rahman", "aisha@cwm-tawel.example", "en", 200},
	{"irina", "Irina Petrova", "irina@cwm-tawel.example", "ru", 120},
}

type organization struct {
	admin   string
	members []string
	fields  commons.OrganizationFields
}

var organizations = []organization{
	{"dafydd", []string{"carys"}, commons.OrganizationFields{
		Name: "Cwm Tawel Town Council", Sector: commons.SectorPublicAuthority,
		Description: "The town council looks after the Miners' Hall, the park and the community rooms above the library, and lends them to local groups free of charge.",
		Website:     "https://council.cwm-tawel.example", Email: "clerc@council.cwm-tawel.example", Address: "Neuadd y Dref, Stryd Fawr",
		Place:   commons.PostalAddress{City: "Cwm Tawel", Region: "Swansea", PostalCode: "SA10 9ZZ", Country: "GB"},
		Contact: commons.Contact{Name: "Town clerk's office", Title: "Town Clerk", Email: "clerc@council.cwm-tawel.example", Phone: "+44 1632 960 123", Public: true}}},
	{"sian", nil, commons.OrganizationFields{
		Name: "Valleys University — Department of Adult Continuing Education", Sector: commons.SectorEducation,
		Description: "Part-time courses for adults in the valley, taught where people live: community centres, the library, the chapel vestry. Tutors help groups turn what they do into accredited learning.",
		Website:     "https://dace.valleys-university.example", Email: "dace@valleys-university.example", Address: "Singleton Campus, Abertawe"}},
	{"gareth", []string{"irina"}, commons.OrganizationFields{
		Name: "Cwm Tawel Library", Sector: commons.SectorCulture,
		Description: "Books, computers with help on hand, a quiet study room and a small makerspace with a 3D printer. Digital skills drop-in every Tuesday.",
		Website:     "https://library.cwm-tawel.example", Email: "llyfrgell@cwm-tawel.example", Address: "Heol y Glowyr 2",
		Place:   libraryPlace,
		Contact: commons.Contact{Name: "Enquiries desk", Email: "llyfrgell@cwm-tawel.example", Phone: "+44 1632 960 456", Public: true}}},
	{"eleri", nil, commons.OrganizationFields{
		Name: "Cwm Tawel Mining Museum", Sector: commons.SectorCulture,
		Description: "The story of the valley's pits and the people who worked them. Former miners guide visits; the archive welcomes family historians and school projects.",
		Website:     "https://museum.cwm-tawel.example", Address: "Old Colliery Yard",
		Place:   townPlace,
		Contact: commons.Contact{Name: "Archive volunteers", Title: "Tuesdays and Thursdays", Phone: "+44 1632 960 789"}}},
	{"rhodri", nil, commons.OrganizationFields{
		Name: "Jenkins & Daughters Hardware", Sector: commons.SectorBusiness,
		Description: "Family hardware shop since 1962. We lend tools to the Repair Café and sponsor the community garden's seeds each spring.",
		Email:       "shop@jenkins-hardware.example", Address: "Stryd Fawr 41\nCwm Tawel"}},
	{"bethan", []string{"huw"}, commons.OrganizationFields{
		Name: "Valley Green Energy Trust", Sector: commons.SectorNGO,
		Description: "A community-owned charity helping households save energy and planning a shared solar roof on the Miners' Hall. We lend electric bicycles and show people how to look after them.",
		Website:     "https://green-energy.cwm-tawel.example", Email: "hello@green-energy.cwm-tawel.example"}},
	{"olena", []string{"irina"}, commons.OrganizationFields{
		Name: "Croeso — Refugee Welcome Cwm Tawel", Sector: commons.SectorNGO,
		Description: "Volunteers who welcome families arriving in the valley: English conversation, help with forms, and a Saturday supper club where everyone cooks.",
		Email:       "croeso@cwm-tawel.example"}},
	{"huw", []string{"rhodri"}, commons.OrganizationFields{
		Name: "Tawel Repair Café", Sector: commons.SectorCitizenGroup,
		Description: "Bring what's broken on the first Saturday of the month; fix it together with volunteers and learn how.",
		Address:     "Miners' Hall, Heol y Glowyr"}},
	{"mair", nil, commons.OrganizationFields{
		Name: "Friends of the Miners' Hall", Sector: commons.SectorCitizenGroup,
		Description: "Neighbours keeping the Miners' Hall open as a place for everyone: choir, cinema nights and the oral history project."}},
	{"aisha", nil, commons.OrganizationFields{
		Name: "Women's Walking Group", Sector: commons.SectorCitizenGroup,
		Description: "A weekly walk on the old tramway for women of every age and background, with a cuppa after. Newcomers are always welcome."}},
}

// Load adds the demo community unless it is already there. With always
// false (serve --demo) it loads only into a database with no community at
// all. It reports whether it loaded anything.
func Load(ctx context.Context, a *app.App, always bool) (bool, error) {
	if _, err := a.Community(ctx, Slug); err == nil {
		return false, nil
	} else if commons.CodeOf(err) != commons.CodeNotFound {
		return false, err
	}
	if !always {
		n, err := a.Store.CountCommunities(ctx)
		if err != nil || n > 0 {
			return false, err
		}
	}
	defer confirmedPeople(a)()
	// The community was founded two years ago and people joined over
	// time; the clock is turned back for each of them, as for the
	// initiatives' history, and comes back for the rest of the demo.
	clock := a.Store.Clock()
	defer a.SetClock(clock)
	daysAgo := func(days int) { a.SetClock(func() time.Time { return clock().AddDate(0, 0, -days) }) }
	daysAgo(people[0].joinedDaysAgo)
	users := map[string]*commons.User{}
	for _, p := range people {
		u, err := a.SignUp(ctx, commons.NewUser{Email: p.email, Name: p.name, Password: Password, Locale: p.locale})
		if commons.CodeOf(err) == commons.CodeConflict {
			u, err = a.UserByEmail(ctx, p.email) // a demo loaded before and partly removed
		}
		if err != nil {
			return false, fmt.Errorf("person %s: %w", p.email, err)
		}
		users[p.key] = &u
	}
	_, err := a.CreateCommunity(ctx, users["carys"], commons.NewCommunity{
		Slug: Slug,
		Name: "Cwm Tawel Learning Community",
		Description: "Cwm Tawel is a former mining town of 6,000 people in a South Wales valley. Since the last pit closed, the council, the library, " +
			"the museum, the university's adult-learning department, local businesses and groups of neighbours have been sharing rooms, tools " +
			"and know-how so that everyone here can keep learning. Croeso — welcome.",
		Languages: []string{"en", "cy", "ru"},
		TimeZone:  "Europe/London",
	})
	if commons.CodeOf(err) == commons.CodeConflict {
		return false, nil // another node, starting at the same moment, is loading it
	}
	if err != nil {
		return false, fmt.Errorf("community: %w", err)
	}
	for _, p := range people[1:] {
		daysAgo(p.joinedDaysAgo)
		s, err := a.Scope(ctx, users[p.key], Slug)
		if err != nil {
			return false, err
		}
		if _, err := a.Join(ctx, s, "", nil); err != nil {
			return false, fmt.Errorf("join %s: %w", p.key, err)
		}
	}
	a.SetClock(clock)
	orgIDs := map[string]string{}
	for _, o := range organizations {
		s, err := a.Scope(ctx, users[o.admin], Slug)
		if err != nil {
			return false, err
		}
		org, err := a.CreateOrganization(ctx, s, o.fields)
		if err != nil {
			return false, fmt.Errorf("organization %s: %w", o.fields.Name, err)
		}
		orgIDs[o.admin] = org.ID
		for _, m := range o.members {
			if err := a.SetOrgMember(ctx, s, org.ID, users[m].ID, commons.OrgMember); err != nil {
				return false, fmt.Errorf("organization %s member %s: %w", o.fields.Name, m, err)
			}
		}
	}
	resourceIDs, err := loadResources(ctx, a, users, orgIDs)
	if err != nil {
		return false, err
	}
	carys, err := a.Scope(ctx, users["carys"], Slug)
	if err != nil {
		return false, err
	}
	if _, err := a.SaveAgreements(ctx, carys, "We share what we can and ask for what we need; nobody needs a reason to learn.\n"+
		"We treat every sector as an equal: a council, a café and a walking group sit at the same table.\n"+
		"We book only what we will use, return things clean, and cancel in good time.\n"+
		"We speak kindly, in any of our languages, and help newcomers find their way.\n\n"+
		"Мы делимся тем, что можем, и просим о том, что нужно; учиться можно без причины.\n"+
		"Все сферы равны: совет, кафе и группа любителей прогулок сидят за одним столом.\n"+
		"Мы бронируем только то, чем воспользуемся, возвращаем всё чистым и вовремя отменяем.\n"+
		"Мы говорим доброжелательно, на любом из наших языков, и помогаем новичкам освоиться."); err != nil {
		return false, fmt.Errorf("agreements: %w", err)
	}
	// A trust history: the founder vouches for the first members, who then
	// vouch for each other and for newer people. It is told with a
	// threshold of one voice, as when the community was small; the end of
	// the demo raises it to two.
	one := ptr(1)
	if _, err := a.UpdateCommunity(ctx, carys, commons.CommunityChange{TrustThreshold: &one}); err != nil {
		return false, fmt.Errorf("threshold: %w", err)
	}
	for _, t := range []struct{ from, to, role string }{
		{"carys", "gareth", "member"}, {"carys", "sian", "member"}, {"carys", "dafydd", "member"}, {"carys", "mair", "member"},
		{"gareth", "sian", "member"}, {"sian", "gareth", "member"}, {"gareth", "mair", "member"}, {"mair", "huw", "member"},
		{"sian", "olena", "member"}, {"dafydd", "bethan", "member"}, {"gareth", "sian", "editor"}, {"mair", "sian", "editor"},
		{"gareth", "dafydd", "member"}, {"sian", "huw", "member"}, {"mair", "olena", "member"}, {"carys", "bethan", "member"},
	} {
		s, err := a.Scope(ctx, users[t.from], Slug)
		if err != nil {
			return false, err
		}
		if err := a.GiveTrust(ctx, s, users[t.to].ID, commons.Role(t.role)); err != nil {
			return false, fmt.Errorf("trust %s → %s: %w", t.from, t.to, err)
		}
	}
	firewood, err := loadReview(ctx, a, users)
	if err != nil {
		return false, err
	}
	w := &world{users: users, orgs: orgIDs, resources: resourceIDs, firewood: firewood}
	if err := loadPhotos(ctx, a, w); err != nil {
		return false, err
	}
	for _, part := range parts {
		if err := part(ctx, a, w); err != nil {
			return false, err
		}
	}
	// The threshold derived from the number of members would change as
	// the fund's neighbours join and time passes; a threshold of two,
	// which the trust above meets, keeps the demo's roles the same on
	// every day.
	two := ptr(2)
	carys, err = a.Scope(ctx, users["carys"], Slug)
	if err != nil {
		return false, err
	}
	if _, err := a.UpdateCommunity(ctx, carys, commons.CommunityChange{TrustThreshold: &two}); err != nil {
		return false, fmt.Errorf("threshold: %w", err)
	}
	return true, nil
}

// loadReview leaves one resolved flag on the record: a steward hides an
// offer by mistake, its author answers, members score, and the review
// restores it. The demo closes the review at once, as if its week had
// passed. It returns the offer's id, for its translations.
func loadReview(ctx context.Context, a *app.App, users map[string]*commons.User) (string, error) {
	huw, err := a.Scope(ctx, users["huw"], Slug)
	if err != nil {
		return "", err
	}
	res, err := a.CreateResource(ctx, huw, commons.ResourceFields{Kind: commons.KindMaterials, Title: "Free firewood",
		Description: "Offcuts from the Repair Café's workbench, free to anyone with a stove.",
		Terms:       commons.TermsFree, Approval: commons.ApprovalOpen})
	if err != nil {
		return "", fmt.Errorf("firewood: %w", err)
	}
	scope := func(who string) (app.Scope, error) { return a.Scope(ctx, users[who], Slug) }
	s, err := scope("carys")
	if err != nil {
		return "", err
	}
	if _, err := a.Flag(ctx, s, commons.SubjectResource, res.ID, "Agreement 1: is this being sold? It looked like an advert."); err != nil {
		return "", fmt.Errorf("flag: %w", err)
	}
	rid, err := a.LatestReview(ctx, s, commons.SubjectResource, res.ID)
	if err != nil {
		return "", err
	}
	if s, err = scope("huw"); err != nil {
		return "", err
	}
	if err := a.AnswerReview(ctx, s, rid, "It is free — the café gives offcuts away so they are not wasted."); err != nil {
		return "", fmt.Errorf("answer: %w", err)
	}
	var r app.ReviewView
	for _, who := range []string{"carys", "gareth", "sian"} {
		if s, err = scope(who); err != nil {
			return "", err
		}
		if err := a.ScoreReview(ctx, s, rid, commons.Scores{commons.OutcomeRestore: 2, commons.OutcomeKeepHidden: -1, commons.OutcomeRemove: -2}); err != nil {
			return "", fmt.Errorf("score %s: %w", who, err)
		}
		if r, err = a.Review(ctx, s, rid); err != nil {
			return "", err
		}
	}
	return res.ID, a.CloseReview(ctx, rid, r.EndsAt)
}

// resource is a demo resource: whose it is (a person's key, or the key of
// the admin whose organization shares it), and its opening hours.
type resource struct {
	by     string
	org    bool
	fields commons.ResourceFields
	hours  []commons.OpeningInterval
}

func ptr[T any](v T) *T { return &v }

func weekdays(opens, closes int, days ...time.Weekday) []commons.OpeningInterval {
	var out []commons.OpeningInterval
	for _, d := range days {
		out = append(out, commons.OpeningInterval{Weekday: d, Opens: opens * 60, Closes: closes * 60})
	}
	return out
}

// The postal addresses of the demo's places: the library's (its rooms and
// makerspace), and the town's for the places without a postcode of their
// own (the Miners' Hall, the hardware shop).
var (
	libraryPlace = commons.PostalAddress{City: "Cwm Tawel", Region: "Swansea", PostalCode: "SA10 9ZY", Country: "GB"}
	townPlace    = commons.PostalAddress{City: "Cwm Tawel", Region: "Swansea", Country: "GB"}
)

var resources = []resource{
	{"gareth", true, commons.ResourceFields{Kind: commons.KindSpace, Title: "Community room above the library",
		Description: "A bright room for thirty with chairs, tables, a projector and tea things. Groups from every sector use it for meetings and classes.",
		Address:     "Heol y Glowyr 2", Place: libraryPlace, Latitude: ptr(51.7056), Longitude: ptr(-3.7401), Capacity: ptr(30),
		Accessibility: []string{"step_free", "accessible_toilet", "hearing_loop"}, Terms: commons.TermsFree, Bookable: true,
		Approval: commons.ApprovalTrusted, PublicTitles: true, MaxHoursPerWeek: ptr(10)},
		weekdays(9, 21, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday)},
	{"dafydd", true, commons.ResourceFields{Kind: commons.KindSpace, Title: "Miners' Hall main hall",
		Description: "The town's big hall, with a stage, a piano and a kitchen. The council lends it free to local groups; ask a week ahead.",
		Address:     "Miners' Hall, Heol y Glowyr", Place: townPlace, Latitude: ptr(51.7049), Longitude: ptr(-3.7385), Capacity: ptr(120),
		Accessibility: []string{"step_free", "accessible_toilet"}, Terms: commons.TermsFree, Bookable: true, Approval: commons.ApprovalRequest},
		weekdays(10, 22, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday)},
	{"gareth", true, commons.ResourceFields{Kind: commons.KindEquipment, Title: "3D printer in the makerspace",
		Description: "A Prusa printer with filament; the library's digital-skills volunteers show you how on your first booking.",
		Address:     "Cwm Tawel Library, Heol y Glowyr 2", Place: libraryPlace, Latitude: ptr(51.7057), Longitude: ptr(-3.7403),
		Accessibility: []string{"step_free"}, Terms: commons.TermsCostSharing, TermsNote: "£1 an hour towards filament",
		Bookable: true, Approval: commons.ApprovalOpen, MaxHoursPerWeek: ptr(3), MaxFutureBookings: ptr(4)},
		weekdays(10, 17, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday)},
	{"rhodri", true, commons.ResourceFields{Kind: commons.KindEquipment, Title: "Repair toolkit",
		Description: "Screwdrivers, a soldering station, a sewing machine and spare parts, lent to the Repair Café and to anyone fixing things for neighbours.",
		Address:     "Stryd Fawr 41", Place: townPlace, Terms: commons.TermsFree, Bookable: true, Approval: commons.ApprovalTrusted}, nil},
	{"sian", true, commons.ResourceFields{Kind: commons.KindExpertise, Title: "A tutor's help to turn your group's project into a course",
		Description: "An adult-education tutor spends two hours with your group to shape what you do into learning others can join, and can accredit it.",
		Terms:       commons.TermsFree, Bookable: true, Approval: commons.ApprovalRequest},
		weekdays(9, 17, time.Monday, time.Wednesday, time.Friday)},
	{"bethan", true, commons.ResourceFields{Kind: commons.KindFunding, Title: "Small grants for greener homes",
		Description: "Up to £300 for draught-proofing or insulation in a home in the valley; the trust's volunteers help with the form.",
		Terms:       commons.TermsFree, Approval: commons.ApprovalRequest}, nil},
	{"carys", false, commons.ResourceFields{Kind: commons.KindTime, Title: "An hour with a learning champion",
		Description: "Carys helps newcomers find courses, groups and people in the valley. Book an hour for a cup of tea and a chat.",
		Terms:       commons.TermsFree, Bookable: true, Approval: commons.ApprovalOpen},
		weekdays(10, 16, time.Tuesday, time.Thursday)},
}

// loadResources shares the demo's resources and books some of them in
// the coming week, so that calendars have something to show. It returns
// the resources' ids in the order of the resources table.
func loadResources(ctx context.Context, a *app.App, users map[string]*commons.User, orgIDs map[string]string) ([]string, error) {
	ids := make([]string, len(resources))
	for i, r := range resources {
		f := r.fields
		if _, drawn := photos[i]; drawn {
			f.Description += "\n\n" + photoCredit
		}
		if r.org {
			f.OwnerOrgID = orgIDs[r.by]
		}
		by, err := a.Scope(ctx, users[r.by], Slug)
		if err != nil {
			return nil, err
		}
		res, err := a.CreateResource(ctx, by, f)
		if err != nil {
			return nil, fmt.Errorf("resource %s: %w", f.Title, err)
		}
		if r.hours != nil {
			if err := a.SetAvailability(ctx, by, res.ID, commons.Availability{Hours: r.hours}); err != nil {
				return nil, fmt.Errorf("resource %s hours: %w", f.Title, err)
			}
		}
		ids[i] = res.ID
	}
	c, err := a.Community(ctx, Slug)
	if err != nil {
		return nil, err
	}
	loc := a.Location(c)
	// at is the next such weekday from tomorrow on, at a local hour.
	at := func(day time.Weekday, hour int) time.Time {
		d := a.Now().In(loc).AddDate(0, 0, 1)
		for d.Weekday() != day {
			d = d.AddDate(0, 0, 1)
		}
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, loc)
	}
	// Mair runs the choir every week, so the library trusts her with its room.
	gareth, err := a.Scope(ctx, users["gareth"], Slug)
	if err != nil {
		return nil, err
	}
	if err := a.TrustForResource(ctx, gareth, ids[0], users["mair"].ID); err != nil {
		return nil, err
	}
	bookings := []struct {
		who      string
		resource int
		day      time.Weekday
		from, to int
		purpose  string
		weeks    int
	}{
		{"mair", 0, time.Tuesday, 18, 20, "Choir rehearsal — Côr Cwm Tawel", 6},
		{"gareth", 0, time.Wednesday, 10, 12, "Digital skills drop-in", 6},
		{"olena", 0, time.Saturday, 11, 13, "English conversation club / Разговорный клуб", 0},
		// Monday: the hall's Tuesday, Thursday and Saturday evenings are
		// the Winter evenings' (initiatives.go).
		{"dafydd", 1, time.Monday, 18, 21, "Town council open meeting", 0},
		{"irina", 2, time.Thursday, 14, 16, "Printing parts for a broken radio", 0},
		{"bethan", 4, time.Wednesday, 10, 12, "Shaping an energy-saving course", 0},
		{"irina", 6, time.Thursday, 11, 12, "Finding a Welsh class", 0},
	}
	for _, b := range bookings {
		req := app.BookingRequest{Start: at(b.day, b.from), End: at(b.day, b.to), Purpose: b.purpose, SkipConflicts: true}
		if b.weeks > 0 {
			req.Repeat = &commons.Recurrence{EveryWeeks: 1, Count: b.weeks}
		}
		who, err := a.Scope(ctx, users[b.who], Slug)
		if err != nil {
			return nil, err
		}
		if _, err := a.Book(ctx, who, ids[b.resource], req); err != nil {
			return nil, fmt.Errorf("booking %q: %w", b.purpose, err)
		}
	}
	return ids, nil
}
