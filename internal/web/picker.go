package web

import (
	"context"

	"github.com/commons-project/commons/internal/app"
)

// The person picker: one field where a person is named, offered the
// people the reader may pick through a <datalist> (the browser's own
// autocomplete, no script), and resolved on the server to exactly one
// of them. A name that fits several comes back with them as radio
// buttons to choose from (the fallback that needs no script). The team,
// trust and organization forms and /messages/new all use it.

// pickListID is the id of the page's one list of people.
const pickListID = "pick-people"

type pickerView struct {
	V                    *view
	Name, ListID         string
	Label, Hint, Error   string
	Value, Chosen        string
	Required             bool
	Matches              []app.Pickable
	ShowWhere, ShowSince bool
}

// newPickerView is the template's picker: (picker $ "name" "label key"
// required "hint key").
func newPickerView(v *view, name, labelKey string, required bool, hintKey string) pickerView {
	p := pickerView{V: v, Name: name, ListID: pickListID, Label: v.L.T(labelKey), Required: required,
		Value: v.Form.Get(name), Error: v.Form.Err(name), Chosen: v.Form.Get(name + "_id")}
	if hintKey != "" {
		p.Hint = v.L.T(hintKey)
	}
	if v.Form != nil {
		p.Matches = v.Form.Matches[name]
	}
	for _, m := range p.Matches {
		if m.Where != "" {
			p.ShowWhere = true
		}
	}
	p.ShowSince = !p.ShowWhere
	return p
}

// offerMembers fills the page's picker with the community's members the
// reader may see.
func (w *Web) offerMembers(ctx context.Context, v *view) error {
	ps, err := w.App.PickableMembers(ctx, v.Scope)
	v.Pickable = ps
	return err
}

// picked reads a picker's field from the form.
func picked(f *form, field string) app.Picked {
	return app.Picked{Field: field, Name: f.Get(field), ID: f.Get(field + "_id")}
}

// keepMatches keeps the people a name fitted on the form, for it to show
// them to choose from.
func keepMatches(f *form, field string, matches []app.Pickable) {
	if len(matches) == 0 {
		return
	}
	if f.Matches == nil {
		f.Matches = map[string][]app.Pickable{}
	}
	f.Matches[field] = matches
}
