package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Who may invite, and what an invitation lets in: editors invite into the
// community, an organization's admins into their organization; a link
// lets in as many as it says until it expires; whoever accepts is an
// active member at once (a waiting application is admitted), and a
// member of the organization too.
func TestInvitations(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, smtpd, setClock := confirmingApp(t, st)
		a.ConfirmEmail = false
		founder := signUp(t, a, "Carys", "en")
		c, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm", RequiresApplication: true})
		if err != nil {
			t.Fatal(err)
		}
		member := signUp(t, a, "Dai", "en")
		if _, err := a.Join(ctx, scopeIn(t, a, &member, "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
		if err := a.DecideApplication(ctx, scopeIn(t, a, &founder, "cwm"), member.ID, true); err != nil {
			t.Fatal(err)
		}
		org, err := a.CreateOrganization(ctx, scopeIn(t, a, &member, "cwm"), commons.OrganizationFields{Name: "Choir", Sector: commons.SectorNGO})
		if err != nil {
			t.Fatal(err)
		}

		// A plain member invites no one into the community, but into the
		// organization they run; the founder (an editor) invites.
		_, _, err = a.Invite(ctx, scopeIn(t, a, &member, "cwm"), commons.NewInvitation{MaxUses: 3})
		codeOf(t, err, commons.CodeForbidden, "")
		if s := scopeIn(t, a, &member, "cwm"); s.May.Invite {
			t.Error("a member's May says they may invite")
		}
		_, _, err = a.Invite(ctx, scopeIn(t, a, &founder, "cwm"), commons.NewInvitation{OrganizationID: org.ID})
		codeOf(t, err, commons.CodeForbidden, "")
		_, _, err = a.Invite(ctx, scopeIn(t, a, &founder, "cwm"), commons.NewInvitation{MaxUses: 501})
		codeOf(t, err, commons.CodeInvalid, "")

		link, inv, err := a.Invite(ctx, scopeIn(t, a, &founder, "cwm"), commons.NewInvitation{MaxUses: 2, Days: 1})
		if err != nil || inv.MaxUses != 2 {
			t.Fatalf("link: %+v %v", inv, err)
		}
		// An applicant waiting is admitted by accepting.
		applicant := signUp(t, a, "Eira", "en")
		if _, err := a.Join(ctx, scopeIn(t, a, &applicant, "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
		for _, who := range []*commons.User{&applicant, &founder} {
			got, err := a.AcceptInvitation(ctx, who, link)
			if err != nil || got.ID != c.ID {
				t.Fatalf("accept: %v %v", got, err)
			}
		}
		if s := scopeIn(t, a, &applicant, "cwm"); !s.May.ReadMembersOnly {
			t.Fatal("the applicant who accepted is not an active member")
		}
		third := signUp(t, a, "Ffion", "en")
		_, err = a.AcceptInvitation(ctx, &third, link)
		codeOf(t, err, commons.CodeNotFound, "error.invitation_gone")

		// By mail, into the organization, from its admin.
		sent := len(smtpd.Mails())
		_, inv, err = a.Invite(ctx, scopeIn(t, a, &member, "cwm"), commons.NewInvitation{OrganizationID: org.ID, Email: "gwen@example.org", MaxUses: 9})
		if err != nil || inv.MaxUses != 1 {
			t.Fatalf("by mail: %+v %v", inv, err)
		}
		ms := mailsTo(t, a, smtpd, sent, "gwen@example.org")
		if len(ms) != 1 || !strings.Contains(ms[0].Subject, "Dai invites you to Choir") || strings.Contains(ms[0].Header.Get("To"), "Dai") {
			t.Fatalf("invitation mail: %+v", ms)
		}
		secret := linkIn(t, ms[0], "/invitations/")
		gwen := signUp(t, a, "Gwen", "en")
		if info, err := a.InvitationByLink(ctx, &gwen, secret); err != nil || info.Invitation.OrganizationName != "Choir" || info.Member {
			t.Fatalf("info: %+v %v", info, err)
		}
		if _, err := a.AcceptInvitation(ctx, &gwen, secret); err != nil {
			t.Fatal(err)
		}
		if role, err := st.OrgRole(ctx, c.ID, org.ID, gwen.ID); err != nil || role != commons.OrgMember {
			t.Fatalf("organization role: %q %v", role, err)
		}

		// Expired after its days; withdrawn by whoever made it.
		link, _, _ = a.Invite(ctx, scopeIn(t, a, &founder, "cwm"), commons.NewInvitation{MaxUses: 5, Days: 1})
		setClock(25 * time.Hour)
		_, err = a.InvitationByLink(ctx, &third, link)
		codeOf(t, err, commons.CodeNotFound, "error.invitation_gone")
		_, err = a.AcceptInvitation(ctx, &third, link)
		codeOf(t, err, commons.CodeNotFound, "error.invitation_gone")
		invs, err := a.Invitations(ctx, scopeIn(t, a, &founder, "cwm"))
		if err != nil || len(invs) != 3 {
			t.Fatalf("list: %d %v", len(invs), err)
		}
		codeOf(t, a.WithdrawInvitation(ctx, scopeIn(t, a, &third, "cwm"), invs[0].ID), commons.CodeForbidden, "")
		if err := a.WithdrawInvitation(ctx, scopeIn(t, a, &founder, "cwm"), invs[0].ID); err != nil {
			t.Fatal(err)
		}
	})
}
