package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// NewHours logs time the caller gave.
type NewHours struct {
	For            string `json:"for" jsonschema:"enum=initiative,enum=activity,enum=organization,enum=person,description=What the time was given to"`
	ForID          string `json:"for_id" jsonschema:"description=The initiative's, activity occurrence's, organization's or person's id"`
	OrganizationID string `json:"organization_id,omitempty" jsonschema:"description=Given through this organization (one the caller belongs to); without it the time was given directly. Time given to an organization is given through it"`
	Date           string `json:"date" jsonschema:"format=date,description=The day, in the community's calendar: today or up to 366 days back"`
	Minutes        int    `json:"minutes" jsonschema:"minimum=1,maximum=1440,description=A person's logs on one day, declined ones aside, add up to 24 hours at most"`
	What           string `json:"what" jsonschema:"minLength=1,maxLength=500"`
	Theme          string `json:"theme,omitempty" jsonschema:"description=A standard theme or the community's own"`
}

func (in NewHours) fields() commons.HoursFields {
	return commons.HoursFields{For: commons.HoursFor(in.For), ForID: in.ForID, OrgID: in.OrganizationID, Date: in.Date,
		Minutes: in.Minutes, What: in.What, Theme: in.Theme}
}

// NewVolunteerDay records the same time for several people at once.
type NewVolunteerDay struct {
	NewHours
	UserIDs []string `json:"user_ids" jsonschema:"minItems=1,maxItems=200,description=Active members of the community"`
}

// Hours is a log of volunteer time.
type Hours struct {
	ID             string     `json:"id"`
	UserID         string     `json:"user_id"`
	UserName       string     `json:"user_name"`
	For            string     `json:"for" jsonschema:"enum=initiative,enum=activity,enum=organization,enum=person"`
	ForID          string     `json:"for_id"`
	ForName        string     `json:"for_name"`
	OrganizationID string     `json:"organization_id,omitempty"`
	Organization   string     `json:"organization,omitempty"`
	Sector         string     `json:"sector,omitempty"`
	Direct         bool       `json:"direct" jsonschema:"description=Given directly, not through an organization"`
	Date           string     `json:"date" jsonschema:"format=date"`
	Minutes        int        `json:"minutes"`
	What           string     `json:"what"`
	Theme          string     `json:"theme,omitempty"`
	Status         string     `json:"status" jsonschema:"enum=pending,enum=confirmed,enum=queried,enum=declined"`
	Question       string     `json:"question,omitempty"`
	Answer         string     `json:"answer,omitempty"`
	RecordedBy     string     `json:"recorded_by" jsonschema:"description=The volunteer, or the organizer who recorded a volunteer day"`
	DecidedAt      *time.Time `json:"decided_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	May            HoursMay   `json:"may"`
}

// HoursMay says what the caller may do to a log.
type HoursMay struct {
	Decide bool `json:"decide" jsonschema:"description=Confirm, ask or decline"`
	Answer bool `json:"answer" jsonschema:"description=Answer the question asked"`
}

func hoursOut(v app.HoursView) Hours {
	e := v.HourEntry
	return Hours{ID: e.ID, UserID: e.UserID, UserName: e.UserName, For: string(e.For), ForID: e.ForID, ForName: e.ForName,
		OrganizationID: e.OrgID, Organization: e.OrgName, Sector: string(e.OrgSector), Direct: e.Direct(), Date: e.Date, Minutes: e.Minutes,
		What: e.What, Theme: e.Theme, Status: string(e.Status), Question: e.Question, Answer: e.Answer, RecordedBy: e.RecordedBy,
		DecidedAt: e.DecidedAt, CreatedAt: e.CreatedAt, May: HoursMay{Decide: v.May.Decide, Answer: v.May.Answer}}
}

// HoursDecisionIn confirms, queries or declines a log.
type HoursDecisionIn struct {
	Decision string `json:"decision" jsonschema:"enum=confirm,enum=ask,enum=decline"`
	Question string `json:"question,omitempty" jsonschema:"maxLength=500,description=Required to ask"`
}

// HoursAnswerIn answers a question about one's log.
type HoursAnswerIn struct {
	Answer string `json:"answer" jsonschema:"minLength=1,maxLength=500"`
}

// HoursTotal is confirmed time in one group.
type HoursTotal struct {
	Key     string `json:"key"`
	Name    string `json:"name,omitempty"`
	Minutes int    `json:"minutes"`
	Entries int    `json:"entries"`
}

// HoursTotals are confirmed hours counted several ways.
type HoursTotals struct {
	Minutes        int          `json:"minutes"`
	Entries        int          `json:"entries"`
	People         int          `json:"people"`
	ByPerson       []HoursTotal `json:"by_person" jsonschema:"description=Empty for readers who are not active members"`
	ByInitiative   []HoursTotal `json:"by_initiative"`
	ByOrganization []HoursTotal `json:"by_organization"`
	BySector       []HoursTotal `json:"by_sector" jsonschema:"description=Key empty: given directly"`
	ByTheme        []HoursTotal `json:"by_theme" jsonschema:"description=Key empty: no theme"`
	ByMonth        []HoursTotal `json:"by_month" jsonschema:"description=Key YYYY-MM"`
}

func totalsOut(t commons.HoursTotals) HoursTotals {
	conv := func(in []commons.HoursTotal) []HoursTotal {
		out := make([]HoursTotal, 0, len(in))
		for _, x := range in {
			out = append(out, HoursTotal{Key: x.Key, Name: x.Name, Minutes: x.Minutes, Entries: x.Entries})
		}
		return out
	}
	return HoursTotals{Minutes: t.Minutes, Entries: t.Entries, People: t.People, ByPerson: conv(t.ByPerson), ByInitiative: conv(t.ByInitiative),
		ByOrganization: conv(t.ByOrganization), BySector: conv(t.BySector), ByTheme: conv(t.ByTheme), ByMonth: conv(t.ByMonth)}
}

// hoursFilter reads the filters the list and the totals share.
func hoursFilter(r *http.Request) commons.HoursFilter {
	q := r.URL.Query()
	return commons.HoursFilter{UserID: q.Get("user_id"), For: commons.HoursFor(q.Get("for")), ForID: q.Get("for_id"), OrgID: q.Get("organization_id")}
}

var hoursQuery = []queryParam{
	{name: "user_id", typ: "string", description: "One person's time"},
	{name: "for", typ: "string", description: "What it was given to: initiative, activity, organization or person"},
	{name: "for_id", typ: "string", description: "The id of what it was given to"},
	{name: "organization_id", typ: "string", description: "Time given through this organization"},
}

func (api *API) routesHours() {
	api.routesBadges()
	api.routesTimeBank()
	api.routesAlliances()
	api.routesBadgesMore()
	api.routesSettle()
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/hours", id: "logHours",
		summary: "Log volunteer time the caller gave; it waits for confirmation", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewHours) (Hours, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Hours{}, err
			}
			v, err := api.App.LogHours(ctx, s, in.fields())
			return hoursOut(v), err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/hours/day", id: "recordVolunteerDay",
		summary: "Record the same time for several people (a volunteer day); for those who confirm what it was given to", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewVolunteerDay) ([]Hours, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return nil, err
			}
			list, err := api.App.RecordVolunteerDay(ctx, s, app.VolunteerDay{HoursFields: in.fields(), UserIDs: in.UserIDs})
			out := make([]Hours, 0, len(list))
			for _, v := range list {
				out = append(out, hoursOut(v))
			}
			return out, err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/hours", id: "listHours",
		summary: "Logs of volunteer time, the latest day first; members, and one person's confirmed logs (user_id) whoever may see them", status: http.StatusOK,
		query: append(append([]queryParam{
			{name: "status", typ: "string", description: "pending, confirmed, queried or declined: others' logs are confirmed ones only"},
			{name: "awaiting", typ: "string", description: "me: the logs waiting for the caller's decision"},
		}, hoursQuery...), pageParams...), errors: []int{400, 401, 403, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Hours], error) {
			p, err := page(r)
			if err != nil {
				return List[Hours]{}, err
			}
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Hours]{}, err
			}
			f := hoursFilter(r)
			f.Status, f.Page = commons.HoursStatus(r.URL.Query().Get("status")), p
			switch r.URL.Query().Get("awaiting") {
			case "":
			case "me":
				f.AwaitingUserID = s.ActorID()
			default:
				return List[Hours]{}, commons.Errorf(commons.CodeBadRequest, "error.hours.awaiting")
			}
			list, next, err := api.App.Hours(ctx, s, f)
			return listOf(list, next, hoursOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/hours/totals", id: "hoursTotals",
		summary: "Confirmed hours counted by person, initiative, organization, sector, theme and month", status: http.StatusOK,
		query: hoursQuery, errors: []int{401, 403, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (HoursTotals, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return HoursTotals{}, err
			}
			p, err := api.App.HoursTotals(ctx, s, hoursFilter(r))
			return totalsOut(p.Totals), err
		})

	handle(api, op{method: "GET", path: "/api/v1/hours/{id}", id: "getHours",
		summary: "One log of volunteer time: for its volunteer, those who confirm it, and members once confirmed", status: http.StatusOK, auth: true,
		errors: []int{401, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Hours, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectHours)
			if err != nil {
				return Hours{}, err
			}
			v, err := api.App.HoursByID(ctx, s, r.PathValue("id"))
			return hoursOut(v), err
		})

	handle(api, op{method: "POST", path: "/api/v1/hours/{id}/decision", id: "decideHours",
		summary: "Confirm, ask about or decline a log; never one's own", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *HoursDecisionIn) (Hours, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectHours)
			if err != nil {
				return Hours{}, err
			}
			v, err := api.App.DecideHours(ctx, s, r.PathValue("id"), commons.HoursDecision(in.Decision), in.Question)
			return hoursOut(v), err
		})

	handle(api, op{method: "POST", path: "/api/v1/hours/{id}/answer", id: "answerHours",
		summary: "Answer the question asked about one's log; it waits for a decision again", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *HoursAnswerIn) (Hours, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectHours)
			if err != nil {
				return Hours{}, err
			}
			v, err := api.App.AnswerHours(ctx, s, r.PathValue("id"), in.Answer)
			return hoursOut(v), err
		})
}
