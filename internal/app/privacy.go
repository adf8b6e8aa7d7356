package app

import (
	"context"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// people applies commons.MayShowPerson for one reader in one community:
// every use case that returns a person's name passes it through here, so
// that pages and the API blank the same names. Members of the community
// see everyone without a query; others cost one query per read model for
// the people it names.
type people struct {
	s      Scope
	public map[string]bool
}

// people gathers what the rule needs about the named persons.
func (a *App) people(ctx context.Context, s Scope, ids ...string) (people, error) {
	p := people{s: s}
	if s.May.ReadMembersOnly {
		return p, nil
	}
	pub, err := a.Store.PublicPeople(ctx, s.Community.ID, ids)
	if err != nil {
		return p, err
	}
	p.public = pub
	return p, nil
}

// shows reports whether the reader may see the person.
func (p people) shows(id string) bool {
	return commons.MayShowPerson(p.s.May.ReadMembersOnly, p.s.ActorID(), id, p.public[id])
}

// name blanks the name of a person the reader may not see; their id stays,
// so that a page can tell "a member" from "a former member" (no id).
func (p people) name(id string, name *string) {
	if !p.shows(id) {
		*name = ""
	}
}

// ProfileVisibility lists the actor's communities and whether their
// profile is public in each, for their privacy settings.
func (a *App) ProfileVisibility(ctx context.Context, actor *commons.User) ([]store.Visibility, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.Store.ProfileVisibility(ctx, actor.ID)
}

// SetProfilePublic makes the actor's name and profile in the scope's
// community public (or private again); only their own, and only as an
// active member.
func (a *App) SetProfilePublic(ctx context.Context, s Scope, public bool) error {
	if err := s.RequireMember(); err != nil {
		return err
	}
	return a.Store.SetPublicProfile(ctx, s.Community.ID, s.Actor.ID, public)
}

// ExportPersonalData streams everything Commons holds about the actor to
// row, section by section (a nil row opens a section): their account,
// memberships, profiles, bookings, registrations, posts, messages they
// wrote, pledges, trust given and received, notifications and sessions,
// and of other people nothing but ids.
func (a *App) ExportPersonalData(ctx context.Context, actor *commons.User, row func(section string, r map[string]any) error) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	a.securityEvent(ctx, "personal data exported", "user_id", actor.ID)
	return a.Store.ExportPersonalData(ctx, actor.ID, row)
}

// ErasureBlockers lists what the actor must hand over before they can
// erase their account, for the page to say before they try.
func (a *App) ErasureBlockers(ctx context.Context, actor *commons.User) ([]commons.ErasureBlocker, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.Store.ErasureBlockers(ctx, actor.ID)
}

// EraseAccount erases the actor's account once they confirm it with their
// password (checked, and rate-limited, as a sign-in is). The last admin
// of an organization or the last editor of a community is refused with
// what to hand over first, decided in the erasing transaction.
func (a *App) EraseAccount(ctx context.Context, actor *commons.User, password, address string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	if password == "" {
		return invalid("password", commons.Msg("error.field.required"))
	}
	if _, err := a.SignIn(ctx, actor.Email, password, address); err != nil {
		if commons.CodeOf(err) == commons.CodeUnauthenticated {
			return invalid("password", commons.Msg("error.erase.password"))
		}
		return err
	}
	err := a.Store.ErasePerson(ctx, actor.ID, func(bs []commons.ErasureBlocker) error {
		if len(bs) == 0 {
			return nil
		}
		names := make([]string, len(bs))
		for i, b := range bs {
			names[i] = b.Name
		}
		return &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.erase.hand_over", "Things", strings.Join(names, ", "))}
	})
	if err == nil {
		a.securityEvent(ctx, "account erased", "user_id", actor.ID)
	}
	return err
}

// The read models' names, each through the rule. A function per shape,
// so that every use case that returns the shape blanks it the same way.

func (a *App) hideOrganizers(ctx context.Context, s Scope, acts []commons.Activity) error {
	var ids []string
	for _, act := range acts {
		for _, o := range act.Organizers {
			ids = append(ids, o.UserID)
		}
	}
	p, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	for i := range acts {
		for j, o := range acts[i].Organizers {
			if o.UserID != "" { // organizations are public
				p.name(o.UserID, &acts[i].Organizers[j].Name)
			}
		}
	}
	return nil
}

func (a *App) hideRegistrations(ctx context.Context, s Scope, regs []Registration) error {
	ids := make([]string, len(regs))
	for i, r := range regs {
		ids[i] = r.UserID
	}
	p, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	for i := range regs {
		p.name(regs[i].UserID, &regs[i].Name)
	}
	return nil
}

func (a *App) hideProposals(ctx context.Context, s Scope, ps []commons.Proposal) error {
	var ids []string
	for _, pr := range ps {
		ids = append(ids, pr.CreatedBy)
		for _, in := range pr.Interest {
			ids = append(ids, in.UserID)
		}
	}
	p, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	for i := range ps {
		p.name(ps[i].CreatedBy, &ps[i].AuthorName)
		for j := range ps[i].Interest {
			p.name(ps[i].Interest[j].UserID, &ps[i].Interest[j].Name)
		}
	}
	return nil
}

// shownProfiles keeps the learning profiles the reader may see: what a
// person teaches, learns and speaks is their profile, private with them.
func (a *App) shownProfiles(ctx context.Context, s Scope, ps []commons.LearningProfile) ([]commons.LearningProfile, error) {
	ids := make([]string, len(ps))
	for i, pr := range ps {
		ids[i] = pr.UserID
	}
	p, err := a.people(ctx, s, ids...)
	if err != nil {
		return nil, err
	}
	out := ps[:0]
	for _, pr := range ps {
		if p.shows(pr.UserID) {
			out = append(out, pr)
		}
	}
	return out, nil
}

func (a *App) hideInitiatives(ctx context.Context, s Scope, is []commons.Initiative) error {
	var ids []string
	for _, i := range is {
		ids = append(ids, i.LeadUserID)
		for _, m := range i.Team {
			ids = append(ids, m.UserID)
		}
	}
	p, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	for k := range is {
		if is[k].LeadOrgID == "" {
			p.name(is[k].LeadUserID, &is[k].LeadName)
		}
		for j := range is[k].Team {
			p.name(is[k].Team[j].UserID, &is[k].Team[j].Name)
		}
	}
	return nil
}

func (a *App) hidePledges(ctx context.Context, s Scope, ps []commons.Pledge) error {
	ids := make([]string, len(ps))
	for i, pl := range ps {
		ids[i] = pl.UserID
	}
	p, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	for i := range ps {
		p.name(ps[i].UserID, &ps[i].UserName)
	}
	return nil
}

func (a *App) hidePartnership(ctx context.Context, s Scope, pt *commons.Partnership) error {
	if pt == nil {
		return nil
	}
	var ids []string
	for _, v := range pt.Versions {
		ids = append(ids, v.ProposedBy)
		for _, party := range v.Parties {
			if party.Signature != nil {
				ids = append(ids, party.Signature.UserID)
			}
			for _, c := range party.Commitments {
				ids = append(ids, c.UpdatedBy)
			}
		}
	}
	p, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	for i := range pt.Versions {
		v := &pt.Versions[i]
		p.name(v.ProposedBy, &v.ProposedByName)
		for j := range v.Parties {
			party := &v.Parties[j]
			if party.Signature != nil {
				sig := *party.Signature // the store's value may be shared
				p.name(sig.UserID, &sig.Name)
				party.Signature = &sig
			}
			a.hideCommitmentsWith(p, party.Commitments)
		}
	}
	return nil
}

func (a *App) hideCommitmentsWith(p people, cs []commons.Commitment) {
	for i := range cs {
		p.name(cs[i].UpdatedBy, &cs[i].UpdatedByName)
	}
}

func (a *App) hideOrgPeople(ctx context.Context, s Scope, ms []commons.OrgMembership) ([]commons.OrgMembership, error) {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.UserID
	}
	p, err := a.people(ctx, s, ids...)
	if err != nil {
		return nil, err
	}
	// The people of an organization are its members' business: to others
	// only those who chose to be public are listed.
	out := ms[:0]
	for _, m := range ms {
		if p.shows(m.UserID) {
			out = append(out, m)
		}
	}
	return out, nil
}

func (a *App) hideResourceOwners(ctx context.Context, s Scope, rs []commons.Resource) error {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.OwnerUserID
	}
	p, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	for i := range rs {
		if rs[i].OwnerOrgID == "" {
			p.name(rs[i].OwnerUserID, &rs[i].OwnerName)
		}
	}
	return nil
}

func (a *App) hideThread(ctx context.Context, s Scope, th *commons.Thread) error {
	ids := []string{th.AuthorID}
	for _, po := range th.Posts {
		ids = append(ids, po.AuthorID)
	}
	p, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	p.name(th.AuthorID, &th.AuthorName)
	for i := range th.Posts {
		p.name(th.Posts[i].AuthorID, &th.Posts[i].AuthorName)
	}
	return nil
}

func (a *App) hideThreads(ctx context.Context, s Scope, ths []commons.Thread) error {
	for i := range ths {
		if err := a.hideThread(ctx, s, &ths[i]); err != nil {
			return err
		}
	}
	return nil
}

// hideRequesters blanks the requesters of bookings whose purpose the
// reader sees (the owner publishes titles) but who keep their name to the
// community.
func (a *App) hideRequesters(ctx context.Context, s Scope, bs []BookingView) error {
	ids := make([]string, len(bs))
	for i, b := range bs {
		ids[i] = b.RequesterID
	}
	p, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	for i := range bs {
		if bs[i].RequesterID != "" && !p.shows(bs[i].RequesterID) {
			bs[i].RequesterName = ""
		}
	}
	return nil
}
