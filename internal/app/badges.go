package app

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/store"
)

// Media types of a credential: as JSON-LD, and as a VC-JWT (VC-JOSE-COSE).
const (
	MediaJSONLD = "application/ld+json"
	MediaVCJWT  = "application/vc+jwt"
)

// badgeLinks are the stable addresses of a community's Open Badges, under
// the site's public address: verifiers fetch them without an account.
func (a *App) badgeLinks(c commons.Community, achievementID, awardID string) encode.BadgeLinks {
	base := strings.TrimRight(a.PublicURL, "/")
	home := base + "/c/" + c.Slug
	return encode.BadgeLinks{Credential: base + "/credentials/" + awardID, Issuer: home + "/issuer", IssuerName: c.Name, IssuerURL: home,
		Achievement: home + "/achievements/" + achievementID, Image: home + "/achievements/" + achievementID + "/image.svg",
		StatusList: home + "/credentials/status"}
}

// JWKSLink is where a community's public keys are published.
func (a *App) JWKSLink(c commons.Community) string {
	return strings.TrimRight(a.PublicURL, "/") + "/c/" + c.Slug + "/issuer/jwks.json"
}

// communityKey is the community's signing key, made (Ed25519) and saved
// on first use.
func (a *App) communityKey(ctx context.Context, c commons.Community) (jose.JSONWebKey, error) {
	_, raw, err := a.Store.CommunityKey(ctx, c.ID, func() (string, string, error) {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return "", "", err
		}
		k := jose.JSONWebKey{Key: priv, Algorithm: string(jose.EdDSA), Use: "sig"}
		thumb, err := k.Thumbprint(crypto.SHA256) // RFC 7638
		if err != nil {
			return "", "", err
		}
		k.KeyID = hex.EncodeToString(thumb[:8])
		b, err := k.MarshalJSON()
		return k.KeyID, string(b), err
	})
	if err != nil {
		return jose.JSONWebKey{}, err
	}
	var k jose.JSONWebKey
	if err := k.UnmarshalJSON([]byte(raw)); err != nil {
		return k, commons.Internal(fmt.Errorf("community key: %w", err))
	}
	return k, nil
}

// JWKS is the community's public keys, for verifiers.
func (a *App) JWKS(ctx context.Context, s Scope) (jose.JSONWebKeySet, error) {
	k, err := a.communityKey(ctx, s.Community)
	if err != nil {
		return jose.JSONWebKeySet{}, err
	}
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{k.Public()}}, nil
}

// IssuerProfile is the community as an Open Badges issuer.
func (a *App) IssuerProfile(s Scope) map[string]any {
	return encode.IssuerProfile(a.badgeLinks(s.Community, "", ""), a.JWKSLink(s.Community))
}

// sign signs a credential's JSON as a VC-JWT with the community's key.
func sign(k jose.JSONWebKey, claims map[string]any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: k},
		(&jose.SignerOptions{}).WithType("vc+jwt").WithHeader("cty", "vc"))
	if err != nil {
		return "", err
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

// AchievementView is an achievement with its awards as the reader may see
// them, and what the reader may do.
type AchievementView struct {
	commons.Achievement
	Awards []commons.Award
	May    AchievementMay
}

// AchievementMay answers the rules about one achievement for the reader.
type AchievementMay struct {
	// Award by hand (commons.MayAwardBadge, to someone else); Manage:
	// apply its rule now and revoke awards (commons.MayManageBadges).
	Award, Manage bool
}

// Achievements lists a community's achievements; they are public.
func (a *App) Achievements(ctx context.Context, s Scope) ([]commons.Achievement, bool, error) {
	list, err := a.Store.Achievements(ctx, s.Community.ID)
	return list, commons.MayManageBadges(s.Member), err
}

// achievementIn finds an achievement of the scope's community.
func (a *App) achievementIn(ctx context.Context, s Scope, id string) (commons.Achievement, error) {
	ach, err := a.Store.AchievementByID(ctx, id)
	if err == nil && ach.CommunityID != s.Community.ID {
		return commons.Achievement{}, commons.NotFound()
	}
	return ach, err
}

// answersForAchievement finds whether the actor answers for what an
// achievement is about (its initiative's team, its activity's organizers).
func (a *App) answersForAchievement(ctx context.Context, s Scope, ach commons.Achievement) (bool, error) {
	if s.Actor == nil || ach.ForID == "" {
		return false, nil
	}
	// An activity achievement names its series by the first occurrence's
	// id, which is the series id: those who run that occurrence answer.
	return a.answersForHours(ctx, s, commons.HourEntry{For: ach.For, ForID: ach.ForID})
}

// Achievement returns one achievement with its awards; the awards carry
// names only for readers who may see them (commons.MayShowPerson).
func (a *App) Achievement(ctx context.Context, s Scope, id string) (AchievementView, error) {
	ach, err := a.achievementIn(ctx, s, id)
	if err != nil {
		return AchievementView{}, err
	}
	v := AchievementView{Achievement: ach}
	answers, err := a.answersForAchievement(ctx, s, ach)
	if err != nil {
		return v, err
	}
	v.May = AchievementMay{Award: commons.MayAwardBadge(s.Member, answers, s.ActorID(), ""), Manage: commons.MayManageBadges(s.Member)}
	if v.Awards, err = a.Store.Awards(ctx, s.Community.ID, ach.ID, ""); err != nil {
		return v, err
	}
	ids := make([]string, len(v.Awards))
	for i, aw := range v.Awards {
		ids[i] = aw.UserID
	}
	people, err := a.people(ctx, s, ids...)
	if err != nil {
		return v, err
	}
	for i := range v.Awards {
		v.Awards[i].Credential = ""
		people.name(v.Awards[i].UserID, &v.Awards[i].UserName)
	}
	return v, nil
}

// CreateAchievement defines an achievement; the community's editors. A
// rule that can never fire is refused.
func (a *App) CreateAchievement(ctx context.Context, s Scope, f commons.AchievementFields) (commons.Achievement, error) {
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return commons.Achievement{}, err
	}
	f.Normalize()
	themes, err := a.Store.CommunityThemes(ctx, s.Community.ID)
	if err != nil {
		return commons.Achievement{}, err
	}
	sessions := 0
	unknown := invalid("for_id", commons.Msg("error.hours.unknown_target"))
	switch f.For {
	case commons.HoursForInitiative:
		if _, err := a.initiativeIn(ctx, s, f.ForID); commons.CodeOf(err) == commons.CodeNotFound {
			return commons.Achievement{}, unknown
		} else if err != nil {
			return commons.Achievement{}, err
		}
	case commons.HoursForActivity:
		act, err := a.activityIn(ctx, s, f.ForID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return commons.Achievement{}, unknown
		} else if err != nil {
			return commons.Achievement{}, err
		}
		f.ForID = act.SeriesID
		if sessions, err = a.Store.SeriesSessions(ctx, s.Community.ID, act.SeriesID); err != nil {
			return commons.Achievement{}, err
		}
	}
	var v commons.Validator
	f.Validate(&v, themes, sessions)
	if err := v.Err(); err != nil {
		return commons.Achievement{}, err
	}
	return a.Store.CreateAchievement(ctx, commons.Achievement{CommunityID: s.Community.ID, Name: f.Name, Description: f.Description,
		Criteria: f.Criteria, Color: f.Color, Themes: f.Themes, For: f.For, ForID: f.ForID, Rule: f.Rule, RuleN: f.RuleN, CreatedBy: s.Actor.ID})
}

// AwardFields are what a person awarding by hand says.
type AwardFields struct {
	UserID, Evidence, EvidenceURL string
}

// AwardBadge awards an achievement by hand (commons.MayAwardBadge) to an
// active member, issuing the signed credential at once; they hear of it.
func (a *App) AwardBadge(ctx context.Context, s Scope, achievementID string, f AwardFields) (commons.Award, error) {
	if s.Actor == nil {
		return commons.Award{}, commons.Unauthenticated()
	}
	ach, err := a.achievementIn(ctx, s, achievementID)
	if err != nil {
		return commons.Award{}, err
	}
	answers, err := a.answersForAchievement(ctx, s, ach)
	if err != nil {
		return commons.Award{}, err
	}
	f.UserID, f.Evidence, f.EvidenceURL = strings.TrimSpace(f.UserID), strings.TrimSpace(f.Evidence), strings.TrimSpace(f.EvidenceURL)
	if !commons.MayAwardBadge(s.Member, answers, s.Actor.ID, f.UserID) {
		if f.UserID == s.Actor.ID && (answers || commons.MayManageBadges(s.Member)) {
			return commons.Award{}, commons.Errorf(commons.CodeForbidden, "error.badge.own")
		}
		return commons.Award{}, commons.Forbidden()
	}
	var v commons.Validator
	v.Text("evidence", f.Evidence, false, commons.MaxBadgeCriteriaLen)
	if f.EvidenceURL != "" {
		v.URL("evidence_url", f.EvidenceURL)
	}
	if err := v.Err(); err != nil {
		return commons.Award{}, err
	}
	m, err := a.Store.Member(ctx, s.Community.ID, f.UserID)
	if commons.CodeOf(err) == commons.CodeNotFound || (err == nil && !commons.IsActiveMember(&m)) {
		return commons.Award{}, invalid("user_id", commons.Msg("error.hours.not_member"))
	}
	if err != nil {
		return commons.Award{}, err
	}
	return a.issue(ctx, s.Community, ach, f.UserID, s.Actor.ID, f.Evidence, f.EvidenceURL)
}

// issue signs and saves an award.
func (a *App) issue(ctx context.Context, c commons.Community, ach commons.Achievement, userID, by, evidence, evidenceURL string) (commons.Award, error) {
	u, err := a.Store.UserByID(ctx, userID)
	if err != nil {
		return commons.Award{}, err
	}
	k, err := a.communityKey(ctx, c)
	if err != nil {
		return commons.Award{}, err
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	sub := encode.Subject{Salt: hex.EncodeToString(salt)}
	sub.EmailHash = emailHash(u.Email, sub.Salt)
	w := commons.Award{CommunityID: c.ID, AchievementID: ach.ID, UserID: userID, AwardedBy: by, Evidence: evidence, EvidenceURL: evidenceURL}
	return a.Store.Award(ctx, store.NewAward{Award: w,
		Sign: func(w commons.Award) (string, error) {
			return sign(k, encode.OpenBadgeCredential(ach, w, sub, a.badgeLinks(c, ach.ID, w.ID)))
		},
		Notify: commons.Notification{UserID: userID, CommunityID: c.ID, Kind: commons.NotifyBadgeAwarded,
			Args: map[string]string{"Badge": ach.Name}, Link: "/c/" + c.Slug + "/achievements/" + ach.ID}})
}

// emailHash is Open Badges' hashed identity: sha256 of the address (as
// kept, in lower case) and the salt, in hex.
func emailHash(email, salt string) string {
	sum := sha256.Sum256([]byte(commons.EmailKey(email) + salt))
	return hex.EncodeToString(sum[:])
}

// ApplyBadgeRule awards an achievement by its rule to everyone who
// qualifies and does not hold it yet; editors ask for it, and confirmed
// hours ask for it on their own. It returns how many it awarded.
func (a *App) ApplyBadgeRule(ctx context.Context, s Scope, achievementID string) (int, error) {
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return 0, err
	}
	ach, err := a.achievementIn(ctx, s, achievementID)
	if err != nil {
		return 0, err
	}
	return a.applyRule(ctx, s.Community, ach, nil)
}

// applyRule awards ach by its rule to those who qualify (among only, when
// given).
func (a *App) applyRule(ctx context.Context, c commons.Community, ach commons.Achievement, only []string) (int, error) {
	var who []string
	var err error
	switch ach.Rule {
	case commons.BadgeRuleHours:
		who, err = a.Store.HoursGivers(ctx, c.ID, ach.For, ach.ForID, ach.RuleN*60)
	case commons.BadgeRuleSessions:
		who, err = a.Store.SeriesAttendees(ctx, c.ID, ach.ForID, ach.RuleN, a.Now())
	case commons.BadgeRuleTaught:
		who, err = a.Store.SeriesTeachers(ctx, c.ID, ach.ForID, ach.RuleN, a.Now())
	case commons.BadgeRuleCommitment:
		who, err = a.Store.CommitmentKeepers(ctx, c.ID, ach.ForID, ach.RuleN)
	default:
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, uid := range who {
		if only != nil && !slices.Contains(only, uid) {
			continue
		}
		evidence := "Gave " + strconv.Itoa(ach.RuleN) + " confirmed volunteer hours"
		switch ach.Rule {
		case commons.BadgeRuleSessions:
			evidence = "Attended " + strconv.Itoa(ach.RuleN) + " sessions"
		case commons.BadgeRuleTaught:
			evidence = "Taught " + strconv.Itoa(ach.RuleN) + " sessions"
		case commons.BadgeRuleCommitment:
			evidence = "Kept " + strconv.Itoa(ach.RuleN) + " partnership commitments"
		}
		if ach.ForName != "" {
			evidence += ": " + ach.ForName
		}
		_, err := a.issue(ctx, c, ach, uid, "", evidence, a.evidenceLink(c, ach))
		switch commons.CodeOf(err) {
		case "":
			n++
		case commons.CodeConflict: // held already
		default:
			return n, err
		}
	}
	return n, nil
}

// evidenceLink is the public page of what an achievement is about: the
// initiative, or the activity series' first occurrence. People's own
// hours are not public, so the link is to the thing, not to them.
func (a *App) evidenceLink(c commons.Community, ach commons.Achievement) string {
	base := strings.TrimRight(a.PublicURL, "/")
	switch ach.For {
	case commons.HoursForInitiative:
		return base + initiativeLink(c, ach.ForID)
	case commons.HoursForActivity:
		return base + commons.PagePath(commons.SubjectActivity, c.Slug, ach.ForID)
	}
	return ""
}

// awardByRule applies the community's rules of one kind for the given
// people, on its own after what qualified them (confirmed hours, a
// commitment kept). What qualified them stands on its own: a failure here
// is logged and left for an editor's "apply the rule now".
func (a *App) awardByRule(ctx context.Context, c commons.Community, rule commons.BadgeRule, userIDs []string) {
	list, err := a.Store.Achievements(ctx, c.ID)
	for _, ach := range list {
		if ach.Rule == rule && err == nil {
			_, err = a.applyRule(ctx, c, ach, userIDs)
		}
	}
	if err != nil {
		a.Log.Error("badges by rule", "community", c.Slug, "rule", rule, "err", err)
	}
}

// awardByHours applies the community's hours rules for people whose hours
// were just confirmed. Their confirmation stands on its own: a failure here
// is logged and left for an editor's "apply the rule now".
func (a *App) awardByHours(ctx context.Context, c commons.Community, userIDs []string) {
	list, err := a.Store.Achievements(ctx, c.ID)
	for _, ach := range list {
		if ach.Rule == commons.BadgeRuleHours && err == nil {
			_, err = a.applyRule(ctx, c, ach, userIDs)
		}
	}
	if err != nil {
		a.Log.Error("badges by hours", "community", c.Slug, "err", err)
	}
}

// RevokeAward revokes an award; the community's editors. Verifiers learn
// it from the status list.
func (a *App) RevokeAward(ctx context.Context, s Scope, awardID string) error {
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return err
	}
	w, err := a.Store.AwardByID(ctx, awardID)
	if err == nil && w.CommunityID != s.Community.ID {
		err = commons.NotFound()
	}
	if err != nil {
		return err
	}
	return a.Store.RevokeAward(ctx, w)
}

// CredentialView is an award as its public page and its downloads show it.
type CredentialView struct {
	Award       commons.Award
	Achievement commons.Achievement
	// JSON is the credential as JSON-LD, exactly the signed payload.
	JSON []byte
}

// Credential returns an award's credential: public to whoever has its
// address, as the holder shares it; it names no one.
func (a *App) Credential(ctx context.Context, s Scope, awardID string) (CredentialView, error) {
	w, err := a.Store.AwardByID(ctx, awardID)
	if err == nil && w.CommunityID != s.Community.ID {
		err = commons.NotFound()
	}
	if err != nil {
		return CredentialView{}, err
	}
	ach, err := a.Store.AchievementByID(ctx, w.AchievementID)
	if err != nil {
		return CredentialView{}, err
	}
	w.UserName = ""
	v := CredentialView{Award: w, Achievement: ach}
	jws, err := jose.ParseSignedCompact(w.Credential, []jose.SignatureAlgorithm{jose.EdDSA, jose.ES256})
	if err != nil {
		return v, commons.Internal(err)
	}
	v.JSON = jws.UnsafePayloadWithoutVerification() // Commons signed it; verifiers check it themselves
	return v, nil
}

// MyAwards lists the actor's own badges in the community, with their
// credentials.
func (a *App) MyAwards(ctx context.Context, s Scope) ([]commons.Award, error) {
	if s.Actor == nil {
		return nil, commons.Unauthenticated()
	}
	return a.Store.Awards(ctx, s.Community.ID, "", s.Actor.ID)
}

// StatusListJWT is the community's revocation list, signed.
func (a *App) StatusListJWT(ctx context.Context, s Scope) (string, map[string]any, error) {
	revoked, err := a.Store.RevokedIndexes(ctx, s.Community.ID)
	if err != nil {
		return "", nil, err
	}
	l := a.badgeLinks(s.Community, "", "")
	cred, err := encode.StatusList(l.StatusList, l.Issuer, revoked, a.Now().Truncate(time.Second))
	if err != nil {
		return "", nil, commons.Internal(err)
	}
	k, err := a.communityKey(ctx, s.Community)
	if err != nil {
		return "", nil, err
	}
	jwt, err := sign(k, cred)
	return jwt, cred, err
}

// Verification is what the verification page found of a credential.
type Verification struct {
	Valid bool
	// Problems say, in the reader's words, why it is not valid.
	Problems    []commons.Message
	Name        string // the achievement's
	Description string
	Issuer      string
	IssuedAt    time.Time
	Revoked     bool
	// EmailChecked and EmailMatches: whether an address was given, and
	// whether the credential was issued to it.
	EmailChecked, EmailMatches bool
}

// VerifyCredential checks a VC-JWT presented to the community's
// verification page: signed by the community's key (published in its
// JWKS), naming the community as issuer, an OpenBadgeCredential, in force,
// and not revoked in the community's status list. Anything forged or
// tampered with is invalid; nothing about it is trusted before its
// signature is.
func (a *App) VerifyCredential(ctx context.Context, s Scope, token, email string) (Verification, error) {
	var out Verification
	token = strings.TrimSpace(token)
	if token == "" {
		return out, invalid("credential", commons.Msg("error.field.required"))
	}
	fail := func(key string) (Verification, error) {
		out.Valid = false
		out.Problems = append(out.Problems, commons.Msg(key))
		return out, nil
	}
	jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{jose.EdDSA, jose.ES256})
	if err != nil || len(jws.Signatures) != 1 {
		return fail("verify.not_jwt")
	}
	keys, err := a.JWKS(ctx, s)
	if err != nil {
		return out, err
	}
	kid := jws.Signatures[0].Header.KeyID
	matching := keys.Key(kid)
	if len(matching) == 0 {
		return fail("verify.unknown_key")
	}
	payload, err := jws.Verify(matching[0])
	if err != nil {
		return fail("verify.bad_signature")
	}
	var c struct {
		Type      []string `json:"type"`
		Name      string   `json:"name"`
		Issuer    struct{ ID, Name string }
		ValidFrom string `json:"validFrom"`
		Until     string `json:"validUntil"`
		Subject   struct {
			Identifier []struct {
				IdentityHash string `json:"identityHash"`
				Salt         string `json:"salt"`
			} `json:"identifier"`
			Achievement struct {
				Name, Description string
			} `json:"achievement"`
		} `json:"credentialSubject"`
		Status struct {
			Index string `json:"statusListIndex"`
			List  string `json:"statusListCredential"`
		} `json:"credentialStatus"`
	}
	if err := json.Unmarshal(payload, &c); err != nil {
		return fail("verify.not_badge")
	}
	l := a.badgeLinks(s.Community, "", "")
	out.Name, out.Description, out.Issuer = c.Subject.Achievement.Name, c.Subject.Achievement.Description, c.Issuer.Name
	out.IssuedAt, _ = time.Parse(time.RFC3339, c.ValidFrom)
	out.Valid = true
	if !slices.Contains(c.Type, "OpenBadgeCredential") || c.Issuer.ID != l.Issuer {
		out.Valid, out.Problems = false, append(out.Problems, commons.Msg("verify.not_badge"))
	}
	now := a.Now()
	if out.IssuedAt.IsZero() || out.IssuedAt.After(now) {
		out.Valid, out.Problems = false, append(out.Problems, commons.Msg("verify.not_yet"))
	}
	if until, err := time.Parse(time.RFC3339, c.Until); err == nil && until.Before(now) {
		out.Valid, out.Problems = false, append(out.Problems, commons.Msg("verify.expired"))
	}
	idx, err := strconv.Atoi(c.Status.Index)
	if err != nil || c.Status.List != l.StatusList {
		out.Valid, out.Problems = false, append(out.Problems, commons.Msg("verify.no_status"))
	} else {
		revoked, err := a.Store.RevokedIndexes(ctx, s.Community.ID)
		if err != nil {
			return out, err
		}
		if slices.Contains(revoked, idx) {
			out.Valid, out.Revoked, out.Problems = false, true, append(out.Problems, commons.Msg("verify.revoked"))
		}
	}
	if email = strings.TrimSpace(email); email != "" {
		out.EmailChecked = true
		for _, id := range c.Subject.Identifier {
			if id.IdentityHash == "sha256$"+emailHash(email, id.Salt) {
				out.EmailMatches = true
			}
		}
	}
	return out, nil
}

// BakedSVG is an award's image with its signed credential baked in, as
// Open Badges 3.0 bakes a VC-JWT into SVG.
func BakedSVG(ach commons.Achievement, jwt string) []byte {
	svg := string(encode.BadgeSVG(ach.Name, ach.Color))
	svg = strings.Replace(svg, `<svg xmlns="http://www.w3.org/2000/svg"`,
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`, 1)
	return []byte(strings.Replace(svg, "</svg>", "<openbadges:credential><![CDATA["+jwt+"]]></openbadges:credential></svg>", 1))
}

// ShownBadge is a badge as a person's profile shows it.
type ShownBadge struct {
	Award       commons.Award
	Achievement commons.Achievement
}

// ProfileBadges lists the badges a reader sees on a person's profile:
// members of the community see every badge the person holds (not
// revoked); others only those the person chose to show publicly, and only
// when they may see the person at all (commons.MayShowPerson). The
// credentials stay out: each badge links to its credential page.
func (a *App) ProfileBadges(ctx context.Context, s Scope, userID string) ([]ShownBadge, error) {
	p, err := a.people(ctx, s, userID)
	if err != nil || !p.shows(userID) {
		return nil, err
	}
	var list []commons.Award
	if s.May.ReadMembersOnly {
		all, err := a.Store.Awards(ctx, s.Community.ID, "", userID)
		if err != nil {
			return nil, err
		}
		list = slices.DeleteFunc(all, func(w commons.Award) bool { return w.Revoked })
	} else if list, err = a.Store.PublicAwards(ctx, s.Community.ID, userID); err != nil {
		return nil, err
	}
	out := make([]ShownBadge, 0, len(list))
	for _, w := range list {
		ach, err := a.Store.AchievementByID(ctx, w.AchievementID)
		if err != nil {
			return nil, err
		}
		w.Credential = ""
		out = append(out, ShownBadge{Award: w, Achievement: ach})
	}
	return out, nil
}

// SetAwardPublic shows a badge on its holder's public profile, or keeps it
// to the community (the default); only the holder chooses. The credential
// verifies the same either way.
func (a *App) SetAwardPublic(ctx context.Context, s Scope, awardID string, public bool) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	w, err := a.Store.AwardByID(ctx, awardID)
	if err == nil && w.CommunityID != s.Community.ID {
		err = commons.NotFound()
	}
	if err != nil {
		return err
	}
	if w.UserID != s.Actor.ID {
		return commons.Errorf(commons.CodeForbidden, "error.badge.not_yours")
	}
	return a.Store.SetAwardPublic(ctx, s.Community.ID, w.ID, public)
}

// MaxAchievementImageBytes bounds an uploaded achievement image.
const MaxAchievementImageBytes = 2 << 20

// achievementImageSide is the side of the square an uploaded image is
// fitted into.
const achievementImageSide = 240

// SetAchievementImage replaces the drawn image of an achievement with an
// uploaded one (the community's editors): a PNG, JPEG or WebP of at most
// 2 MiB, decoded, fitted into 240 × 240 pixels and kept as PNG, so that
// whatever else the file carried is dropped and badges can be baked into
// it.
func (a *App) SetAchievementImage(ctx context.Context, s Scope, achievementID string, data []byte) error {
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return err
	}
	ach, err := a.achievementIn(ctx, s, achievementID)
	if err != nil {
		return err
	}
	if len(data) > MaxAchievementImageBytes {
		return commons.Errorf(commons.CodeTooLarge, "error.too_large", "Limit", "2 MiB")
	}
	select {
	case a.decodeSlots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	out, err := fittedPNG(data, achievementImageSide)
	<-a.decodeSlots
	if err != nil {
		return err
	}
	return a.Store.SetAchievementImage(ctx, s.Community.ID, ach.ID, out)
}

// AchievementImage returns an achievement's uploaded image (PNG), nil
// when it has none.
func (a *App) AchievementImage(ctx context.Context, ach commons.Achievement) ([]byte, error) {
	return a.Store.AchievementImage(ctx, ach.CommunityID, ach.ID)
}

// AchievementPNG is an achievement's image as PNG: the uploaded one, or
// else the one Commons draws from its colour.
func (a *App) AchievementPNG(ctx context.Context, ach commons.Achievement) ([]byte, error) {
	img, err := a.Store.AchievementImage(ctx, ach.CommunityID, ach.ID)
	if err != nil || img != nil {
		return img, err
	}
	return encode.BadgePNG(ach.Color), nil
}

// BakedPNG is an award's image as PNG with its signed credential baked
// in, as Open Badges 3.0 bakes a VC-JWT into PNG (an iTXt chunk with the
// keyword openbadgecredential).
func (a *App) BakedPNG(ctx context.Context, ach commons.Achievement, jwt string) ([]byte, error) {
	img, err := a.AchievementPNG(ctx, ach)
	if err != nil {
		return nil, err
	}
	out, err := encode.BakePNG(img, jwt)
	if err != nil {
		return nil, commons.Internal(err)
	}
	return out, nil
}
