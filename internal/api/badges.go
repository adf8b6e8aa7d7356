package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// NewAchievement defines something the community recognises.
type NewAchievement struct {
	Name        string   `json:"name" jsonschema:"minLength=1,maxLength=200"`
	Description string   `json:"description" jsonschema:"minLength=1,maxLength=500"`
	Criteria    string   `json:"criteria" jsonschema:"minLength=1,maxLength=2000,description=In words: what a person does to earn it"`
	Color       string   `json:"color,omitempty" jsonschema:"pattern=^#[0-9a-fA-F]{6}$,description=Of the image Commons draws"`
	Themes      []string `json:"themes,omitempty"`
	For         string   `json:"for,omitempty" jsonschema:"enum=initiative,enum=activity,description=What it is about"`
	ForID       string   `json:"for_id,omitempty" jsonschema:"description=The initiative, or an occurrence of the activity (its series is meant)"`
	Rule        string   `json:"rule,omitempty" jsonschema:"enum=hours,enum=sessions,enum=taught,enum=commitment,description=Awarded automatically after rule_n confirmed hours (to what it is about, or anything), sessions attended or taught (of its activity), or partnership commitments kept (of its initiative; to the keeping organization's admins)"`
	RuleN       int      `json:"rule_n,omitempty" jsonschema:"minimum=1"`
}

// Achievement is an Open Badges 3.0 Achievement of the community.
type Achievement struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Criteria    string   `json:"criteria"`
	Color       string   `json:"color"`
	Image       string   `json:"image" jsonschema:"description=Its SVG image"`
	Themes      []string `json:"themes"`
	For         string   `json:"for,omitempty"`
	ForID       string   `json:"for_id,omitempty"`
	ForName     string   `json:"for_name,omitempty"`
	Rule        string   `json:"rule,omitempty"`
	RuleN       int      `json:"rule_n,omitempty"`
	Awards      int      `json:"awards" jsonschema:"description=Awards not revoked"`
}

// AchievementFull is an achievement with its awards.
type AchievementFull struct {
	Achievement
	AwardList []Award `json:"award_list"`
}

// Award is one person's badge; its credential is at credential_url.
type Award struct {
	ID            string     `json:"id"`
	AchievementID string     `json:"achievement_id"`
	UserID        string     `json:"user_id"`
	UserName      string     `json:"user_name" jsonschema:"description=Empty for readers who are not active members"`
	ByRule        bool       `json:"by_rule"`
	Evidence      string     `json:"evidence,omitempty"`
	EvidenceURL   string     `json:"evidence_url,omitempty"`
	IssuedAt      time.Time  `json:"issued_at"`
	Revoked       bool       `json:"revoked"`
	RevokedAt     *time.Time `json:"revoked_at,omitempty"`
	CredentialURL string     `json:"credential_url" jsonschema:"description=The credential: JSON-LD, or the VC-JWT with Accept: application/vc+jwt"`
}

// NewAward awards an achievement by hand.
type NewAward struct {
	UserID      string `json:"user_id"`
	Evidence    string `json:"evidence,omitempty" jsonschema:"maxLength=2000"`
	EvidenceURL string `json:"evidence_url,omitempty" jsonschema:"format=uri"`
}

// Credential is an award's signed credential, both ways.
type Credential struct {
	Award      Award           `json:"award"`
	JWT        string          `json:"jwt" jsonschema:"description=The VC-JWT (EdDSA), as issued"`
	Credential json.RawMessage `json:"credential" jsonschema:"type=object,description=The OpenBadgeCredential as JSON-LD: the JWT's payload"`
}

// Applied says how many awards a rule made.
type Applied struct {
	Awarded int `json:"awarded"`
}

func (api *API) achievementOut(c commons.Community, a commons.Achievement) Achievement {
	themes := a.Themes
	if themes == nil {
		themes = []string{}
	}
	return Achievement{ID: a.ID, Name: a.Name, Description: a.Description, Criteria: a.Criteria, Color: a.Color,
		Image: api.App.PublicURL + "/c/" + c.Slug + "/achievements/" + a.ID + "/image.svg", Themes: themes, For: string(a.For), ForID: a.ForID,
		ForName: a.ForName, Rule: string(a.Rule), RuleN: a.RuleN, Awards: a.Awards}
}

func (api *API) awardOut(w commons.Award) Award {
	return Award{ID: w.ID, AchievementID: w.AchievementID, UserID: w.UserID, UserName: w.UserName, ByRule: w.AwardedBy == "",
		Evidence: w.Evidence, EvidenceURL: w.EvidenceURL, IssuedAt: w.IssuedAt, Revoked: w.Revoked, RevokedAt: w.RevokedAt,
		CredentialURL: api.App.PublicURL + "/credentials/" + w.ID}
}

func (api *API) routesBadges() {
	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/achievements", id: "listAchievements",
		summary: "A community's achievements (Open Badges), by name", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]Achievement, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return nil, err
			}
			list, _, err := api.App.Achievements(ctx, s)
			out := make([]Achievement, 0, len(list))
			for _, a := range list {
				out = append(out, api.achievementOut(s.Community, a))
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/achievements", id: "createAchievement",
		summary: "Define an achievement; editors", status: http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewAchievement) (Achievement, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Achievement{}, err
			}
			a, err := api.App.CreateAchievement(ctx, s, commons.AchievementFields{Name: in.Name, Description: in.Description, Criteria: in.Criteria,
				Color: in.Color, Themes: in.Themes, For: commons.HoursFor(in.For), ForID: in.ForID, Rule: commons.BadgeRule(in.Rule), RuleN: in.RuleN})
			return api.achievementOut(s.Community, a), err
		})

	handle(api, op{method: "GET", path: "/api/v1/achievements/{id}", id: "getAchievement",
		summary: "One achievement with its awards", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (AchievementFull, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectAchievement)
			if err != nil {
				return AchievementFull{}, err
			}
			v, err := api.App.Achievement(ctx, s, r.PathValue("id"))
			out := AchievementFull{Achievement: api.achievementOut(s.Community, v.Achievement), AwardList: []Award{}}
			for _, w := range v.Awards {
				out.AwardList = append(out.AwardList, api.awardOut(w))
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/achievements/{id}/awards", id: "awardBadge",
		summary: "Award an achievement by hand, issuing its signed credential", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewAward) (Award, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectAchievement)
			if err != nil {
				return Award{}, err
			}
			w, err := api.App.AwardBadge(ctx, s, r.PathValue("id"), app.AwardFields{UserID: in.UserID, Evidence: in.Evidence, EvidenceURL: in.EvidenceURL})
			return api.awardOut(w), err
		})

	handle(api, op{method: "POST", path: "/api/v1/achievements/{id}/apply", id: "applyBadgeRule",
		summary: "Award an achievement by its rule to everyone who qualifies now; editors", status: http.StatusOK, auth: true,
		optionalBody: true, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Applied, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectAchievement)
			if err != nil {
				return Applied{}, err
			}
			n, err := api.App.ApplyBadgeRule(ctx, s, r.PathValue("id"))
			return Applied{Awarded: n}, err
		})

	handle(api, op{method: "GET", path: "/api/v1/awards/{id}", id: "getAward",
		summary: "One award with its signed credential, as VC-JWT and as JSON-LD", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Credential, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectAward)
			if err != nil {
				return Credential{}, err
			}
			c, err := api.App.Credential(ctx, s, r.PathValue("id"))
			return Credential{Award: api.awardOut(c.Award), JWT: c.Award.Credential, Credential: c.JSON}, err
		})

	handle(api, op{method: "POST", path: "/api/v1/awards/{id}/revoke", id: "revokeAward",
		summary: "Revoke an award; its credential then fails verification; editors", status: http.StatusNoContent, auth: true,
		optionalBody: true, errors: []int{401, 403, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectAward)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.RevokeAward(ctx, s, r.PathValue("id"))
		})
}
