package api

import (
	"context"
	"net/http"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// NewSettlement settles an answered offer or request by a transfer.
type NewSettlement struct {
	AnswerUserID string `json:"answer_user_id" jsonschema:"description=The answerer whose help is settled"`
	Minutes      int    `json:"minutes" jsonschema:"minimum=1,maximum=10080"`
	Category     string `json:"category" jsonschema:"enum=care,enum=company,enum=household,enum=repairs,enum=teaching,enum=transport,enum=digital,enum=garden,enum=other"`
	Note         string `json:"note,omitempty" jsonschema:"maxLength=500,description=Defaults to the offer's or request's title"`
}

func (api *API) routesSettle() {
	handle(api, op{method: "POST", path: "/api/v1/intents/{id}/settle", id: "settleIntent",
		summary: "Settle an answered offer or request by a time bank transfer from the receiving side to the providing side; it is marked fulfilled, once",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewSettlement) (TransferOut, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectIntent)
			if err != nil {
				return TransferOut{}, err
			}
			t, err := api.App.SettleIntent(ctx, s, r.PathValue("id"), app.SettleFields{AnswerUserID: in.AnswerUserID, Minutes: in.Minutes,
				Category: in.Category, Note: in.Note})
			return transferOut(t), err
		})
}
