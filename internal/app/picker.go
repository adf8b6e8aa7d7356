package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// Pickable is a person a picker offers by name: an active member of a
// community the reader may see (commons.MayShowPerson). Since and Where
// tell two people of one name apart without showing anything private.
type Pickable struct {
	UserID, Name string
	Since        time.Time // when they joined (the first community, for messages)
	Where        string    // the communities shared with the reader, for messages
}

// MaxPickMatches is how many people a name that fits several offers to
// choose from.
const MaxPickMatches = 20

// PickableMembers lists the active members of the scope's community the
// reader may see, by name, for the pages' pickers (team, trust,
// organization members). Never an address: the picker knows people by
// name only.
func (a *App) PickableMembers(ctx context.Context, s Scope) ([]Pickable, error) {
	var out []Pickable
	p := commons.Page{Limit: commons.MaxPageSize}
	for {
		ms, next, err := a.Members(ctx, s, p)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			out = append(out, Pickable{UserID: m.UserID, Name: m.Name, Since: m.JoinedAt})
		}
		if next == "" {
			break
		}
		p.Cursor = next
	}
	sortPickable(out)
	return out, nil
}

// Correspondents lists the people the actor may write to, by name: the
// active members of every community the actor is an active member of,
// each once, with the communities they share.
func (a *App) Correspondents(ctx context.Context, actor *commons.User) ([]Pickable, error) {
	cs, st, err := a.Memberships(ctx, actor)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	var out []Pickable
	for i, c := range cs {
		if st[i] != commons.MemberActive {
			continue
		}
		p := commons.Page{Limit: commons.MaxPageSize}
		for {
			ms, next, err := a.Store.Members(ctx, c.ID, commons.MemberActive, p)
			if err != nil {
				return nil, err
			}
			for _, m := range ms {
				if m.UserID == actor.ID {
					continue
				}
				if j, ok := seen[m.UserID]; ok {
					out[j].Where += ", " + c.Name
					continue
				}
				seen[m.UserID] = len(out)
				out = append(out, Pickable{UserID: m.UserID, Name: m.Name, Since: m.JoinedAt, Where: c.Name})
			}
			if next == "" {
				break
			}
			p.Cursor = next
		}
	}
	sortPickable(out)
	return out, nil
}

func sortPickable(ps []Pickable) {
	slices.SortStableFunc(ps, func(x, y Pickable) int {
		if c := strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)); c != 0 {
			return c
		}
		return strings.Compare(x.UserID, y.UserID)
	})
}

// PickMember resolves what a picker sent against the people the reader may
// pick: the id of a person chosen among matches (id), or else the name
// typed (name). A name that fits one person exactly picks them; one that
// fits several, or only part of some names, is refused on field with the
// people to choose from; one that fits nobody says so. A chosen id that
// is not among the people offered is nobody.
func PickMember(people []Pickable, field, name, id string) (Pickable, []Pickable, error) {
	if id = strings.TrimSpace(id); id != "" {
		for _, p := range people {
			if p.UserID == id {
				return p, nil, nil
			}
		}
		return Pickable{}, nil, invalid(field, commons.Msg("picker.error.nobody", "Name", name))
	}
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return Pickable{}, nil, invalid(field, commons.Msg("error.field.required"))
	}
	var exact, partial []Pickable
	low := strings.ToLower(name)
	for _, p := range people {
		pn := strings.Join(strings.Fields(p.Name), " ")
		switch {
		case strings.EqualFold(pn, name):
			exact = append(exact, p)
		case strings.Contains(strings.ToLower(pn), low):
			partial = append(partial, p)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil, nil
	case len(exact) > 1:
		return Pickable{}, exact, invalid(field, commons.Msg("picker.error.several", "Name", name))
	case len(partial) > 0:
		if len(partial) > MaxPickMatches {
			partial = partial[:MaxPickMatches]
		}
		return Pickable{}, partial, invalid(field, commons.Msg("picker.error.choose", "Name", name))
	}
	return Pickable{}, nil, invalid(field, commons.Msg("picker.error.nobody", "Name", name))
}

// Picked is what a picker sent: a name typed, or the id of a person
// chosen among the matches of a name (which wins), on a form's field.
type Picked struct {
	Field, Name, ID string
}

// pick resolves a picker against the scope's members the reader may see.
func (a *App) pick(ctx context.Context, s Scope, in Picked) (Pickable, []Pickable, error) {
	people, err := a.PickableMembers(ctx, s)
	if err != nil {
		return Pickable{}, nil, err
	}
	return PickMember(people, in.Field, in.Name, in.ID)
}

// onField says a use case's problem with the person (not a member,
// already there) beside the picker's field.
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

// AddTeamMemberNamed adds a community member, picked by name, to an
// initiative's team: who may run it is asked first, then the name is
// resolved (the matches of a name that fits several are returned to
// choose from), then SetTeamMember decides.
func (a *App) AddTeamMemberNamed(ctx context.Context, s Scope, id string, in Picked) ([]Pickable, error) {
	if _, err := a.runInitiative(ctx, s, id); err != nil {
		return nil, err
	}
	p, matches, err := a.pick(ctx, s, in)
	if err != nil {
		return matches, err
	}
	_, err = a.SetTeamMember(ctx, s, id, p.UserID, true)
	return nil, onField(err, in.Field)
}

// AddOrgMemberNamed adds a community member, picked by name, to an
// organization in a role (or changes their role), as AddTeamMemberNamed.
func (a *App) AddOrgMemberNamed(ctx context.Context, s Scope, orgID string, in Picked, role commons.OrgRole) ([]Pickable, error) {
	if _, err := a.manageOrganization(ctx, s, orgID); err != nil {
		return nil, err
	}
	p, matches, err := a.pick(ctx, s, in)
	if err != nil {
		return matches, err
	}
	return nil, onField(a.SetOrgMember(ctx, s, orgID, p.UserID, role), in.Field)
}

// TrustNamedForResource trusts a community member, picked by name, to
// book a resource without asking, as AddTeamMemberNamed.
func (a *App) TrustNamedForResource(ctx context.Context, s Scope, resourceID string, in Picked) ([]Pickable, error) {
	if _, err := a.stewardOf(ctx, s, resourceID); err != nil {
		return nil, err
	}
	p, matches, err := a.pick(ctx, s, in)
	if err != nil {
		return matches, err
	}
	return nil, onField(a.TrustForResource(ctx, s, resourceID, p.UserID), in.Field)
}
