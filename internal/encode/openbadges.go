package encode

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/commons-project/commons/internal/commons"
)

// The JSON-LD contexts of an Open Badges 3.0 credential: the W3C
// Verifiable Credentials 2.0 data model, then Open Badges v3p0.
const (
	ContextVC2 = "https://www.w3.org/ns/credentials/v2"
	ContextOB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
)

// BadgeLinks are the addresses a credential names, made by the caller.
type BadgeLinks struct {
	Credential  string // the credential's own address (its id)
	Issuer      string // the issuer profile
	IssuerName  string
	IssuerURL   string // the community's home page
	Achievement string // the achievement's page
	Image       string // its SVG image
	StatusList  string // the status list credential
}

// Subject identifies the holder without naming them: a salted SHA-256 of
// their email address, which a verifier who is told the address can
// check (Open Badges' IdentityObject).
type Subject struct {
	EmailHash, Salt string
}

// OpenBadgeCredential is an award as an Open Badges 3.0 OpenBadgeCredential
// (VC 2.0 data model), ready to be signed as a VC-JWT. The JWT's registered
// claims (iss, jti, nbf, sub) repeat the credential's, as Open Badges'
// JWT proof format asks.
func OpenBadgeCredential(a commons.Achievement, w commons.Award, sub Subject, l BadgeLinks) map[string]any {
	achievement := map[string]any{
		"id": l.Achievement, "type": []string{"Achievement"}, "name": a.Name, "description": a.Description,
		"criteria": map[string]any{"narrative": a.Criteria},
		"image":    map[string]any{"id": l.Image, "type": "Image", "caption": a.Name},
	}
	if len(a.Themes) > 0 {
		achievement["tag"] = a.Themes
	}
	c := map[string]any{
		"@context":  []string{ContextVC2, ContextOB3},
		"id":        l.Credential,
		"type":      []string{"VerifiableCredential", "OpenBadgeCredential"},
		"name":      a.Name,
		"issuer":    map[string]any{"id": l.Issuer, "type": []string{"Profile"}, "name": l.IssuerName, "url": l.IssuerURL},
		"validFrom": w.IssuedAt.UTC().Format(time.RFC3339),
		"credentialSubject": map[string]any{
			"type": []string{"AchievementSubject"},
			"identifier": []map[string]any{{"type": "IdentityObject", "identityType": "emailAddress", "hashed": true,
				"identityHash": "sha256$" + sub.EmailHash, "salt": sub.Salt}},
			"achievement": achievement,
		},
		"credentialStatus": map[string]any{
			"id": l.StatusList + "#" + strconv.Itoa(w.StatusIndex), "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
			"statusListIndex": strconv.Itoa(w.StatusIndex), "statusListCredential": l.StatusList,
		},
		"iss": l.Issuer, "jti": l.Credential, "nbf": w.IssuedAt.Unix(), "sub": "sha256$" + sub.EmailHash,
	}
	if w.Evidence != "" || w.EvidenceURL != "" {
		ev := map[string]any{"type": []string{"Evidence"}, "narrative": w.Evidence}
		if w.EvidenceURL != "" {
			ev["id"] = w.EvidenceURL
		}
		c["evidence"] = []map[string]any{ev}
	}
	return c
}

// IssuerProfile is the community as an Open Badges issuer Profile, naming
// the JWKS its keys are published at.
func IssuerProfile(l BadgeLinks, jwks string) map[string]any {
	return map[string]any{"@context": []string{ContextVC2, ContextOB3}, "id": l.Issuer, "type": []string{"Profile"},
		"name": l.IssuerName, "url": l.IssuerURL, "publicKey": jwks}
}

// StatusList is the community's revocation list as a W3C Bitstring
// Status List credential, ready to be signed: a bit per award, set when
// revoked, GZIP-compressed and base64url-encoded with the multibase "u".
func StatusList(id, issuer string, revoked []int, validFrom time.Time) (map[string]any, error) {
	list, err := EncodeBitstring(revoked, commons.StatusListSize)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"@context": []string{ContextVC2}, "id": id, "type": []string{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer": issuer, "validFrom": validFrom.UTC().Format(time.RFC3339),
		"credentialSubject": map[string]any{"id": id + "#list", "type": "BitstringStatusList", "statusPurpose": "revocation", "encodedList": list},
		"iss":               issuer, "jti": id, "nbf": validFrom.Unix(),
	}, nil
}

// EncodeBitstring sets the given bits of a list of size bits (the first
// index is the first byte's highest bit) and encodes it as the
// specification's encodedList.
func EncodeBitstring(set []int, size int) (string, error) {
	bits := make([]byte, (size+7)/8)
	for _, i := range set {
		if i < 0 || i >= size {
			return "", fmt.Errorf("status list index %d outside 0..%d", i, size-1)
		}
		bits[i/8] |= 0x80 >> (i % 8)
	}
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	if _, err := z.Write(bits); err != nil {
		return "", err
	}
	if err := z.Close(); err != nil {
		return "", err
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// BadgeSVG draws an achievement's image: a rosette in its colour with the
// name's initials, and the name written under it, as a standalone SVG.
func BadgeSVG(name, color string) []byte {
	initials := ""
	for _, word := range strings.Fields(name) {
		r := []rune(word)
		if len(r) > 0 && unicode.IsLetter(r[0]) {
			initials += string(unicode.ToUpper(r[0]))
		}
		if len([]rune(initials)) == 2 {
			break
		}
	}
	label := []rune(name)
	if len(label) > 28 {
		label = append(label[:27], '…')
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="280" viewBox="0 0 240 280" role="img" aria-label="%s">`, html.EscapeString(name))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(name))
	fmt.Fprintf(&b, `<polygon points="120,8 146,40 186,30 190,72 228,92 206,128 228,164 190,184 186,226 146,216 120,248 94,216 54,226 50,184 12,164 34,128 12,92 50,72 54,30 94,40" fill="%s"/>`, color)
	b.WriteString(`<circle cx="120" cy="128" r="72" fill="#fff" fill-opacity=".92"/>`)
	fmt.Fprintf(&b, `<text x="120" y="150" text-anchor="middle" font-family="sans-serif" font-size="64" font-weight="700" fill="%s">%s</text>`, color, html.EscapeString(initials))
	fmt.Fprintf(&b, `<text x="120" y="272" text-anchor="middle" font-family="sans-serif" font-size="16" fill="#1a1a1a">%s</text>`, html.EscapeString(string(label)))
	b.WriteString(`</svg>`)
	return []byte(b.String())
}
