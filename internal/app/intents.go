package app

import (
	"context"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// IntentView is an offer or request as a reader sees it: its status at
// the moment, names blanked for readers who may not see them, and what
// the reader may do with it.
type IntentView struct {
	commons.Intent
	// Status is the stored status, or expired once its Until has passed.
	Status commons.IntentStatus
	May    commons.IntentMay
}

// intentLink is an intent's page, for notifications.
func intentLink(c commons.Community, id string) string {
	return commons.PagePath(commons.SubjectIntent, c.Slug, id)
}

// showIntentPeople is the one place this area decides whose names a reader
// sees: a person's name where commons.MayShowPerson lets the reader see
// them (app.people); an organization's name is public. Answers are the
// members' only.
func (a *App) showIntentPeople(ctx context.Context, s Scope, is ...*commons.Intent) error {
	if s.May.ReadMembersOnly {
		return nil
	}
	var ids []string
	for _, i := range is {
		if i.OwnerOrgID == "" {
			ids = append(ids, i.OwnerUserID)
		}
	}
	people, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	for _, i := range is {
		if i.OwnerOrgID == "" {
			people.name(i.OwnerUserID, &i.OwnerName)
		}
		i.Answers = nil
	}
	return nil
}

// intentIn finds an intent within the scope's community that the reader
// may see; one they may not see is not found, as one of another community.
func (a *App) intentIn(ctx context.Context, s Scope, id string) (commons.Intent, error) {
	i, err := a.Store.IntentByID(ctx, id)
	if err == nil && (i.CommunityID != s.Community.ID || !commons.MayReadIntent(s.May.ReadMembersOnly, i)) {
		return commons.Intent{}, commons.NotFound()
	}
	return i, err
}

// intentView is an intent with the reader's answers.
func (a *App) intentView(ctx context.Context, s Scope, i commons.Intent) (IntentView, error) {
	var role commons.OrgRole
	if i.OwnerOrgID != "" && s.Actor != nil {
		var err error
		if role, err = a.Store.OrgRole(ctx, s.Community.ID, i.OwnerOrgID, s.Actor.ID); err != nil {
			return IntentView{}, err
		}
	}
	now := a.Now()
	v := IntentView{Intent: i, Status: i.StatusAt(now), May: commons.MayOfIntent(s.Member, s.ActorID(), role, i, now)}
	return v, a.showIntentPeople(ctx, s, &v.Intent)
}

// checkIntentOwner lets a person post for an organization they belong to.
func (a *App) checkIntentOwner(ctx context.Context, s Scope, orgID string) error {
	if orgID == "" {
		return nil
	}
	o, err := a.Store.OrganizationInCommunity(ctx, s.Community.ID, orgID)
	if commons.CodeOf(err) == commons.CodeNotFound {
		return invalid("owner_org_id", commons.Msg("error.pledge.other_community"))
	}
	if err != nil {
		return err
	}
	role, err := a.Store.OrgRole(ctx, s.Community.ID, o.ID, s.Actor.ID)
	if err != nil {
		return err
	}
	if role == "" {
		return invalid("owner_org_id", commons.Msg("error.intent.not_your_org"))
	}
	return nil
}

// PostIntent publishes an offer or a request for the actor or for an
// organization they belong to. It counts against the same flood limit as
// posts and messages.
func (a *App) PostIntent(ctx context.Context, s Scope, f commons.IntentFields) (IntentView, error) {
	if err := s.Require(commons.ActionPostIntent); err != nil {
		return IntentView{}, err
	}
	f.Normalize()
	var v commons.Validator
	f.Validate(&v, a.Now())
	if err := v.Err(); err != nil {
		return IntentView{}, err
	}
	if err := a.checkIntentOwner(ctx, s, f.OwnerOrgID); err != nil {
		return IntentView{}, err
	}
	i, err := a.Store.CreateIntent(ctx, store.NewIntent{CommunityID: s.Community.ID, Fields: f, CreatedBy: s.Actor.ID, Flood: a.Flood})
	if err != nil {
		return IntentView{}, err
	}
	return a.intentView(ctx, s, i)
}

// Intent returns one offer or request the reader may see.
func (a *App) Intent(ctx context.Context, s Scope, id string) (IntentView, error) {
	i, err := a.intentIn(ctx, s, id)
	if err != nil {
		return IntentView{}, err
	}
	return a.intentView(ctx, s, i)
}

// Intents lists a community's offers and requests the reader may see:
// visitors and those who have not joined see the public ones.
func (a *App) Intents(ctx context.Context, s Scope, f commons.IntentFilter) ([]IntentView, string, error) {
	var v commons.Validator
	f.Q = strings.TrimSpace(f.Q)
	v.Line("q", f.Q, false, 100)
	if f.Direction != "" {
		commons.OneOf(&v, "direction", f.Direction, commons.IntentDirections)
	}
	if f.Kind != "" {
		commons.OneOf(&v, "kind", f.Kind, commons.IntentKinds)
	}
	if f.Status != "" {
		commons.OneOf(&v, "status", f.Status, commons.IntentStatuses)
	}
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	is, next, err := a.Store.Intents(ctx, store.IntentQuery{CommunityID: s.Community.ID, Filter: f, PublicOnly: !s.May.ReadMembersOnly, Now: a.Now()})
	if err != nil {
		return nil, "", err
	}
	out := make([]IntentView, len(is))
	shown := make([]*commons.Intent, len(is))
	now := a.Now()
	for n, i := range is {
		// The list shows no controls; May is left to the intent's page,
		// which asks the organization role it needs.
		out[n] = IntentView{Intent: i, Status: i.StatusAt(now)}
		shown[n] = &out[n].Intent
	}
	return out, next, a.showIntentPeople(ctx, s, shown...)
}

// manageIntent finds an intent the actor may manage: its author or an
// admin of the organization that owns it.
func (a *App) manageIntent(ctx context.Context, s Scope, id string) (IntentView, error) {
	if s.Actor == nil {
		return IntentView{}, commons.Unauthenticated()
	}
	v, err := a.Intent(ctx, s, id)
	if err != nil {
		return v, err
	}
	if !v.May.Manage {
		return v, commons.Forbidden()
	}
	return v, nil
}

// EditableIntent is an intent for its edit form: only its author or its
// organization's admins get it, and only while it is live (the rules
// UpdateIntent enforces).
func (a *App) EditableIntent(ctx context.Context, s Scope, id string) (IntentView, error) {
	v, err := a.manageIntent(ctx, s, id)
	if err != nil {
		return v, err
	}
	if !v.Live(a.Now()) {
		return v, commons.Errorf(commons.CodeConflict, "error.intent.closed")
	}
	return v, nil
}

// UpdateIntent replaces an intent's fields; its author or its
// organization's admins may, while it is live. Its owner and direction stay.
func (a *App) UpdateIntent(ctx context.Context, s Scope, id string, f commons.IntentFields) (IntentView, error) {
	v, err := a.manageIntent(ctx, s, id)
	if err != nil {
		return v, err
	}
	if !v.Live(a.Now()) {
		return v, commons.Errorf(commons.CodeConflict, "error.intent.closed")
	}
	f.Direction, f.OwnerOrgID = v.Direction, v.OwnerOrgID
	f.Normalize()
	var val commons.Validator
	f.Validate(&val, a.Now())
	if err := val.Err(); err != nil {
		return v, err
	}
	i, err := a.Store.UpdateIntent(ctx, v.Intent, f, s.Actor.ID)
	if err != nil {
		return v, err
	}
	return a.intentView(ctx, s, i)
}

// CloseIntent marks an intent fulfilled or withdraws it; only a live one
// can be closed, so closing twice is a conflict the second time.
func (a *App) CloseIntent(ctx context.Context, s Scope, id string, to commons.IntentStatus) (IntentView, error) {
	v, err := a.manageIntent(ctx, s, id)
	if err != nil {
		return v, err
	}
	var val commons.Validator
	commons.OneOf(&val, "status", to, []commons.IntentStatus{commons.IntentFulfilled, commons.IntentWithdrawn})
	if err := val.Err(); err != nil {
		return v, err
	}
	if !v.Live(a.Now()) {
		return v, commons.Errorf(commons.CodeConflict, "error.intent.closed")
	}
	if err := a.Store.SetIntentStatus(ctx, v.Intent, to, s.Actor.ID); err != nil {
		return v, err
	}
	return a.Intent(ctx, s, id)
}

// AnswerIntent answers an offer ("I need it") or a request ("I can"),
// for the actor or an organization they belong to; the intent's author is
// told in the same step.
func (a *App) AnswerIntent(ctx context.Context, s Scope, id, orgID, note string) (IntentView, error) {
	if err := s.Require(commons.ActionPostIntent); err != nil {
		return IntentView{}, err
	}
	v, err := a.Intent(ctx, s, id)
	if err != nil {
		return v, err
	}
	if !v.May.Answer {
		if !v.Live(a.Now()) {
			return v, commons.Errorf(commons.CodeConflict, "error.intent.closed")
		}
		return v, commons.Forbidden() // one's own, or one's organization's
	}
	note, orgID = strings.TrimSpace(note), strings.TrimSpace(orgID)
	var val commons.Validator
	val.Line("note", note, false, commons.MaxShortTextLen)
	if err := val.Err(); err != nil {
		return v, err
	}
	if err := a.checkIntentOwner(ctx, s, orgID); err != nil {
		return v, err
	}
	var notes []commons.Notification
	if v.CreatedBy != "" && v.CreatedBy != s.Actor.ID {
		notes = append(notes, commons.Notification{UserID: v.CreatedBy, CommunityID: s.Community.ID, Kind: commons.NotifyIntentAnswered,
			Args: map[string]string{"Who": s.Actor.Name, "Title": v.Title}, Link: intentLink(s.Community, v.ID)})
	}
	if err := a.Store.AnswerIntent(ctx, v.Intent, commons.IntentAnswer{UserID: s.Actor.ID, OrgID: orgID, Note: note}, notes); err != nil {
		return v, err
	}
	return a.Intent(ctx, s, id)
}
