package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// TimeBankView is the time bank as a reader sees it: the setting, their
// own account and its history, the accounts of organizations they run,
// and what they may do.
type TimeBankView struct {
	Settings commons.TimeBank
	Account  commons.Account
	History  []commons.Transfer
	// OrgAccounts are the accounts of organizations the reader
	// administers, which they may pay from.
	OrgAccounts []commons.Account
	May         TimeBankMay
}

// TimeBankMay answers the time bank's rules for the reader.
type TimeBankMay struct {
	// Transfer (commons.MayUseTimeBank); Configure: turn it on or off and
	// set its limits (the community's editors).
	Transfer, Configure bool
}

// TimeBank returns the reader's view of the community's time bank; the
// accounts and history are members' own.
func (a *App) TimeBank(ctx context.Context, s Scope) (TimeBankView, error) {
	tb, err := a.Store.TimeBank(ctx, s.Community.ID)
	if err != nil {
		return TimeBankView{}, err
	}
	v := TimeBankView{Settings: tb, May: TimeBankMay{Transfer: commons.MayUseTimeBank(s.Member, tb), Configure: s.May.EditCommunity}}
	if !s.May.ReadMembersOnly {
		return v, nil
	}
	if v.Account, err = a.Store.Account(ctx, s.Community.ID, commons.OwnerPerson, s.Actor.ID); err != nil {
		return v, err
	}
	if v.History, err = a.Store.AccountHistory(ctx, s.Community.ID, v.Account.ID, 100); err != nil {
		return v, err
	}
	orgs, roles, err := a.Store.UserOrganizations(ctx, s.Community.ID, s.Actor.ID)
	if err != nil {
		return v, err
	}
	for n, o := range orgs {
		if n < len(roles) && commons.CanManageOrganization(roles[n]) {
			acc, err := a.Store.Account(ctx, s.Community.ID, commons.OwnerOrganization, o.ID)
			if err != nil {
				return v, err
			}
			acc.Name = o.Name
			v.OrgAccounts = append(v.OrgAccounts, acc)
		}
	}
	return v, nil
}

// SetTimeBank turns the community's time bank on or off and sets its
// balance limits; the community's editors.
func (a *App) SetTimeBank(ctx context.Context, s Scope, tb commons.TimeBank) error {
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return err
	}
	var v commons.Validator
	tb.ValidateLimits(&v)
	if err := v.Err(); err != nil {
		return err
	}
	return a.Store.SetTimeBank(ctx, s.Community.ID, tb)
}

// Transfer moves time to the one who gave it (commons.MayUseTimeBank),
// from the actor's own account or from an organization's they administer,
// to an active member or an organization of the community — never to the
// same account. The receiving person hears of it.
func (a *App) Transfer(ctx context.Context, s Scope, f commons.TransferFields) (commons.Transfer, error) {
	if s.Actor == nil {
		return commons.Transfer{}, commons.Unauthenticated()
	}
	tb, err := a.Store.TimeBank(ctx, s.Community.ID)
	if err != nil {
		return commons.Transfer{}, err
	}
	if !commons.MayUseTimeBank(s.Member, tb) {
		if !tb.Enabled {
			return commons.Transfer{}, commons.Errorf(commons.CodeConflict, "error.timebank.off")
		}
		return commons.Transfer{}, commons.Forbidden()
	}
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return commons.Transfer{}, err
	}
	c := s.Community
	n := store.NewTransfer{CommunityID: c.ID, FromOwner: commons.OwnerPerson, FromOwnerID: s.Actor.ID, FromName: s.Actor.Name,
		ToOwner: f.ToOwner, ToOwnerID: f.ToOwnerID, Minutes: f.Minutes, Category: f.Category, Note: f.Note, CreatedBy: s.Actor.ID}
	if f.FromOrgID != "" {
		o, err := a.Store.OrganizationInCommunity(ctx, c.ID, f.FromOrgID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return commons.Transfer{}, invalid("from_organization_id", commons.Msg("error.hours.unknown_org"))
		}
		if err != nil {
			return commons.Transfer{}, err
		}
		role, err := a.Store.OrgRole(ctx, c.ID, o.ID, s.Actor.ID)
		if err != nil {
			return commons.Transfer{}, err
		}
		if !commons.CanManageOrganization(role) {
			return commons.Transfer{}, commons.Forbidden()
		}
		n.FromOwner, n.FromOwnerID, n.FromName = commons.OwnerOrganization, o.ID, o.Name
	}
	switch f.ToOwner {
	case commons.OwnerPerson:
		m, err := a.Store.Member(ctx, c.ID, f.ToOwnerID)
		if commons.CodeOf(err) == commons.CodeNotFound || (err == nil && !commons.IsActiveMember(&m)) {
			return commons.Transfer{}, invalid("to_id", commons.Msg("error.hours.unknown_target"))
		}
		if err != nil {
			return commons.Transfer{}, err
		}
		n.ToName = m.Name
		n.Notify = commons.Notification{UserID: m.UserID, CommunityID: c.ID, Kind: commons.NotifyTimeReceived,
			Args: map[string]string{"Who": n.FromName, "Hours": formatHours(f.Minutes)}, Link: "/c/" + c.Slug + "/timebank"}
	case commons.OwnerOrganization:
		o, err := a.Store.OrganizationInCommunity(ctx, c.ID, f.ToOwnerID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return commons.Transfer{}, invalid("to_id", commons.Msg("error.hours.unknown_target"))
		}
		if err != nil {
			return commons.Transfer{}, err
		}
		n.ToName = o.Name
	}
	if n.FromOwner == n.ToOwner && n.FromOwnerID == n.ToOwnerID {
		return commons.Transfer{}, invalid("to_id", commons.Msg("error.timebank.to_oneself"))
	}
	if n.Notify.UserID == s.Actor.ID {
		n.Notify = commons.Notification{} // paying oneself from one's organization
	}
	return a.Store.Transfer(ctx, n)
}

// SettleFields are what the receiving side writes to settle an answered
// offer or request: whose answer, and how much time.
type SettleFields struct {
	// AnswerUserID names the answer settled (the answerer).
	AnswerUserID string
	Minutes      int
	Category     string
	Note         string
}

// SettleIntent settles an answered offer or request by a transfer from
// the one who received to the one who provided (commons.SettleSides,
// commons.MaySettle), marking it fulfilled in the same transaction:
// exactly once, however often the form is sent. The provider hears of it.
func (a *App) SettleIntent(ctx context.Context, s Scope, intentID string, f SettleFields) (commons.Transfer, error) {
	if s.Actor == nil {
		return commons.Transfer{}, commons.Unauthenticated()
	}
	i, err := a.intentIn(ctx, s, intentID)
	if err != nil {
		return commons.Transfer{}, err
	}
	var answer *commons.IntentAnswer
	for k := range i.Answers {
		if i.Answers[k].UserID == f.AnswerUserID {
			answer = &i.Answers[k]
		}
	}
	if answer == nil {
		return commons.Transfer{}, invalid("answer", commons.Msg("error.intent.no_such_answer"))
	}
	tb, err := a.Store.TimeBank(ctx, s.Community.ID)
	if err != nil {
		return commons.Transfer{}, err
	}
	receiver, provider := commons.SettleSides(i, *answer)
	admin := false
	if receiver.Owner == commons.OwnerOrganization {
		role, err := a.Store.OrgRole(ctx, s.Community.ID, receiver.OwnerID, s.Actor.ID)
		if err != nil {
			return commons.Transfer{}, err
		}
		admin = commons.CanManageOrganization(role)
	}
	if !commons.MaySettle(s.Member, receiver, s.Actor.ID, admin, i.StatusAt(a.Now()), tb) {
		switch {
		case !tb.Enabled:
			return commons.Transfer{}, commons.Errorf(commons.CodeConflict, "error.timebank.off")
		case i.StatusAt(a.Now()) != commons.IntentAnswered && (admin || receiver.OwnerID == s.Actor.ID):
			return commons.Transfer{}, commons.Errorf(commons.CodeConflict, "error.intent.settled")
		default:
			return commons.Transfer{}, commons.Forbidden()
		}
	}
	tf := commons.TransferFields{ToOwner: provider.Owner, ToOwnerID: provider.OwnerID, Minutes: f.Minutes, Category: f.Category, Note: f.Note}
	if receiver.Owner == commons.OwnerOrganization {
		tf.FromOrgID = receiver.OwnerID
	}
	if tf.Note == "" {
		tf.Note = i.Title
	}
	var v commons.Validator
	tf.Validate(&v)
	if err := v.Err(); err != nil {
		return commons.Transfer{}, err
	}
	n := store.NewTransfer{CommunityID: s.Community.ID, FromOwner: receiver.Owner, FromOwnerID: receiver.OwnerID, FromName: receiver.Name,
		ToOwner: provider.Owner, ToOwnerID: provider.OwnerID, ToName: provider.Name, Minutes: tf.Minutes, Category: tf.Category, Note: tf.Note,
		CreatedBy: s.Actor.ID, SettleIntentID: i.ID}
	if receiver.Owner == commons.OwnerPerson {
		n.FromName = s.Actor.Name
	}
	if provider.Owner == commons.OwnerPerson && provider.OwnerID != s.Actor.ID {
		n.Notify = commons.Notification{UserID: provider.OwnerID, CommunityID: s.Community.ID, Kind: commons.NotifyTimeReceived,
			Args: map[string]string{"Who": n.FromName, "Hours": formatHours(tf.Minutes)}, Link: "/c/" + s.Community.Slug + "/timebank"}
	}
	return a.Store.Transfer(ctx, n)
}

// SettleView is what the settle form needs: the intent, and the answers
// the reader may settle (commons.MaySettle) — none when they may not.
type SettleView struct {
	Intent  commons.Intent
	Answers []commons.IntentAnswer
}

// SettleOptions returns the answers of an offer or request the reader
// may settle by a transfer.
func (a *App) SettleOptions(ctx context.Context, s Scope, intentID string) (SettleView, error) {
	i, err := a.intentIn(ctx, s, intentID)
	if err != nil {
		return SettleView{}, err
	}
	v := SettleView{Intent: i}
	if s.Actor == nil {
		return v, nil
	}
	tb, err := a.Store.TimeBank(ctx, s.Community.ID)
	if err != nil {
		return v, err
	}
	for _, ans := range i.Answers {
		receiver, _ := commons.SettleSides(i, ans)
		admin := false
		if receiver.Owner == commons.OwnerOrganization {
			role, err := a.Store.OrgRole(ctx, s.Community.ID, receiver.OwnerID, s.Actor.ID)
			if err != nil {
				return v, err
			}
			admin = commons.CanManageOrganization(role)
		}
		if commons.MaySettle(s.Member, receiver, s.Actor.ID, admin, i.StatusAt(a.Now()), tb) {
			v.Answers = append(v.Answers, ans)
		}
	}
	return v, nil
}
