package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// TimeBankSettings turns a community's time bank on or off, with its
// balance limits in minutes.
type TimeBankSettings struct {
	Enabled    bool `json:"enabled"`
	MinBalance *int `json:"min_balance,omitempty" jsonschema:"maximum=0,description=Lowest balance of any account, in minutes; none when absent"`
	MaxBalance *int `json:"max_balance,omitempty" jsonschema:"minimum=0,description=Highest balance of any account, in minutes; none when absent"`
}

// HourAccount is an hour account and its balance in minutes.
type HourAccount struct {
	ID      string `json:"id,omitempty" jsonschema:"description=Empty until the account first moves"`
	Owner   string `json:"owner" jsonschema:"enum=person,enum=organization"`
	OwnerID string `json:"owner_id"`
	Name    string `json:"name,omitempty"`
	Balance int    `json:"balance"`
}

// TransferOut is one transfer of time.
type TransferOut struct {
	ID        string    `json:"id"`
	From      string    `json:"from_account_id"`
	FromName  string    `json:"from_name"`
	To        string    `json:"to_account_id"`
	ToName    string    `json:"to_name"`
	Minutes   int       `json:"minutes"`
	Category  string    `json:"category"`
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Across an alliance: its id, and the one on the other side when this
	// community's readers may see them.
	AllianceID string `json:"alliance_id,omitempty"`
	PeerName   string `json:"peer_name,omitempty"`
}

// TimeBankOut is the caller's view of the time bank.
type TimeBankOut struct {
	TimeBankSettings
	Account              *HourAccount  `json:"account" jsonschema:"description=The caller's own account; null for visitors"`
	OrganizationAccounts []HourAccount `json:"organization_accounts" jsonschema:"description=Of organizations the caller administers"`
	History              []TransferOut `json:"history" jsonschema:"description=The caller's own transfers, the latest first"`
}

// JSONSchemaExtend marks the account as null for visitors.
func (TimeBankOut) JSONSchemaExtend(s *jsonschemaSchema) { nullable(s, "account") }

// NewTransfer moves time to the one who gave it.
type NewTransfer struct {
	FromOrganizationID string `json:"from_organization_id,omitempty" jsonschema:"description=Pay from this organization's account (its admins); without it, from the caller's own"`
	To                 string `json:"to" jsonschema:"enum=person,enum=organization"`
	ToID               string `json:"to_id"`
	Minutes            int    `json:"minutes" jsonschema:"minimum=1,maximum=10080"`
	Category           string `json:"category" jsonschema:"enum=care,enum=company,enum=household,enum=repairs,enum=teaching,enum=transport,enum=digital,enum=garden,enum=other"`
	Note               string `json:"note,omitempty" jsonschema:"maxLength=500"`
}

func accountOut(a commons.Account) HourAccount {
	return HourAccount{ID: a.ID, Owner: string(a.Owner), OwnerID: a.OwnerID, Name: a.Name, Balance: a.Balance}
}

func transferOut(t commons.Transfer) TransferOut {
	return TransferOut{ID: t.ID, From: t.FromAccountID, FromName: t.FromName, To: t.ToAccountID, ToName: t.ToName, Minutes: t.Minutes,
		Category: t.Category, Note: t.Note, CreatedAt: t.CreatedAt,
		AllianceID: t.AllianceID, PeerName: t.PeerName}
}

func timeBankOut(v app.TimeBankView, member bool) TimeBankOut {
	out := TimeBankOut{TimeBankSettings: TimeBankSettings{Enabled: v.Settings.Enabled, MinBalance: v.Settings.MinBalance, MaxBalance: v.Settings.MaxBalance},
		OrganizationAccounts: []HourAccount{}, History: []TransferOut{}}
	if member {
		acc := accountOut(v.Account)
		out.Account = &acc
	}
	for _, a := range v.OrgAccounts {
		out.OrganizationAccounts = append(out.OrganizationAccounts, accountOut(a))
	}
	for _, t := range v.History {
		out.History = append(out.History, transferOut(t))
	}
	return out
}

func (api *API) routesTimeBank() {
	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/timebank", id: "getTimeBank",
		summary: "The time bank's setting, and the caller's hour account and history", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (TimeBankOut, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return TimeBankOut{}, err
			}
			v, err := api.App.TimeBank(ctx, s)
			return timeBankOut(v, s.May.ReadMembersOnly), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/communities/{slug}/timebank", id: "setTimeBank",
		summary: "Turn the time bank on or off and set its balance limits; editors", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *TimeBankSettings) (TimeBankOut, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return TimeBankOut{}, err
			}
			if err := api.App.SetTimeBank(ctx, s, commons.TimeBank{Enabled: in.Enabled, MinBalance: in.MinBalance, MaxBalance: in.MaxBalance}); err != nil {
				return TimeBankOut{}, err
			}
			v, err := api.App.TimeBank(ctx, s)
			return timeBankOut(v, s.May.ReadMembersOnly), err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/timebank/transfers", id: "transferTime",
		summary: "Transfer time to the one who gave it: two movements that sum to zero, in one transaction", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewTransfer) (TransferOut, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return TransferOut{}, err
			}
			t, err := api.App.Transfer(ctx, s, commons.TransferFields{FromOrgID: in.FromOrganizationID, ToOwner: commons.TimeBankOwner(in.To),
				ToOwnerID: in.ToID, Minutes: in.Minutes, Category: in.Category, Note: in.Note})
			return transferOut(t), err
		})
}
