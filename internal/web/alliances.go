package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

func (w *Web) routesAlliances(m router) {
	m.Page("GET /c/{slug}/timebank/alliances/{id}", w.alliance)
	m.Form("POST /c/{slug}/timebank/alliances", w.proposeAlliance, w.timeBank)
	m.Form("POST /c/{slug}/timebank/alliances/{id}/accept", w.acceptAlliance, w.alliance)
	m.Form("POST /c/{slug}/timebank/alliances/{id}/end", w.endAlliance, w.alliance)
	m.Form("POST /c/{slug}/timebank/alliances/{id}/transfers", w.transferAcross, w.alliance)
}

type allianceData struct {
	app.AllianceView
	Balance    string
	Rows       []transferRow
	Categories []string
}

// alliance shows one alliance to a member of either side: where it
// stands, this side's account and transfers across, the transfer form,
// and to editors accepting or ending it.
func (w *Web) alliance(r *http.Request, v *view) (string, error) {
	a, err := w.App.Alliance(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	d := allianceData{AllianceView: a, Balance: hoursText(a.Balance), Categories: commons.TransferCategories}
	for _, t := range a.History {
		// This side's alliance account: time paid across came in to it.
		d.Rows = append(d.Rows, transferRow{Transfer: t, In: t.ToAccountID == a.AccountID, Hours: hoursText(t.Minutes)})
	}
	v.Title, v.Data, v.Styles = v.L.T("alliance.with", "Name", a.OtherName), d, []string{hoursStyles}
	return "alliance", nil
}

func (w *Web) allianceLink(v *view, id string) string {
	return "/c/" + v.Community.Slug + "/timebank/alliances/" + id
}

func (w *Web) proposeAlliance(r *http.Request, v *view, f *form) (done, error) {
	al, err := w.App.ProposeAlliance(r.Context(), v.Scope, commons.AllianceFields{Partner: f.Get("partner"), Note: f.Get("alliance_note")})
	if err != nil {
		e := commons.ErrorOf(err)
		if m, ok := e.Fields["note"]; ok {
			e.Fields["alliance_note"] = m
		}
		return done{}, err
	}
	return done{To: w.allianceLink(v, al.ID), Flash: "flash.alliance_proposed"}, nil
}

func (w *Web) acceptAlliance(r *http.Request, v *view, _ *form) (done, error) {
	id := r.PathValue("id")
	return done{To: w.allianceLink(v, id), Flash: "flash.alliance_accepted"}, w.App.AcceptAlliance(r.Context(), v.Scope, id)
}

func (w *Web) endAlliance(r *http.Request, v *view, _ *form) (done, error) {
	id := r.PathValue("id")
	return done{To: w.allianceLink(v, id), Flash: "flash.alliance_ended"}, w.App.EndAlliance(r.Context(), v.Scope, id)
}

func (w *Web) transferAcross(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.TransferAcross(r.Context(), v.Scope, id, commons.AcrossFields{ToUserID: f.Get("to"), Minutes: parseDuration(f.Get("duration")),
		Category: f.Get("category"), Note: f.Get("note")})
	if err != nil {
		e := commons.ErrorOf(err)
		for from, to := range map[string]string{"minutes": "duration", "to_id": "to"} {
			if m, ok := e.Fields[from]; ok {
				e.Fields[to] = m
			}
		}
	}
	return done{To: w.allianceLink(v, id), Flash: "flash.time_transferred"}, err
}
