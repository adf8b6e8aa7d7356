package web

import (
	"context"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
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

// pick resolves the person named in the form's field among the people on
// offer (the community's members the reader may see unless offered is
// given); the people a name fitted are kept on the form for it to show.
func (w *Web) pick(ctx context.Context, v *view, f *form, field string, offered []app.Pickable) (app.Pickable, error) {
	if offered == nil {
		var err error
		if offered, err = w.App.PickableMembers(ctx, v.Scope); err != nil {
			return app.Pickable{}, err
		}
	}
	p, matches, err := app.PickMember(offered, field, f.Get(field), f.Get(field+"_id"))
	if len(matches) > 0 {
		if f.Matches == nil {
			f.Matches = map[string][]app.Pickable{}
		}
		f.Matches[field] = matches
	}
	return p, err
}

// onField says a problem of a use case about the person (not a member,
// already in the team) beside the picker's field.
func onField(err error, field string) error {
	e := commons.ErrorOf(err)
	if err == nil || e.Code != commons.CodeInvalid || len(e.Fields) == 0 {
		return err
	}
	for _, m := range e.Fields {
		return &commons.Error{Code: e.Code, Message: e.Message, Fields: map[string]commons.Message{field: m}}
	}
	return err
}
