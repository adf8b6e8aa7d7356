package app_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// publishedKeys reads the community's JWKS as a verifier would, from its
// JSON, with no help from the library that signed: Ed25519 public keys by
// their kid.
func publishedKeys(t *testing.T, w initiativeWorld) map[string]ed25519.PublicKey {
	t.Helper()
	set, err := w.a.JWKS(context.Background(), w.scope(t, "visitor"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	var jwks struct {
		Keys []struct{ Kty, Crv, X, Kid, D string }
	}
	if err := json.Unmarshal(b, &jwks); err != nil {
		t.Fatal(err)
	}
	out := map[string]ed25519.PublicKey{}
	for _, k := range jwks.Keys {
		if k.D != "" {
			t.Fatalf("the published key set holds a private key")
		}
		x, err := base64.RawURLEncoding.DecodeString(k.X)
		if k.Kty != "OKP" || k.Crv != "Ed25519" || err != nil || len(x) != ed25519.PublicKeySize {
			t.Fatalf("published key %+v", k)
		}
		out[k.Kid] = ed25519.PublicKey(x)
	}
	return out
}

// verifyIndependently checks a VC-JWT with golang-jwt against the
// published keys, and returns its claims.
func verifyIndependently(token string, keys map[string]ed25519.PublicKey) (jwt.MapClaims, error) {
	// The tests' clock stands in 2031: the credential is valid from then.
	at := time.Date(2031, time.March, 1, 12, 0, 0, 0, time.UTC)
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(tok *jwt.Token) (any, error) {
		k, ok := keys[tok.Header["kid"].(string)]
		if !ok {
			return nil, jwt.ErrTokenUnverifiable
		}
		return k, nil
	}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithTimeFunc(func() time.Time { return at }))
	return claims, err
}

// bitSet reads one entry of a Bitstring Status List's encodedList.
func bitSet(t *testing.T, encoded string, index int) bool {
	t.Helper()
	if !strings.HasPrefix(encoded, "u") {
		t.Fatalf("encodedList without the multibase u: %.20s", encoded)
	}
	raw, err := base64.RawURLEncoding.DecodeString(encoded[1:])
	if err != nil {
		t.Fatal(err)
	}
	z, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	bits, err := io.ReadAll(z)
	if err != nil || len(bits) != commons.StatusListSize/8 {
		t.Fatalf("status list of %d bytes: %v", len(bits), err)
	}
	return bits[index/8]&(0x80>>(index%8)) != 0
}

// An achievement's hours rule awards it; the credential verifies with an
// independent JOSE library against the published keys as an Open Badges
// 3.0 OpenBadgeCredential; tampered or forged ones fail, on the
// verification page too; a revoked one is marked in the status list and
// fails there.
func TestBadgesVerifyIndependently(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		founder := w.scope(t, "Founder")
		f := commons.AchievementFields{Name: "Choir helper", Description: "Helped the choir run", Criteria: "Three confirmed hours for the choir",
			Color: "#aa3355", For: commons.HoursForInitiative, ForID: w.init.ID, Rule: commons.BadgeRuleHours, RuleN: 3, Themes: []string{"culture"}}
		bad := f
		bad.RuleN = 0
		if _, err := w.a.CreateAchievement(ctx, founder, bad); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a rule of 0 hours: %v", err)
		}
		bad = f
		bad.Rule, bad.RuleN = commons.BadgeRuleSessions, 2
		if _, err := w.a.CreateAchievement(ctx, founder, bad); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a sessions rule without an activity: %v", err)
		}
		if _, err := w.a.CreateAchievement(ctx, w.scope(t, "Helper"), f); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member defining an achievement: %v", err)
		}
		ach, err := w.a.CreateAchievement(ctx, founder, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, minutes := range []int{120, 90} {
			e := w.logHours(t, "Helper", commons.HoursFields{For: commons.HoursForInitiative, ForID: w.init.ID, Date: today, Minutes: minutes, What: "Chairs"})
			if _, err := w.a.DecideHours(ctx, founder, e.ID, commons.HoursConfirm, ""); err != nil {
				t.Fatal(err)
			}
		}
		mine, err := w.a.MyAwards(ctx, w.scope(t, "Helper"))
		if err != nil || len(mine) != 1 || mine[0].AchievementID != ach.ID {
			t.Fatalf("Helper's badges after 3.5 confirmed hours: %+v, %v", mine, err)
		}
		award := mine[0]

		keys := publishedKeys(t, w)
		claims, err := verifyIndependently(award.Credential, keys)
		if err != nil {
			t.Fatalf("golang-jwt refuses the credential: %v", err)
		}
		ctxs, _ := claims["@context"].([]any)
		types, _ := claims["type"].([]any)
		subject, _ := claims["credentialSubject"].(map[string]any)
		achievement, _ := subject["achievement"].(map[string]any)
		if len(ctxs) != 2 || ctxs[0] != "https://www.w3.org/ns/credentials/v2" || !strings.Contains(ctxs[1].(string), "/ob/v3p0/") ||
			len(types) != 2 || types[1] != "OpenBadgeCredential" || achievement["name"] != "Choir helper" {
			t.Errorf("credential: %v", claims)
		}
		if strings.Contains(award.Credential, "Helper") {
			t.Errorf("the credential names its holder")
		}

		// Tampered: the achievement renamed in the payload.
		parts := strings.Split(award.Credential, ".")
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		parts[1] = base64.RawURLEncoding.EncodeToString(bytes.Replace(payload, []byte("Choir helper"), []byte("Choir leader"), 1))
		tampered := strings.Join(parts, ".")
		if _, err := verifyIndependently(tampered, keys); err == nil {
			t.Errorf("golang-jwt accepts a tampered credential")
		}
		// Forged: signed by another key under the community's kid.
		_, other, _ := ed25519.GenerateKey(rand.Reader)
		tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims(claims))
		for kid := range keys {
			tok.Header["kid"] = kid
		}
		forged, err := tok.SignedString(other)
		if err != nil {
			t.Fatal(err)
		}
		visitor := w.scope(t, "visitor")
		for name, token := range map[string]string{"tampered": tampered, "forged": forged, "garbage": "not.a.credential"} {
			v, err := w.a.VerifyCredential(ctx, visitor, token, "")
			if err != nil || v.Valid || len(v.Problems) == 0 {
				t.Errorf("verification page, %s: %+v, %v", name, v, err)
			}
		}
		v, err := w.a.VerifyCredential(ctx, visitor, award.Credential, "HELPER@example.org")
		if err != nil || !v.Valid || v.Name != "Choir helper" || !v.EmailMatches {
			t.Errorf("verification page, the credential: %+v, %v", v, err)
		}

		// Revoked: the status list, verified independently, marks it.
		idx, _ := strconv.Atoi(claims["credentialStatus"].(map[string]any)["statusListIndex"].(string))
		list := func() string {
			token, _, err := w.a.StatusListJWT(ctx, visitor)
			if err != nil {
				t.Fatal(err)
			}
			c, err := verifyIndependently(token, keys)
			if err != nil {
				t.Fatalf("golang-jwt refuses the status list: %v", err)
			}
			return c["credentialSubject"].(map[string]any)["encodedList"].(string)
		}
		if bitSet(t, list(), idx) {
			t.Fatalf("a valid award is marked revoked")
		}
		if err := w.a.RevokeAward(ctx, w.scope(t, "Helper"), award.ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("the holder revoking: %v", err)
		}
		if err := w.a.RevokeAward(ctx, founder, award.ID); err != nil {
			t.Fatal(err)
		}
		if !bitSet(t, list(), idx) {
			t.Errorf("the revoked award is not marked in the status list")
		}
		v, err = w.a.VerifyCredential(ctx, visitor, award.Credential, "")
		if err != nil || v.Valid || !v.Revoked {
			t.Errorf("verification page, revoked: %+v, %v", v, err)
		}
	})
}

// Awarding by hand: editors and those who run what it is about, never to
// themselves; a second award of the same badge is a conflict.
func TestAwardByHand(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		ach, err := w.a.CreateAchievement(ctx, w.scope(t, "Founder"), commons.AchievementFields{Name: "Welcomer", Description: "Welcomes people",
			Criteria: "Welcomed ten newcomers", For: commons.HoursForInitiative, ForID: w.init.ID})
		if err != nil {
			t.Fatal(err)
		}
		helper := w.people["Helper"].ID
		cases := []struct {
			who, to string
			want    commons.Code
		}{
			{"visitor", helper, commons.CodeUnauthenticated},
			{"Newcomer", helper, commons.CodeForbidden},
			{"Ada", helper, commons.CodeForbidden},
			{"Founder", w.people["Founder"].ID, commons.CodeForbidden},
			{"Founder", w.people["Outsider"].ID, commons.CodeInvalid},
			{"Founder", helper, ""},
			{"Founder", helper, commons.CodeConflict},
		}
		for _, c := range cases {
			_, err := w.a.AwardBadge(ctx, w.scope(t, c.who), ach.ID, app.AwardFields{UserID: c.to, Evidence: "Every Saturday"})
			if commons.CodeOf(err) != c.want {
				t.Errorf("%s awarding: %v, want %q", c.who, err, c.want)
			}
		}
	})
}
