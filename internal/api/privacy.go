package api

import (
	"context"
	"net/http"
	"reflect"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/reqctx"
	"github.com/commons-project/commons/internal/store"
)

// ProfileVisibility says whether the caller's name and profile are public
// in one of their communities.
type ProfileVisibility struct {
	Community string `json:"community" jsonschema:"description=the community's slug"`
	Name      string `json:"name"`
	Public    bool   `json:"public" jsonschema:"description=true: everyone sees the caller's name and profile there; false: only its members do"`
}

// PublicChoice is the caller's choice for one community.
type PublicChoice struct {
	Public bool `json:"public"`
}

// Erasure confirms the erasure of the caller's account.
type Erasure struct {
	Password string `json:"password"`
}

// PersonalData is the export of everything Commons holds about the
// caller: one array of rows per section, each row the stored fields (of
// other people only their ids). Secrets are not part of it.
type PersonalData struct {
	Format              string           `json:"format" jsonschema:"description=commons-personal-data/1"`
	ExportedAt          time.Time        `json:"exported_at"`
	Account             []map[string]any `json:"account"`
	Memberships         []map[string]any `json:"memberships"`
	RolesGranted        []map[string]any `json:"roles_granted"`
	LearningProfiles    []map[string]any `json:"learning_profiles"`
	Organizations       []map[string]any `json:"organizations"`
	Resources           []map[string]any `json:"resources"`
	Bookings            []map[string]any `json:"bookings"`
	Registrations       []map[string]any `json:"registrations"`
	ActivitiesOrganized []map[string]any `json:"activities_organized"`
	Proposals           []map[string]any `json:"proposals"`
	ProposalInterest    []map[string]any `json:"proposal_interest"`
	Initiatives         []map[string]any `json:"initiatives"`
	InitiativeTeams     []map[string]any `json:"initiative_teams"`
	Pledges             []map[string]any `json:"pledges"`
	Threads             []map[string]any `json:"threads"`
	Posts               []map[string]any `json:"posts"`
	Messages            []map[string]any `json:"messages"`
	TrustGiven          []map[string]any `json:"trust_given"`
	TrustReceived       []map[string]any `json:"trust_received"`
	ResourceTrust       []map[string]any `json:"resource_trust"`
	Flags               []map[string]any `json:"flags"`
	ReviewScores        []map[string]any `json:"review_scores"`
	ApplicationComments []map[string]any `json:"application_comments"`
	Blocks              []map[string]any `json:"blocks"`
	Notifications       []map[string]any `json:"notifications"`
	MailSettings        []map[string]any `json:"mail_settings"`
	Sessions            []map[string]any `json:"sessions"`
	APITokens           []map[string]any `json:"api_tokens"`
	QualityPanels       []map[string]any `json:"quality_panels"`
	QualityRatings      []map[string]any `json:"quality_ratings"`
	QualityActionPoints []map[string]any `json:"quality_action_points"`
	MSCStoriesTold      []map[string]any `json:"msc_stories_told"`
	MSCStoriesCollected []map[string]any `json:"msc_stories_collected"`
	MSCPanels           []map[string]any `json:"msc_panels"`
	MSCVerifications    []map[string]any `json:"msc_verifications"`
}

func visibilityOut(v store.Visibility) ProfileVisibility {
	return ProfileVisibility{Community: v.Slug, Name: v.Name, Public: v.Public}
}

func (api *API) routesPrivacy() {
	handle(api, op{method: "GET", path: "/api/v1/me/privacy", id: "listProfileVisibility",
		summary: "The caller's communities and whether their profile is public in each", status: http.StatusOK, auth: true, errors: []int{401}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[ProfileVisibility], error) {
			vs, err := api.App.ProfileVisibility(ctx, reqctx.User(ctx))
			return listOf(vs, "", visibilityOut), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/communities/{slug}/privacy", id: "setProfileVisibility",
		summary: "Make the caller's name and profile in a community public, or private to its members again",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *PublicChoice) (ProfileVisibility, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return ProfileVisibility{}, err
			}
			if err := api.App.SetProfilePublic(ctx, s, in.Public); err != nil {
				return ProfileVisibility{}, err
			}
			return ProfileVisibility{Community: s.Community.Slug, Name: s.Community.Name, Public: in.Public}, nil
		})

	handle(api, op{method: "DELETE", path: "/api/v1/me", id: "eraseMe",
		summary: "Erase the caller's account, confirmed with their password; 422 names what to hand over first " +
			"(organizations they are the last admin of, communities they are the last editor of)",
		status: http.StatusNoContent, auth: true, errors: []int{400, 401, 413, 422, 429}},
		func(ctx context.Context, r *http.Request, in *Erasure) (Empty, error) {
			return Empty{}, api.App.EraseAccount(ctx, reqctx.User(ctx), in.Password, reqctx.ClientAddr(ctx))
		})

	rt := route{method: "GET", path: "/api/v1/me/export", id: "exportMe",
		summary: "Everything Commons holds about the caller, as one JSON document streamed section by section",
		status:  http.StatusOK, auth: true, errors: []int{401}, out: reflect.TypeFor[PersonalData](), contentType: "application/json"}
	rt.handler = api.exportPersonalData
	api.routes = append(api.routes, rt)
	api.mux.HandleFunc(rt.method+" "+rt.path, rt.handler)
}

// exportPersonalData streams the caller's export. Once the first bytes
// are out the status is sent: a failure after that cuts the document
// short (it is then not valid JSON, which a reader notices) and is logged.
func (api *API) exportPersonalData(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := reqctx.User(ctx)
	if u == nil {
		api.WriteError(w, r, commons.Unauthenticated())
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="commons-personal-data.json"`)
	w.Header().Set("Cache-Control", "no-store")
	doc := encode.NewPersonalData(w, commons.ExportFormat, api.App.Now())
	err := api.App.ExportPersonalData(ctx, u, doc.Row)
	if err == nil {
		err = doc.Close()
	}
	if err != nil {
		api.Log.ErrorContext(ctx, "export failed", "err", err)
	}
}
