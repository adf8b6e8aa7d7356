package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

func (w *Web) routesTimeBank(m router) {
	m.Page("GET /c/{slug}/timebank", w.timeBank)
	m.Form("POST /c/{slug}/timebank/transfers", w.transfer, w.timeBank)
	m.Form("POST /c/{slug}/timebank/settings", w.timeBankSettings, w.timeBank)
	w.routesAlliances(m)
	w.routesSettle(m)
}

// transferRow is a transfer as the reader's history shows it: in or out
// of their account, in hours.
type transferRow struct {
	commons.Transfer
	In    bool
	Hours string
}

type timeBankData struct {
	app.TimeBankView
	Balance    string
	Rows       []transferRow
	People     []commons.Member
	Orgs       []commons.Organization
	Categories []string
	Alliances  app.AlliancesView
	// AllianceHours are the alliances' balances in hours, in their order.
	AllianceHours []string
	MinHours      string
	MaxHours      string
	// OrgBalances are the balances of the organizations the reader runs.
	OrgBalances []struct{ Name, Hours string }
}

func hoursText(minutes int) string {
	return strconv.FormatFloat(float64(minutes)/60, 'f', -1, 64)
}

// timeBank shows the reader's hour account, the transfer form, their
// history, and to editors the time bank's setting.
func (w *Web) timeBank(r *http.Request, v *view) (string, error) {
	tb, err := w.App.TimeBank(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	d := timeBankData{TimeBankView: tb, Balance: hoursText(tb.Account.Balance), Categories: commons.TransferCategories}
	if d.Alliances, err = w.App.Alliances(r.Context(), v.Scope); err != nil {
		return "", err
	}
	for _, a := range d.Alliances.Alliances {
		d.AllianceHours = append(d.AllianceHours, hoursText(a.Balance))
	}
	for _, t := range tb.History {
		in := t.ToAccountID == tb.Account.ID
		d.Rows = append(d.Rows, transferRow{Transfer: t, In: in, Hours: hoursText(t.Minutes)})
	}
	for _, a := range tb.OrgAccounts {
		d.OrgBalances = append(d.OrgBalances, struct{ Name, Hours string }{a.Name, hoursText(a.Balance)})
	}
	if tb.Settings.MinBalance != nil {
		d.MinHours = hoursText(*tb.Settings.MinBalance)
	}
	if tb.Settings.MaxBalance != nil {
		d.MaxHours = hoursText(*tb.Settings.MaxBalance)
	}
	if tb.May.Transfer {
		o, err := w.App.HoursOptions(r.Context(), v.Scope)
		if err != nil {
			return "", err
		}
		for _, m := range o.People {
			if m.UserID != v.Scope.ActorID() {
				d.People = append(d.People, m)
			}
		}
		d.Orgs = o.Organizations
	}
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"min_hours": {d.MinHours}, "max_hours": {d.MaxHours}}}
		if tb.Settings.Enabled {
			v.Form.Values["enabled"] = []string{"on"}
		}
	}
	v.Title, v.Data, v.Styles = v.L.T("timebank.title"), d, []string{hoursStyles}
	return "timebank", nil
}

func (w *Web) transfer(r *http.Request, v *view, f *form) (done, error) {
	kind, id, _ := strings.Cut(f.Get("to"), ":")
	_, err := w.App.Transfer(r.Context(), v.Scope, commons.TransferFields{FromOrgID: f.Get("from_organization_id"),
		ToOwner: commons.TimeBankOwner(kind), ToOwnerID: id, Minutes: parseDuration(f.Get("duration")), Category: f.Get("category"), Note: f.Get("note")})
	if err != nil {
		e := commons.ErrorOf(err)
		for from, to := range map[string]string{"minutes": "duration", "to_owner": "to", "to_id": "to"} {
			if m, ok := e.Fields[from]; ok {
				e.Fields[to] = m
			}
		}
	}
	return done{To: "/c/" + v.Community.Slug + "/timebank", Flash: "flash.time_transferred"}, err
}

// limit reads a limit in hours; "" is none, and what is not a number is
// far outside any bound, so the use case refuses it beside its field.
func limit(s string) *int {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	neg := strings.HasPrefix(s, "-")
	m := parseDuration(strings.TrimPrefix(s, "-"))
	if m < 0 {
		m = commons.MaxBalanceLimit * 10
	}
	if neg {
		m = -m
	}
	return &m
}

func (w *Web) timeBankSettings(r *http.Request, v *view, f *form) (done, error) {
	err := w.App.SetTimeBank(r.Context(), v.Scope, commons.TimeBank{Enabled: f.Get("enabled") != "", MinBalance: limit(f.Get("min_hours")), MaxBalance: limit(f.Get("max_hours"))})
	if err != nil {
		e := commons.ErrorOf(err)
		for from, to := range map[string]string{"min_balance": "min_hours", "max_balance": "max_hours"} {
			if m, ok := e.Fields[from]; ok {
				e.Fields[to] = m
			}
		}
	}
	return done{To: "/c/" + v.Community.Slug + "/timebank", Flash: "flash.saved"}, err
}
