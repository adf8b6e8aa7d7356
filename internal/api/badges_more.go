package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// AwardVisibility is the holder's choice to show a badge publicly.
type AwardVisibility struct {
	Public bool `json:"public" jsonschema:"description=Show the badge on the holder's public profile; false keeps it to the community (the default)"`
}

// ProfileBadge is a badge as a person's profile shows it.
type ProfileBadge struct {
	AwardID       string    `json:"award_id"`
	AchievementID string    `json:"achievement_id"`
	Name          string    `json:"name"`
	Description   string    `json:"description"`
	Public        bool      `json:"public"`
	IssuedAt      time.Time `json:"issued_at"`
	Credential    string    `json:"credential" jsonschema:"description=The credential's page, which anyone may verify"`
}

func (api *API) routesBadgesMore() {
	handle(api, op{method: "PUT", path: "/api/v1/awards/{id}/public", id: "setAwardPublic",
		summary: "Show a badge on one's public profile, or keep it to the community; its holder", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *AwardVisibility) (AwardVisibility, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectAward)
			if err != nil {
				return AwardVisibility{}, err
			}
			return *in, api.App.SetAwardPublic(ctx, s, r.PathValue("id"), in.Public)
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/members/{user_id}/badges", id: "listProfileBadges",
		summary: "A person's badges: all of them for members, those they chose to show publicly for others", status: http.StatusOK,
		errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]ProfileBadge, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return nil, err
			}
			list, err := api.App.ProfileBadges(ctx, s, r.PathValue("user_id"))
			out := []ProfileBadge{}
			for _, b := range list {
				out = append(out, ProfileBadge{AwardID: b.Award.ID, AchievementID: b.Achievement.ID, Name: b.Achievement.Name,
					Description: b.Achievement.Description, Public: b.Award.Public, IssuedAt: b.Award.IssuedAt,
					Credential: strings.TrimRight(api.App.PublicURL, "/") + "/c/" + s.Community.Slug + "/credentials/" + b.Award.ID})
			}
			return out, err
		})
}
