package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// AllianceOut is a time bank alliance as one side sees it.
type AllianceOut struct {
	ID          string     `json:"id"`
	Partner     string     `json:"partner" jsonschema:"description=The other community's slug"`
	PartnerName string     `json:"partner_name"`
	Proposed    bool       `json:"proposed" jsonschema:"description=True on the side that proposed it"`
	Status      string     `json:"status" jsonschema:"enum=proposed,enum=active,enum=ended"`
	Note        string     `json:"note,omitempty"`
	Balance     int        `json:"balance" jsonschema:"description=This community's alliance account in minutes: what its members paid across, less what came back"`
	CreatedAt   time.Time  `json:"created_at"`
	AcceptedAt  *time.Time `json:"accepted_at,omitempty"`
	EndedAt     *time.Time `json:"ended_at,omitempty"`
	MayAccept   bool       `json:"may_accept"`
	MayEnd      bool       `json:"may_end"`
	MayTransfer bool       `json:"may_transfer"`
}

// AlliancesOut is a community's alliances.
type AlliancesOut struct {
	Items      []AllianceOut `json:"items"`
	MayPropose bool          `json:"may_propose"`
}

// AllianceDetail is one alliance with this side's transfers across.
type AllianceDetail struct {
	AllianceOut
	History    []TransferOut `json:"history" jsonschema:"description=This side's transfers across, the latest first"`
	Recipients []PersonRef   `json:"recipients" jsonschema:"description=Whom the caller may transfer to across (only when may_transfer)"`
}

// PersonRef names a person.
type PersonRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// NewAlliance proposes an alliance.
type NewAlliance struct {
	Partner string `json:"partner" jsonschema:"description=The other community's slug"`
	Note    string `json:"note,omitempty" jsonschema:"maxLength=1000"`
}

// NewAcross transfers time across an alliance.
type NewAcross struct {
	ToID     string `json:"to_id" jsonschema:"description=A member of the other community"`
	Minutes  int    `json:"minutes" jsonschema:"minimum=1,maximum=10080"`
	Category string `json:"category" jsonschema:"enum=care,enum=company,enum=household,enum=repairs,enum=teaching,enum=transport,enum=digital,enum=garden,enum=other"`
	Note     string `json:"note,omitempty" jsonschema:"maxLength=500"`
}

func allianceOut(r app.AllianceRow) AllianceOut {
	return AllianceOut{ID: r.ID, Partner: r.OtherSlug, PartnerName: r.OtherName, Proposed: r.Proposed, Status: string(r.Status), Note: r.Note,
		Balance: r.Balance, CreatedAt: r.CreatedAt, AcceptedAt: r.AcceptedAt, EndedAt: r.EndedAt,
		MayAccept: r.May.Accept, MayEnd: r.May.End, MayTransfer: r.May.Transfer}
}

func (api *API) allianceDetail(ctx context.Context, s app.Scope, id string) (AllianceDetail, error) {
	v, err := api.App.Alliance(ctx, s, id)
	if err != nil {
		return AllianceDetail{}, err
	}
	out := AllianceDetail{AllianceOut: allianceOut(v.AllianceRow), History: []TransferOut{}, Recipients: []PersonRef{}}
	for _, t := range v.History {
		out.History = append(out.History, transferOut(t))
	}
	for _, m := range v.Recipients {
		out.Recipients = append(out.Recipients, PersonRef{ID: m.UserID, Name: m.Name})
	}
	return out, nil
}

func (api *API) routesAlliances() {
	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/timebank/alliances", id: "listAlliances",
		summary: "The community's time bank alliances; members (others get an empty list)", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (AlliancesOut, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return AlliancesOut{}, err
			}
			v, err := api.App.Alliances(ctx, s)
			out := AlliancesOut{Items: []AllianceOut{}, MayPropose: v.Propose}
			for _, a := range v.Alliances {
				out.Items = append(out.Items, allianceOut(a))
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/timebank/alliances", id: "proposeAlliance",
		summary: "Propose a time bank alliance to another community; editors, with the time bank on", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewAlliance) (AllianceDetail, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return AllianceDetail{}, err
			}
			al, err := api.App.ProposeAlliance(ctx, s, commons.AllianceFields{Partner: in.Partner, Note: in.Note})
			if err != nil {
				return AllianceDetail{}, err
			}
			return api.allianceDetail(ctx, s, al.ID)
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/timebank/alliances/{id}", id: "getAlliance",
		summary: "One alliance, this side's account and transfers across; members of either side", status: http.StatusOK, auth: true,
		errors: []int{401, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (AllianceDetail, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return AllianceDetail{}, err
			}
			return api.allianceDetail(ctx, s, r.PathValue("id"))
		})

	for _, action := range []struct{ name, id, summary string }{
		{"accept", "acceptAlliance", "Accept an alliance proposed to the community; its editors, with the time bank on"},
		{"end", "endAlliance", "End an alliance, or withdraw or decline a proposal; either side's editors"},
	} {
		handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/timebank/alliances/{id}/" + action.name, id: action.id,
			summary: action.summary, status: http.StatusOK, auth: true, errors: []int{401, 403, 404, 409}},
			func(ctx context.Context, r *http.Request, _ *Empty) (AllianceDetail, error) {
				s, err := api.scope(ctx, r)
				if err != nil {
					return AllianceDetail{}, err
				}
				if action.name == "accept" {
					err = api.App.AcceptAlliance(ctx, s, r.PathValue("id"))
				} else {
					err = api.App.EndAlliance(ctx, s, r.PathValue("id"))
				}
				if err != nil {
					return AllianceDetail{}, err
				}
				return api.allianceDetail(ctx, s, r.PathValue("id"))
			})
	}

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/timebank/alliances/{id}/transfers", id: "transferAcross",
		summary: "Transfer time across an active alliance to a member of the other community: a balanced half in each community's books, in one transaction",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewAcross) (TransferOut, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return TransferOut{}, err
			}
			t, err := api.App.TransferAcross(ctx, s, r.PathValue("id"), commons.AcrossFields{ToUserID: in.ToID, Minutes: in.Minutes,
				Category: in.Category, Note: in.Note})
			return transferOut(t), err
		})
}
