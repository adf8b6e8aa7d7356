package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// The pages that change a cycle (those who run cycles, until it closes)
// and a story (its teller or collector, while the cycle collects): the
// forms that open and tell, filled with what was saved. The rules are the
// use cases' (app.EditMSCCycle, app.EditStory); the pages show the form
// only where the cycle's or story's May says so.

func (w *Web) editCyclePage(r *http.Request, v *view) (string, error) {
	d, err := w.App.MSCCycle(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if !d.May.Run {
		if d.Status == commons.MSCClosed && v.Scope.May.RunMSC {
			return "", commons.Errorf(commons.CodeConflict, "error.msc.closed")
		}
		return "", commons.Forbidden()
	}
	_, is, err := w.App.PanelOptions(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	ps, err := w.App.MSCPartnerships(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		var std, own []string
		for _, dm := range d.Domains {
			if slices.Contains(commons.DefaultMSCDomains, dm) {
				std = append(std, dm)
			} else {
				own = append(own, dm)
			}
		}
		v.Form = &form{Values: map[string][]string{"title": {d.Title}, "from": {d.From}, "to": {d.To}, "question": {d.Question},
			"domains": std, "own_domains": {strings.Join(own, "\n")}, "scope_id": {scopeValue(d.MSCCycle)}}}
	}
	back := "/c/" + v.Community.Slug + "/msc/" + d.ID
	v.Title = v.L.T("msc.edit.cycle_title", "Cycle", d.Title)
	v.Data = mscNewData{W: mscWords{v.L}, Domains: commons.DefaultMSCDomains, Initiatives: is, Partnerships: ps,
		mscForm: mscForm{Action: back + "/edit", Submit: "msc.edit.save", Back: back, Editing: true}}
	return "msc_new", nil
}

func (w *Web) editCycle(r *http.Request, v *view, f *form) (done, error) {
	c, err := w.App.EditMSCCycle(r.Context(), v.Scope, r.PathValue("id"), cycleFields(f))
	return done{To: "/c/" + v.Community.Slug + "/msc/" + c.ID, Flash: "flash.saved"}, err
}

func (w *Web) editStoryPage(r *http.Request, v *view) (string, error) {
	s, err := w.App.Story(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if !s.May.Edit {
		return "", commons.Forbidden()
	}
	o, err := w.App.StoryOptions(r.Context(), v.Scope, s.CycleID)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		vals := map[string][]string{"teller_kind": {string(s.TellerKind)}, "teller_user_id": {s.TellerUserID}, "teller_name": {s.TellerName},
			"teller_org_id": {s.TellerOrgID}, "consent": {string(s.Consent)}, "consent_date": {s.ConsentDate}, "when": {s.When},
			"where": {s.Where}, "domain": {s.Domain}, "title": {s.Title}, "story": {s.Text}, "why": {s.Why}, "language": {s.Language},
			"theme": {s.Theme}}
		for _, l := range s.Links {
			if l.Type == commons.SubjectInitiative {
				vals["initiative_ids"] = append(vals["initiative_ids"], l.ID)
			}
		}
		v.Form = &form{Values: vals}
	}
	back := "/c/" + v.Community.Slug + "/stories/" + s.ID
	v.Title = v.L.T("msc.edit.story_title", "Story", s.Title)
	v.Data = tellData{W: mscWords{v.L}, StoryOptions: o, Themes: themeLabels(v.L, o.Themes),
		mscForm: mscForm{Action: back + "/edit", Submit: "msc.edit.save", Back: back, Editing: true}}
	return "msc_tell", nil
}

func (w *Web) editStory(r *http.Request, v *view, f *form) (done, error) {
	sf := storyFields(f)
	if old, err := w.App.Story(r.Context(), v.Scope, r.PathValue("id")); err == nil {
		// Links to other things than initiatives (the API's) are kept:
		// the form offers initiatives only.
		for _, l := range old.Links {
			if l.Type != commons.SubjectInitiative {
				sf.Links = append(sf.Links, l)
			}
		}
	}
	st, err := w.App.EditStory(r.Context(), v.Scope, r.PathValue("id"), sf)
	return done{To: "/c/" + v.Community.Slug + "/stories/" + st.ID, Flash: "flash.saved"}, err
}

// scopeValue is the cycle form's scope_id of a cycle: an initiative's id,
// or "partnership:" and a partnership's.
func scopeValue(c commons.MSCCycle) string {
	if c.ScopeType == commons.SubjectPartnership {
		return "partnership:" + c.ScopeID
	}
	return c.ScopeID
}
