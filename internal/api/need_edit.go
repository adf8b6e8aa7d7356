package api

import (
	"context"
	"net/http"

	"github.com/commons-project/commons/internal/commons"
)

// NeedRemoved says what removing a need did.
type NeedRemoved struct {
	Withdrawn bool `json:"withdrawn" jsonschema:"description=true: it had pledges and is kept, withdrawn, its pledgers told; false: it was deleted"`
}

// routesNeedEdit: the initiative's team edits and removes its needs.
func (api *API) routesNeedEdit() {
	handle(api, op{method: "PUT", path: "/api/v1/needs/{id}", id: "updateNeed",
		summary: "Replace a need's kind, description, quantity and date (the initiative's team only)", status: http.StatusOK,
		auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewNeed) (Need, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectNeed)
			if err != nil {
				return Need{}, err
			}
			n, err := api.App.UpdateNeed(ctx, s, r.PathValue("id"), commons.NeedFields{Kind: commons.Kind(in.Kind),
				Description: in.Description, Quantity: in.Quantity, ByDate: in.ByDate})
			return needOut(n), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/needs/{id}", id: "removeNeed",
		summary: "Take a need back: deleted without pledges, kept as withdrawn with them (the initiative's team only)",
		status:  http.StatusOK, auth: true, errors: []int{401, 403, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (NeedRemoved, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectNeed)
			if err != nil {
				return NeedRemoved{}, err
			}
			kept, err := api.App.RemoveNeed(ctx, s, r.PathValue("id"))
			return NeedRemoved{Withdrawn: kept}, err
		})
}
