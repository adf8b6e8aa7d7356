package web

import (
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
)

// routesBadges are the Open Badges pages and the stable addresses that
// verifiers fetch without an account.
func (w *Web) routesBadges(m router) {
	m.Page("GET /c/{slug}/achievements", w.achievements)
	m.Form("POST /c/{slug}/achievements", w.createAchievement, w.achievements)
	m.Page("GET /c/{slug}/achievements/{id}", w.achievement)
	m.Form("POST /c/{slug}/achievements/{id}/awards", w.awardBadge, w.achievement)
	m.Form("POST /c/{slug}/achievements/{id}/apply", w.applyBadgeRule, w.achievement)
	m.Form("POST /c/{slug}/awards/{id}/revoke", w.revokeAward, nil)
	m.Page("GET /c/{slug}/badges/mine", w.myBadges)
	m.Page("GET /c/{slug}/credentials/{id}", w.credentialPage)
	m.Page("GET /c/{slug}/verify", w.verifyPage)
	m.Raw("GET /c/{slug}/achievements/{id}/image.svg", w.achievementImage)
	m.Raw("GET /c/{slug}/issuer", w.issuerProfile)
	m.Raw("GET /c/{slug}/issuer/jwks.json", w.issuerKeys)
	m.Raw("GET /c/{slug}/credentials/status", w.statusList)
	m.Raw("GET /credentials/{id}", w.credential)
	m.Raw("GET /credentials/{id}/badge.svg", w.bakedBadge)
	w.routesBadgesMore(m)
}

type achievementsData struct {
	Achievements []commons.Achievement
	Manage       bool
	Themes       []theme
	Initiatives  []commons.Initiative
	Activities   []commons.Activity
}

// achievements lists what the community recognises, with the form to
// define one for its editors.
func (w *Web) achievements(r *http.Request, v *view) (string, error) {
	list, manage, err := w.App.Achievements(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	d := achievementsData{Achievements: list, Manage: manage}
	if manage {
		o, err := w.App.HoursOptions(r.Context(), v.Scope)
		if err != nil {
			return "", err
		}
		d.Themes, d.Initiatives, d.Activities = themeLabels(v.L, o.Themes), o.Initiatives, o.Activities
		if v.Form == nil {
			v.Form = &form{Values: map[string][]string{"color": {"#1d6b57"}}}
		}
	}
	v.Title, v.Data, v.Styles = v.L.T("badges.title"), d, []string{hoursStyles}
	return "achievements", nil
}

func (w *Web) createAchievement(r *http.Request, v *view, f *form) (done, error) {
	kind, id, _ := strings.Cut(f.Get("about"), ":")
	n, err := strconv.Atoi(strings.TrimSpace(f.Get("rule_n")))
	if err != nil && strings.TrimSpace(f.Get("rule_n")) != "" {
		n = -1 // not a number: refused as a rule that can never fire
	}
	a, err := w.App.CreateAchievement(r.Context(), v.Scope, commons.AchievementFields{Name: f.Get("name"), Description: f.Get("description"),
		Criteria: f.Get("criteria"), Color: f.Get("color"), Themes: f.Values["themes"], For: commons.HoursFor(kind), ForID: id,
		Rule: commons.BadgeRule(f.Get("rule")), RuleN: n})
	if e := commons.ErrorOf(err); err != nil {
		for _, k := range []string{"for", "for_id"} {
			if m, ok := e.Fields[k]; ok {
				e.Fields["about"] = m
			}
		}
	}
	return done{To: "/c/" + v.Community.Slug + "/achievements/" + a.ID, Flash: "flash.saved"}, err
}

type achievementData struct {
	app.AchievementView
	People []commons.Member
}

func (w *Web) achievement(r *http.Request, v *view) (string, error) {
	a, err := w.App.Achievement(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	v.Content = w.contentIn(r, v, commons.SubjectAchievement, a.ID, a.May.Manage, &a.Name, &a.Description)
	d := achievementData{AchievementView: a}
	if a.May.Award {
		o, err := w.App.HoursOptions(r.Context(), v.Scope)
		if err != nil {
			return "", err
		}
		for _, m := range o.People {
			if m.UserID != v.Scope.ActorID() {
				d.People = append(d.People, m)
			}
		}
	}
	v.Title, v.Data, v.Styles = a.Name, d, []string{hoursStyles}
	return "achievement", nil
}

func (w *Web) awardBadge(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.AwardBadge(r.Context(), v.Scope, id, app.AwardFields{UserID: f.Get("user_id"), Evidence: f.Get("evidence"), EvidenceURL: f.Get("evidence_url")})
	return done{To: "/c/" + v.Community.Slug + "/achievements/" + id, Flash: "flash.badge_awarded"}, err
}

func (w *Web) applyBadgeRule(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.ApplyBadgeRule(r.Context(), v.Scope, id)
	return done{To: "/c/" + v.Community.Slug + "/achievements/" + id, Flash: "flash.saved"}, err
}

func (w *Web) revokeAward(r *http.Request, v *view, f *form) (done, error) {
	err := w.App.RevokeAward(r.Context(), v.Scope, r.PathValue("id"))
	return done{To: "/c/" + v.Community.Slug + "/achievements/" + f.Get("achievement_id"), Flash: "flash.badge_revoked"}, err
}

type myBadge struct {
	commons.Award
	Name string
}

func (w *Web) myBadges(r *http.Request, v *view) (string, error) {
	list, err := w.App.MyAwards(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	all, _, err := w.App.Achievements(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	names := map[string]string{}
	for _, a := range all {
		names[a.ID] = a.Name
	}
	var d []myBadge
	for _, a := range list {
		d = append(d, myBadge{Award: a, Name: names[a.AchievementID]})
	}
	v.Title, v.Data, v.Styles = v.L.T("badges.mine.title"), d, []string{hoursStyles}
	return "badges_mine", nil
}

type credentialData struct {
	app.CredentialView
	Verify string // the verification page for this credential
}

// credentialPage shows an award as anyone with its link sees it: the
// badge, its issuer and date, and links to check and download it.
func (w *Web) credentialPage(r *http.Request, v *view) (string, error) {
	c, err := w.App.Credential(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	d := credentialData{CredentialView: c, Verify: "/c/" + v.Community.Slug + "/verify?credential=" + c.Award.Credential}
	v.Title, v.Data, v.Styles = c.Achievement.Name, d, []string{hoursStyles}
	return "credential", nil
}

type verifyData struct {
	Checked bool
	app.Verification
}

// verifyPage checks a credential pasted or linked to it (a GET form, so
// that a holder can share the check itself).
func (w *Web) verifyPage(r *http.Request, v *view) (string, error) {
	q := r.URL.Query()
	d := verifyData{}
	v.Form = &form{Values: map[string][]string{"credential": {q.Get("credential")}, "email": {q.Get("email")}}}
	if q.Has("credential") {
		res, err := w.App.VerifyCredential(r.Context(), v.Scope, q.Get("credential"), q.Get("email"))
		if commons.CodeOf(err) == commons.CodeInvalid {
			formFailed(v.Form, err, v.L)
		} else if err != nil {
			return "", err
		} else {
			d = verifyData{Checked: true, Verification: res}
		}
	}
	v.Title, v.Data, v.Styles = v.L.T("verify.title"), d, []string{hoursStyles}
	return "verify", nil
}

// rawScope resolves the community of a raw route for its reader.
func (w *Web) rawScope(rw http.ResponseWriter, r *http.Request) (app.Scope, bool) {
	s, err := w.App.Scope(r.Context(), w.user(r), r.PathValue("slug"))
	if err != nil {
		w.Fail(rw, r, err)
		return s, false
	}
	return s, true
}

func writeJSONBody(rw http.ResponseWriter, contentType string, v any) {
	rw.Header().Set("Content-Type", contentType)
	rw.Header().Set("Access-Control-Allow-Origin", "*") // verifiers fetch from anywhere
	enc := json.NewEncoder(rw)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func (w *Web) achievementImage(rw http.ResponseWriter, r *http.Request) {
	s, ok := w.rawScope(rw, r)
	if !ok {
		return
	}
	a, err := w.App.Achievement(r.Context(), s, r.PathValue("id"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "image/svg+xml")
	rw.Header().Set("Access-Control-Allow-Origin", "*")
	if img, err := w.App.AchievementImage(r.Context(), a.Achievement); err == nil && img != nil {
		rw.Write(uploadedSVG(a.Name, img))
		return
	}
	rw.Write(encode.BadgeSVG(a.Name, a.Color))
}

func (w *Web) issuerProfile(rw http.ResponseWriter, r *http.Request) {
	if s, ok := w.rawScope(rw, r); ok {
		writeJSONBody(rw, app.MediaJSONLD, w.App.IssuerProfile(s))
	}
}

func (w *Web) issuerKeys(rw http.ResponseWriter, r *http.Request) {
	s, ok := w.rawScope(rw, r)
	if !ok {
		return
	}
	keys, err := w.App.JWKS(r.Context(), s)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	writeJSONBody(rw, "application/jwk-set+json", keys)
}

// wantsJWT reports whether a request's Accept header asks for the VC-JWT
// over JSON-LD: the first of the two it names wins, JSON-LD by default.
func wantsJWT(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case app.MediaVCJWT, "application/jwt":
			return true
		case app.MediaJSONLD, "application/json", "application/vc":
			return false
		}
	}
	return false
}

func (w *Web) statusList(rw http.ResponseWriter, r *http.Request) {
	s, ok := w.rawScope(rw, r)
	if !ok {
		return
	}
	jwt, cred, err := w.App.StatusListJWT(r.Context(), s)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rw.Header().Set("Vary", "Accept")
	rw.Header().Set("Cache-Control", "max-age=300")
	if wantsJWT(r) {
		rw.Header().Set("Content-Type", app.MediaVCJWT)
		rw.Header().Set("Access-Control-Allow-Origin", "*")
		rw.Write([]byte(jwt))
		return
	}
	writeJSONBody(rw, app.MediaJSONLD, cred)
}

// credential answers a credential's own address: the VC-JWT or the
// JSON-LD by content negotiation, and for a browser its page.
func (w *Web) credential(rw http.ResponseWriter, r *http.Request) {
	s, err := w.App.ScopeOf(r.Context(), w.user(r), commons.SubjectAward, r.PathValue("id"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if accept := r.Header.Get("Accept"); strings.Contains(accept, "text/html") {
		http.Redirect(rw, r, "/c/"+s.Community.Slug+"/credentials/"+r.PathValue("id"), http.StatusSeeOther)
		return
	}
	c, err := w.App.Credential(r.Context(), s, r.PathValue("id"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rw.Header().Set("Vary", "Accept")
	rw.Header().Set("Access-Control-Allow-Origin", "*")
	if wantsJWT(r) {
		rw.Header().Set("Content-Type", app.MediaVCJWT)
		rw.Write([]byte(c.Award.Credential))
		return
	}
	rw.Header().Set("Content-Type", app.MediaJSONLD)
	rw.Write(c.JSON)
}

// bakedBadge is the badge's image with its credential inside.
func (w *Web) bakedBadge(rw http.ResponseWriter, r *http.Request) {
	s, err := w.App.ScopeOf(r.Context(), w.user(r), commons.SubjectAward, r.PathValue("id"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	c, err := w.App.Credential(r.Context(), s, r.PathValue("id"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "image/svg+xml")
	rw.Header().Set("Content-Disposition", `attachment; filename="badge.svg"`)
	rw.Write(app.BakedSVG(c.Achievement, c.Award.Credential))
}
