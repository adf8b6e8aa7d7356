package app_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// "Taught an activity": the organizers of a series, once N of its
// sessions have ended; a rule on more sessions than it has can never
// fire and is refused.
func TestBadgeRuleTaught(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		l := newLearning(t, st, 1)
		acts := l.offer(t, nil, 3)
		s := scopeIn(t, l.a, &l.organizer, "cwm")
		f := commons.AchievementFields{Name: "Welsh tutor", Description: "Taught Welsh", Criteria: "Teach two sessions",
			For: commons.HoursForActivity, ForID: acts[0].ID, Rule: commons.BadgeRuleTaught, RuleN: 4}
		if _, err := l.a.CreateAchievement(ctx, s, f); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("teaching 4 sessions of 3: %v", err)
		}
		f.For, f.ForID, f.RuleN = "", "", 2
		if _, err := l.a.CreateAchievement(ctx, s, f); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a teaching rule without an activity: %v", err)
		}
		f.For, f.ForID = commons.HoursForActivity, acts[0].ID
		ach, err := l.a.CreateAchievement(ctx, s, f)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := l.a.ApplyBadgeRule(ctx, s, ach.ID); err != nil || n != 0 {
			t.Errorf("before any session ended: %d awarded, %v", n, err)
		}
		l.setClock(9 * 24 * time.Hour) // two weekly sessions have ended
		if n, err := l.a.ApplyBadgeRule(ctx, s, ach.ID); err != nil || n != 1 {
			t.Errorf("after two sessions: %d awarded, %v; want the organizer", n, err)
		}
		mine, err := l.a.MyAwards(ctx, s)
		if err != nil || len(mine) != 1 || mine[0].Evidence != "Taught 2 sessions: Welsh for beginners" && mine[0].Evidence != "Taught 2 sessions" {
			t.Errorf("the organizer's badge: %+v, %v", mine, err)
		}
		if mine, _ := l.a.MyAwards(ctx, scopeIn(t, l.a, &l.people[0], "cwm")); len(mine) != 0 {
			t.Errorf("a learner who taught nothing: %+v", mine)
		}
	})
}

// "Kept a commitment": the admins of an organization whose N commitments
// in the initiative's partnership were marked kept, awarded as the second
// is marked.
func TestBadgeRuleCommitment(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		founder := w.scope(t, "Founder")
		f := commons.AchievementFields{Name: "Good partner", Description: "Kept its word", Criteria: "Two commitments kept",
			For: commons.HoursForInitiative, ForID: w.init.ID, Rule: commons.BadgeRuleCommitment, RuleN: 101}
		if _, err := w.a.CreateAchievement(ctx, founder, f); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("101 commitments: %v", err)
		}
		f.RuleN = 2
		if _, err := w.a.CreateAchievement(ctx, founder, f); err != nil {
			t.Fatal(err)
		}
		prop := commons.PartnershipProposal{ReviewOn: w.a.Today(founder.Community), Parties: []commons.PartyProposal{
			{OrgID: w.orgID, Role: "Lends the hall", Commitments: []commons.CommitmentProposal{{Description: "Open the doors"}, {Description: "Heat the hall"}}}}}
		pv, err := w.a.ProposePartnership(ctx, founder, w.init.ID, prop)
		if err != nil {
			t.Fatal(err)
		}
		if pv, err = w.a.Sign(ctx, w.scope(t, "Ada"), pv.Partnership.ID, w.orgID, pv.Partnership.Version); err != nil {
			t.Fatal(err)
		}
		for i, c := range pv.Partnership.Current().Parties[0].Commitments {
			if _, err := w.a.SetCommitmentStatus(ctx, founder, c.ID, commons.CommitmentKept, ""); err != nil {
				t.Fatal(err)
			}
			mine, err := w.a.MyAwards(ctx, w.scope(t, "Ada"))
			if err != nil || len(mine) != i {
				t.Errorf("Ada's badges after %d commitments kept: %+v, %v", i+1, mine, err)
			}
		}
	})
}

// A badge is private to the community until its holder shows it: a
// visitor sees it on the profile only then, and only the holder chooses;
// the credential verifies either way. Its PNG carries the credential,
// which an independent JOSE library verifies against the published keys.
func TestBadgeShownPubliclyAndBakedPNG(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		founder := w.scope(t, "Founder")
		ach, err := w.a.CreateAchievement(ctx, founder, commons.AchievementFields{Name: "Helper", Description: "Helped", Criteria: "Help", Color: "#336699"})
		if err != nil {
			t.Fatal(err)
		}
		award, err := w.a.AwardBadge(ctx, founder, ach.ID, app.AwardFields{UserID: w.people["Helper"].ID})
		if err != nil {
			t.Fatal(err)
		}
		helper := w.scope(t, "Helper")
		if err := w.a.SetProfilePublic(ctx, helper, true); err != nil {
			t.Fatal(err)
		}
		seen := func(who string) int {
			list, err := w.a.ProfileBadges(ctx, w.scope(t, who), w.people["Helper"].ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		if seen("visitor") != 0 || seen("Editor") != 1 {
			t.Errorf("a private badge: the visitor sees %d, a member %d", seen("visitor"), seen("Editor"))
		}
		if err := w.a.SetAwardPublic(ctx, founder, award.ID, true); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("someone else showing Helper's badge: %v", err)
		}
		if err := w.a.SetAwardPublic(ctx, helper, award.ID, true); err != nil {
			t.Fatal(err)
		}
		if seen("visitor") != 1 || seen("Outsider") != 1 {
			t.Errorf("a public badge: the visitor sees %d, an outsider %d", seen("visitor"), seen("Outsider"))
		}
		if v, err := w.a.VerifyCredential(ctx, w.scope(t, "visitor"), award.Credential, ""); err != nil || !v.Valid {
			t.Errorf("the credential of a public badge: %+v, %v", v, err)
		}
		if err := w.a.SetProfilePublic(ctx, helper, false); err != nil {
			t.Fatal(err)
		}
		if seen("visitor") != 0 {
			t.Error("a public badge of a person whose profile is private again")
		}

		// Baked into PNG: the credential comes back out and verifies
		// with golang-jwt against the published keys.
		baked, err := w.a.BakedPNG(ctx, ach, award.Credential)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(baked)); err != nil {
			t.Fatalf("the baked PNG does not decode: %v", err)
		}
		jwt, err := encode.PNGCredential(baked)
		if err != nil || jwt != award.Credential {
			t.Fatalf("the credential from the PNG: %v", err)
		}
		if _, err := verifyIndependently(jwt, publishedKeys(t, w)); err != nil {
			t.Errorf("golang-jwt refuses the credential from the PNG: %v", err)
		}

		// An uploaded image: too big, not an image, then a real one, which
		// the baked PNG then shows.
		if err := w.a.SetAchievementImage(ctx, founder, ach.ID, make([]byte, app.MaxAchievementImageBytes+1)); commons.CodeOf(err) != commons.CodeTooLarge {
			t.Errorf("an image over 2 MiB: %v", err)
		}
		if err := w.a.SetAchievementImage(ctx, founder, ach.ID, []byte("<svg/>")); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("not an image: %v", err)
		}
		src := image.NewNRGBA(image.Rect(0, 0, 600, 300))
		for x := range 600 {
			for y := range 300 {
				src.SetNRGBA(x, y, color.NRGBA{200, 10, 10, 255})
			}
		}
		var up bytes.Buffer
		if err := png.Encode(&up, src); err != nil {
			t.Fatal(err)
		}
		if err := w.a.SetAchievementImage(ctx, helper, ach.ID, up.Bytes()); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member uploading: %v", err)
		}
		if err := w.a.SetAchievementImage(ctx, founder, ach.ID, up.Bytes()); err != nil {
			t.Fatal(err)
		}
		baked, err = w.a.BakedPNG(ctx, ach, award.Credential)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(baked))
		if err != nil || img.Bounds().Dx() != 240 || img.Bounds().Dy() != 120 {
			t.Fatalf("the uploaded image, fitted: %v, %v", img.Bounds(), err)
		}
		if got, err := encode.PNGCredential(baked); err != nil || got != award.Credential {
			t.Errorf("the credential baked into the uploaded image: %v", err)
		}
	})
}
