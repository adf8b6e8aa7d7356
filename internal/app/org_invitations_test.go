package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// An organization's admin invites a member by name; the member is told,
// sees the invitation on the organization's page and accepts or
// declines; the admin sees it waiting and may withdraw it; nobody else
// answers it.
func TestOrganizationInvitations(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		m := newModerated(t, newApp(t, st, mailtest.New(t)))
		o, err := m.a.CreateOrganization(ctx, m.scope(t, "founder"), commons.OrganizationFields{Name: "Choir Council", Sector: commons.SectorPublicAuthority})
		if err != nil {
			t.Fatal(err)
		}
		member := m.people["member"]
		byName := app.Picked{Field: "invitee", Name: "Member"}
		if _, _, err := m.a.InviteToOrganization(ctx, m.scope(t, "editor"), o.ID, byName, commons.OrgMember); commons.CodeOf(err) != commons.CodeForbidden {
			t.Fatalf("a non-admin invites: %v", err)
		}
		if _, _, err := m.a.InviteToOrganization(ctx, m.scope(t, "founder"), o.ID, app.Picked{Field: "invitee", Name: "Nobody at all"}, commons.OrgMember); commons.CodeOf(err) != commons.CodeInvalid {
			t.Fatalf("an unknown name: %v", err)
		}
		inv, _, err := m.a.InviteToOrganization(ctx, m.scope(t, "founder"), o.ID, byName, commons.OrgMember)
		if err != nil || inv.UserID != member.ID {
			t.Fatalf("invite: %+v %v", inv, err)
		}
		if _, _, err := m.a.InviteToOrganization(ctx, m.scope(t, "founder"), o.ID, byName, commons.OrgMember); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("invited twice: %v", err)
		}
		ns, _, err := m.a.Notifications(ctx, member, commons.Page{})
		if err != nil || len(ns) == 0 || ns[0].Kind != commons.NotifyOrgInvited || ns[0].Link != "/c/cwm/organizations/"+o.ID+"#invitation" {
			t.Fatalf("the member is told: %+v %v", ns, err)
		}
		if ov, err := m.a.OrgInvitationsFor(ctx, m.scope(t, "founder"), o.ID); err != nil || len(ov.Waiting) != 1 || !ov.May.Invite || ov.Mine != nil {
			t.Fatalf("the admin's view: %+v %v", ov, err)
		}
		if ov, err := m.a.OrgInvitationsFor(ctx, m.scope(t, "member"), o.ID); err != nil || ov.Mine == nil || len(ov.Waiting) != 0 || ov.May.Invite {
			t.Fatalf("the member's view: %+v %v", ov, err)
		}
		if err := m.a.AnswerOrgInvitation(ctx, m.scope(t, "steward"), o.ID, inv.ID, true); commons.CodeOf(err) != commons.CodeNotFound {
			t.Fatalf("another accepts: %v", err)
		}
		if err := m.a.WithdrawOrgInvitation(ctx, m.scope(t, "member"), o.ID, inv.ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Fatalf("the invited withdraws: %v", err)
		}
		if err := m.a.AnswerOrgInvitation(ctx, m.scope(t, "member"), o.ID, inv.ID, false); err != nil {
			t.Fatalf("decline: %v", err)
		}
		if err := m.a.AnswerOrgInvitation(ctx, m.scope(t, "member"), o.ID, inv.ID, true); commons.CodeOf(err) != commons.CodeNotFound {
			t.Fatalf("accept a declined one: %v", err)
		}
		inv, _, err = m.a.InviteToOrganization(ctx, m.scope(t, "founder"), o.ID, byName, commons.OrgAdmin)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.a.WithdrawOrgInvitation(ctx, m.scope(t, "founder"), o.ID, inv.ID); err != nil {
			t.Fatalf("withdraw: %v", err)
		}
		if mine, err := m.a.MyOrgInvitations(ctx, m.scope(t, "member")); err != nil || len(mine) != 0 {
			t.Fatalf("withdrawn, still shown: %+v %v", mine, err)
		}
		inv, _, err = m.a.InviteToOrganization(ctx, m.scope(t, "founder"), o.ID, app.Picked{Field: "invitee", ID: member.ID}, commons.OrgMember)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.a.AnswerOrgInvitation(ctx, m.scope(t, "member"), o.ID, inv.ID, true); err != nil {
			t.Fatalf("accept: %v", err)
		}
		ov, err := m.a.Organization(ctx, m.scope(t, "member"), o.ID)
		if err != nil {
			t.Fatal(err)
		}
		joined := false
		for _, p := range ov.People {
			joined = joined || (p.UserID == member.ID && p.Role == commons.OrgMember)
		}
		if !joined {
			t.Fatalf("accepted, not in: %+v", ov.People)
		}
		if _, _, err := m.a.InviteToOrganization(ctx, m.scope(t, "founder"), o.ID, byName, commons.OrgMember); commons.CodeOf(err) != commons.CodeInvalid {
			t.Fatalf("invite someone in already: %v", err)
		}
	})
}
