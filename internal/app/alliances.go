package app

import (
	"context"
	"slices"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// AllianceMay answers an alliance's rules for the reader.
type AllianceMay struct {
	// Accept (commons.MayAcceptAlliance), End (commons.MayEndAlliance),
	// Transfer across it (commons.MayTransferAcross).
	Accept, End, Transfer bool
}

// AllianceRow is an alliance as a community's time bank page lists it:
// the community on the other side, and this side's alliance account.
type AllianceRow struct {
	commons.Alliance
	OtherName, OtherSlug string
	// Proposed is true on the side that proposed it.
	Proposed bool
	// Balance is this community's alliance account: what its members paid
	// across, less what came back (negative when more came back).
	Balance int
	// AccountID is this side's alliance account, empty until time moves.
	AccountID string
	May       AllianceMay
}

// AlliancesView is a community's alliances, for its members.
type AlliancesView struct {
	Alliances []AllianceRow
	// Propose: the reader may propose one (commons.MayProposeAlliance).
	Propose bool
}

func (a *App) allianceRow(ctx context.Context, s Scope, al commons.Alliance, tb commons.TimeBank) (AllianceRow, error) {
	r := AllianceRow{Alliance: al, Proposed: al.CommunityID == s.Community.ID}
	_, r.OtherName, r.OtherSlug = al.Other(s.Community.ID)
	acc, err := a.Store.Account(ctx, s.Community.ID, commons.OwnerAlliance, al.ID)
	r.Balance, r.AccountID = acc.Balance, acc.ID
	r.May = AllianceMay{Accept: commons.MayAcceptAlliance(s.Member, al, s.Community.ID, tb), End: commons.MayEndAlliance(s.Member, al, s.Community.ID),
		Transfer: commons.MayTransferAcross(s.Member, al, s.Community.ID, tb)}
	return r, err
}

// Alliances lists the community's time bank alliances, for its members
// (visitors see none).
func (a *App) Alliances(ctx context.Context, s Scope) (AlliancesView, error) {
	tb, err := a.Store.TimeBank(ctx, s.Community.ID)
	if err != nil {
		return AlliancesView{}, err
	}
	v := AlliancesView{Propose: commons.MayProposeAlliance(s.Member, tb)}
	if !s.May.ReadMembersOnly {
		return v, nil
	}
	list, err := a.Store.Alliances(ctx, s.Community.ID)
	if err != nil {
		return v, err
	}
	for _, al := range list {
		r, err := a.allianceRow(ctx, s, al, tb)
		if err != nil {
			return v, err
		}
		v.Alliances = append(v.Alliances, r)
	}
	return v, nil
}

// allianceIn finds an alliance the scope's community is a side of.
func (a *App) allianceIn(ctx context.Context, s Scope, id string) (commons.Alliance, error) {
	al, err := a.Store.AllianceByID(ctx, id)
	if err == nil && !al.Involves(s.Community.ID) {
		return commons.Alliance{}, commons.NotFound()
	}
	return al, err
}

// editorNotes tells a community's editors about an alliance.
func (a *App) editorNotes(ctx context.Context, c commons.Community, kind string, other commons.Community, allianceID string) ([]commons.Notification, error) {
	ids, err := a.Store.CommunityEditors(ctx, c.ID)
	var out []commons.Notification
	for _, id := range ids {
		out = append(out, commons.Notification{UserID: id, CommunityID: c.ID, Kind: kind,
			Args: map[string]string{"Community": other.Name}, Link: "/c/" + c.Slug + "/timebank/alliances/" + allianceID})
	}
	return out, err
}

// communityOf returns a community by id as a commons.Community.
func (a *App) otherCommunity(ctx context.Context, al commons.Alliance, from string) (commons.Community, error) {
	_, _, slug := al.Other(from)
	return a.Store.CommunityBySlug(ctx, slug)
}

// ProposeAlliance proposes a time bank alliance to another community
// (commons.MayProposeAlliance); its editors hear of it and decide.
func (a *App) ProposeAlliance(ctx context.Context, s Scope, f commons.AllianceFields) (commons.Alliance, error) {
	if s.Actor == nil {
		return commons.Alliance{}, commons.Unauthenticated()
	}
	tb, err := a.Store.TimeBank(ctx, s.Community.ID)
	if err != nil {
		return commons.Alliance{}, err
	}
	if !commons.MayProposeAlliance(s.Member, tb) {
		if !tb.Enabled && commons.Allowed(s.Member, commons.ActionEditCommunity) {
			return commons.Alliance{}, commons.Errorf(commons.CodeConflict, "error.timebank.off")
		}
		return commons.Alliance{}, commons.Forbidden()
	}
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return commons.Alliance{}, err
	}
	partner, err := a.Store.CommunityBySlug(ctx, f.Partner)
	if commons.CodeOf(err) == commons.CodeNotFound {
		return commons.Alliance{}, invalid("partner", commons.Msg("error.alliance.unknown_partner"))
	}
	if err != nil {
		return commons.Alliance{}, err
	}
	if partner.ID == s.Community.ID {
		return commons.Alliance{}, invalid("partner", commons.Msg("error.alliance.itself"))
	}
	al := commons.Alliance{CommunityID: s.Community.ID, PartnerID: partner.ID, Note: f.Note, ProposedBy: s.Actor.ID}
	notes, err := a.editorNotes(ctx, partner, commons.NotifyAllianceProposed, s.Community, "")
	if err != nil {
		return al, err
	}
	al, err = a.Store.ProposeAlliance(ctx, al, notes)
	if err != nil {
		return al, err
	}
	return a.Store.AllianceByID(ctx, al.ID)
}

// AcceptAlliance accepts an alliance proposed to the community
// (commons.MayAcceptAlliance); the proposer's editors hear of it.
func (a *App) AcceptAlliance(ctx context.Context, s Scope, id string) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	al, err := a.allianceIn(ctx, s, id)
	if err != nil {
		return err
	}
	tb, err := a.Store.TimeBank(ctx, s.Community.ID)
	if err != nil {
		return err
	}
	if !commons.MayAcceptAlliance(s.Member, al, s.Community.ID, tb) {
		switch {
		case !commons.Allowed(s.Member, commons.ActionEditCommunity) || al.PartnerID != s.Community.ID:
			return commons.Forbidden()
		case al.Status != commons.AllianceProposed:
			return commons.Errorf(commons.CodeConflict, "error.alliance.not_proposed")
		default:
			return commons.Errorf(commons.CodeConflict, "error.timebank.off")
		}
	}
	other, err := a.otherCommunity(ctx, al, s.Community.ID)
	if err != nil {
		return err
	}
	notes, err := a.editorNotes(ctx, other, commons.NotifyAllianceAccepted, s.Community, al.ID)
	if err != nil {
		return err
	}
	return a.Store.AcceptAlliance(ctx, al.ID, s.Community.ID, s.Actor.ID, notes)
}

// EndAlliance ends an alliance, or withdraws or declines a proposal
// (commons.MayEndAlliance); the other side's editors hear of it. Balances
// stay on both sides' books; no more time moves across.
func (a *App) EndAlliance(ctx context.Context, s Scope, id string) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	al, err := a.allianceIn(ctx, s, id)
	if err != nil {
		return err
	}
	if !commons.MayEndAlliance(s.Member, al, s.Community.ID) {
		if al.Status == commons.AllianceEnded && commons.Allowed(s.Member, commons.ActionEditCommunity) {
			return commons.Errorf(commons.CodeConflict, "error.alliance.ended")
		}
		return commons.Forbidden()
	}
	other, err := a.otherCommunity(ctx, al, s.Community.ID)
	if err != nil {
		return err
	}
	notes, err := a.editorNotes(ctx, other, commons.NotifyAllianceEnded, s.Community, al.ID)
	if err != nil {
		return err
	}
	return a.Store.EndAlliance(ctx, al.ID, s.Community.ID, s.Actor.ID, notes)
}

// AllianceView is one alliance as a member of either side sees it: this
// side's account and its history, and those across it the reader may
// transfer to.
type AllianceView struct {
	AllianceRow
	History []commons.Transfer
	// Recipients are the other community's active members the reader may
	// see: those who made their profile public there, or everyone when
	// the reader is a member there too. Only when May.Transfer.
	Recipients []commons.Member
}

// Alliance returns one alliance of the community, for its members.
func (a *App) Alliance(ctx context.Context, s Scope, id string) (AllianceView, error) {
	if !s.May.ReadMembersOnly {
		return AllianceView{}, commons.NotFound()
	}
	al, err := a.allianceIn(ctx, s, id)
	if err != nil {
		return AllianceView{}, err
	}
	tb, err := a.Store.TimeBank(ctx, s.Community.ID)
	if err != nil {
		return AllianceView{}, err
	}
	var v AllianceView
	if v.AllianceRow, err = a.allianceRow(ctx, s, al, tb); err != nil {
		return v, err
	}
	if v.History, err = a.Store.AccountHistory(ctx, s.Community.ID, v.AccountID, 100); err != nil {
		return v, err
	}
	if v.May.Transfer {
		v.Recipients, err = a.recipientsAcross(ctx, s, al)
	}
	return v, err
}

// recipientsAcross lists the other side's active members the actor may
// see (commons.MayShowPerson, read from the other community).
func (a *App) recipientsAcross(ctx context.Context, s Scope, al commons.Alliance) ([]commons.Member, error) {
	otherID, _, _ := al.Other(s.Community.ID)
	page := commons.Page{Limit: commons.MaxPageSize}
	var list []commons.Member
	there, err := a.Store.Member(ctx, otherID, s.Actor.ID)
	switch {
	case err == nil && commons.IsActiveMember(&there):
		list, _, err = a.Store.Members(ctx, otherID, commons.MemberActive, page)
	case err == nil || commons.CodeOf(err) == commons.CodeNotFound:
		list, _, err = a.Store.PublicMembers(ctx, otherID, page)
	}
	// Never oneself: one's two accounts are one person's.
	return slices.DeleteFunc(list, func(m commons.Member) bool { return m.UserID == s.Actor.ID }), err
}

// TransferAcross moves time across an active alliance
// (commons.MayTransferAcross): from the actor's account here to an
// active member of the other community whom the actor may see, never to
// themselves. Each community's books balance through its alliance
// account; each names the one on the other side only as far as its
// readers may see them. The receiver hears of it.
func (a *App) TransferAcross(ctx context.Context, s Scope, id string, f commons.AcrossFields) (commons.Transfer, error) {
	if s.Actor == nil {
		return commons.Transfer{}, commons.Unauthenticated()
	}
	al, err := a.allianceIn(ctx, s, id)
	if err != nil {
		return commons.Transfer{}, err
	}
	tb, err := a.Store.TimeBank(ctx, s.Community.ID)
	if err != nil {
		return commons.Transfer{}, err
	}
	if !commons.MayTransferAcross(s.Member, al, s.Community.ID, tb) {
		switch {
		case !commons.IsActiveMember(s.Member):
			return commons.Transfer{}, commons.Forbidden()
		case !tb.Enabled:
			return commons.Transfer{}, commons.Errorf(commons.CodeConflict, "error.timebank.off")
		default:
			return commons.Transfer{}, commons.Errorf(commons.CodeConflict, "error.alliance.not_active")
		}
	}
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return commons.Transfer{}, err
	}
	if f.ToUserID == s.Actor.ID {
		return commons.Transfer{}, invalid("to_id", commons.Msg("error.timebank.to_oneself"))
	}
	other, err := a.otherCommunity(ctx, al, s.Community.ID)
	if err != nil {
		return commons.Transfer{}, err
	}
	// The receiver: an active member of the other side whom the actor may
	// see; anyone else is unknown, as the actor could not have seen them.
	m, err := a.Store.Member(ctx, other.ID, f.ToUserID)
	if commons.CodeOf(err) == commons.CodeNotFound || (err == nil && !commons.IsActiveMember(&m)) {
		return commons.Transfer{}, invalid("to_id", commons.Msg("error.hours.unknown_target"))
	}
	if err != nil {
		return commons.Transfer{}, err
	}
	visible, err := a.recipientsAcross(ctx, s, al)
	if err != nil {
		return commons.Transfer{}, err
	}
	seen := false
	for _, r := range visible {
		seen = seen || r.UserID == m.UserID
	}
	if !seen {
		return commons.Transfer{}, invalid("to_id", commons.Msg("error.hours.unknown_target"))
	}
	// Each side's books name the one across only if that side's members
	// may see them: the receiver chose a public profile there (they did,
	// or the actor shares their community), the payer likewise here.
	payerHere, err := a.Store.Member(ctx, s.Community.ID, s.Actor.ID)
	if err != nil {
		return commons.Transfer{}, err
	}
	n := store.NewAcross{AllianceID: al.ID, FromCommunityID: s.Community.ID, FromUserID: s.Actor.ID, FromName: s.Actor.Name,
		ToCommunityID: other.ID, ToUserID: m.UserID, ToName: m.Name, Minutes: f.Minutes, Category: f.Category, Note: f.Note,
		CreatedBy: s.Actor.ID}
	if m.Public {
		n.ToPeerName = m.Name
	}
	who := s.Community.Name
	if payerHere.Public {
		n.FromPeerName, who = s.Actor.Name, s.Actor.Name+" ("+s.Community.Name+")"
	}
	n.Notify = commons.Notification{UserID: m.UserID, CommunityID: other.ID, Kind: commons.NotifyTimeReceived,
		Args: map[string]string{"Who": who, "Hours": formatHours(f.Minutes)}, Link: "/c/" + other.Slug + "/timebank"}
	return a.Store.TransferAcross(ctx, n)
}
