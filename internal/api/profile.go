package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// ProfileVersionSummary is a version of the Learning Community Profile in
// a list.
type ProfileVersionSummary struct {
	Number      int        `json:"number"`
	Phase       string     `json:"phase" jsonschema:"enum=draft,enum=reviewed,enum=action,enum=timeout"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	PhaseAt     time.Time  `json:"phase_at" jsonschema:"description=When it entered its phase"`
}

func profileSummaryOut(v commons.ProfileVersion) ProfileVersionSummary {
	return ProfileVersionSummary{Number: v.Number, Phase: string(v.Phase), CreatedAt: v.CreatedAt, PublishedAt: v.PublishedAt, PhaseAt: v.PhaseAt}
}

// EvidenceBlock is one block of figures Commons computed.
type EvidenceBlock struct {
	Kind  string        `json:"kind" jsonschema:"enum=organizations_by_sector,enum=resources_by_kind,enum=activities_by_theme,enum=activities_by_language,enum=initiatives_by_status,enum=partnerships_by_sector,enum=requests_unmet,enum=volunteer_hours_by_theme"`
	Total []int         `json:"total" jsonschema:"description=The block's figures over all rows, in the order of its columns (docs/API.md)"`
	Rows  []EvidenceRow `json:"rows"`
	At    time.Time     `json:"at" jsonschema:"description=When it was computed: at publication, or now for a draft"`
}

// EvidenceRow is one group of a block.
type EvidenceRow struct {
	Key    string `json:"key" jsonschema:"description=A sector, resource kind, theme, language or status; empty: none"`
	Values []int  `json:"values"`
}

// ProfileComment is a member's comment on a section.
type ProfileComment struct {
	ID         string    `json:"id"`
	AuthorID   string    `json:"author_id"`
	AuthorName string    `json:"author_name" jsonschema:"description=Empty for readers who may not see the author"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// ProfileSection answers one guiding question.
type ProfileSection struct {
	Question string           `json:"question" jsonschema:"enum=needs,enum=resources,enum=initiatives,enum=challenges,enum=change"`
	Body     string           `json:"body" jsonschema:"description=Markdown"`
	HTML     string           `json:"html" jsonschema:"description=The body rendered and sanitised"`
	Evidence []string         `json:"evidence" jsonschema:"description=The blocks of evidence chosen"`
	Blocks   []EvidenceBlock  `json:"blocks" jsonschema:"description=The chosen blocks: frozen at publication, live for a draft"`
	Live     bool             `json:"live"`
	Comments []ProfileComment `json:"comments" jsonschema:"description=For active members; empty for others"`
}

// ProfileMay says what the caller may do to a version.
type ProfileMay struct {
	Edit    bool `json:"edit" jsonschema:"description=Write its sections and publish it"`
	Advance bool `json:"advance" jsonschema:"description=Move it to next_phase"`
	Comment bool `json:"comment"`
}

// ProfileVersion is a version of the Profile with its sections.
type ProfileVersion struct {
	ProfileVersionSummary
	Previous  int              `json:"previous" jsonschema:"description=The version before it; 0 for the first"`
	NextPhase string           `json:"next_phase,omitempty"`
	Sections  []ProfileSection `json:"sections"`
	May       ProfileMay       `json:"may"`
}

func evidenceOut(list []commons.Evidence) []EvidenceBlock {
	out := make([]EvidenceBlock, 0, len(list))
	for _, e := range list {
		b := EvidenceBlock{Kind: string(e.Kind), Total: e.Total, At: e.At, Rows: make([]EvidenceRow, 0, len(e.Rows))}
		for _, r := range e.Rows {
			b.Rows = append(b.Rows, EvidenceRow{Key: r.Key, Values: r.Values})
		}
		out = append(out, b)
	}
	return out
}

func profileVersionOut(v app.ProfileVersionView) ProfileVersion {
	out := ProfileVersion{ProfileVersionSummary: profileSummaryOut(v.ProfileVersion), Previous: v.Previous, NextPhase: string(v.NextPhase),
		Sections: make([]ProfileSection, 0, len(v.Sections)), May: ProfileMay{Edit: v.May.Edit, Advance: v.May.Advance, Comment: v.May.Comment}}
	for _, s := range v.Sections {
		sec := ProfileSection{Question: string(s.Question), Body: s.Body, HTML: string(s.HTML), Evidence: make([]string, 0, len(s.Evidence)),
			Blocks: evidenceOut(s.Blocks), Live: s.Live, Comments: make([]ProfileComment, 0, len(s.Comments))}
		for _, k := range s.Evidence {
			sec.Evidence = append(sec.Evidence, string(k))
		}
		for _, c := range s.Comments {
			sec.Comments = append(sec.Comments, profileCommentOut(c))
		}
		out.Sections = append(out.Sections, sec)
	}
	return out
}

func profileCommentOut(c commons.ProfileComment) ProfileComment {
	return ProfileComment{ID: c.ID, AuthorID: c.AuthorID, AuthorName: c.AuthorName, Body: c.Body, CreatedAt: c.CreatedAt}
}

// SectionIn rewrites a section of a draft.
type SectionIn struct {
	Body     string   `json:"body" jsonschema:"maxLength=20000,description=Markdown"`
	Evidence []string `json:"evidence,omitempty" jsonschema:"description=Blocks of evidence: organizations_by_sector, resources_by_kind, activities_by_theme, activities_by_language, initiatives_by_status, partnerships_by_sector, requests_unmet, volunteer_hours_by_theme"`
}

// PhaseIn moves a version to its next phase.
type PhaseIn struct {
	Phase string `json:"phase" jsonschema:"enum=action,enum=timeout"`
}

// CommentIn is a comment's text.
type CommentIn struct {
	Body string `json:"body" jsonschema:"minLength=1,maxLength=4000"`
}

// DiffLine is one line of what changed.
type DiffLine struct {
	Op   string `json:"op" jsonschema:"enum=same,enum=added,enum=removed"`
	Text string `json:"text"`
}

// SectionDiff is what changed in one section.
type SectionDiff struct {
	Question        string     `json:"question"`
	Changed         bool       `json:"changed"`
	Lines           []DiffLine `json:"lines"`
	AddedEvidence   []string   `json:"added_evidence"`
	RemovedEvidence []string   `json:"removed_evidence"`
}

// ProfileDiff is what changed in a version against the one before.
type ProfileDiff struct {
	From     int           `json:"from" jsonschema:"description=0: compared with an empty Profile"`
	To       int           `json:"to"`
	Sections []SectionDiff `json:"sections"`
}

// versionIn resolves the request's community and the version number its
// path names ({n}); a number that is not one is a 404, like a missing one.
func (api *API) versionIn(ctx context.Context, r *http.Request) (app.Scope, int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return app.Scope{}, 0, commons.NotFound()
	}
	s, err := api.scope(ctx, r)
	return s, n, err
}

func kindsOf(in []string) []commons.EvidenceKind {
	out := make([]commons.EvidenceKind, 0, len(in))
	for _, k := range in {
		out = append(out, commons.EvidenceKind(k))
	}
	return out
}

func (api *API) routesProfile() {
	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/profile", id: "currentProfile",
		summary: "The community's current Learning Community Profile: its latest published version (404 while none is)", status: http.StatusOK,
		errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (ProfileVersion, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return ProfileVersion{}, err
			}
			v, err := api.App.CurrentProfile(ctx, s)
			return profileVersionOut(v), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/profile/versions", id: "listProfileVersions",
		summary: "Versions of the Profile, the latest first: published ones for anyone, drafts for editors", status: http.StatusOK,
		errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[ProfileVersionSummary], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[ProfileVersionSummary]{}, err
			}
			list, err := api.App.ProfileVersions(ctx, s)
			return listOf(list, "", profileSummaryOut), err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/profile/versions", id: "openProfileVersion",
		summary: "Open the next version as a draft, copied from the latest; editors, while no draft is open (409)", status: http.StatusCreated,
		auth: true, optionalBody: true, errors: []int{401, 403, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (ProfileVersion, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return ProfileVersion{}, err
			}
			v, err := api.App.OpenProfileVersion(ctx, s)
			if err != nil {
				return ProfileVersion{}, err
			}
			view, err := api.App.ProfileVersion(ctx, s, v.Number)
			return profileVersionOut(view), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/profile/versions/{n}", id: "getProfileVersion",
		summary: "One version with its sections, evidence and comments; a draft only for editors (404 otherwise)", status: http.StatusOK,
		errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (ProfileVersion, error) {
			s, n, err := api.versionIn(ctx, r)
			if err != nil {
				return ProfileVersion{}, err
			}
			v, err := api.App.ProfileVersion(ctx, s, n)
			return profileVersionOut(v), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/communities/{slug}/profile/versions/{n}/sections/{question}", id: "updateProfileSection",
		summary: "Rewrite a section of a draft and choose its evidence; editors; a published version is a 409", status: http.StatusOK,
		auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *SectionIn) (ProfileVersion, error) {
			s, n, err := api.versionIn(ctx, r)
			if err != nil {
				return ProfileVersion{}, err
			}
			f := commons.SectionFields{Question: commons.ProfileQuestion(r.PathValue("question")), Body: in.Body, Evidence: kindsOf(in.Evidence)}
			if err := api.App.UpdateProfileSection(ctx, s, n, f); err != nil {
				return ProfileVersion{}, err
			}
			v, err := api.App.ProfileVersion(ctx, s, n)
			return profileVersionOut(v), err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/profile/versions/{n}/publish", id: "publishProfileVersion",
		summary: "Publish a draft: its evidence is computed and frozen in it, members are told; editors; twice is a 409", status: http.StatusOK,
		auth: true, optionalBody: true, errors: []int{401, 403, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (ProfileVersion, error) {
			s, n, err := api.versionIn(ctx, r)
			if err != nil {
				return ProfileVersion{}, err
			}
			if _, err := api.App.PublishProfileVersion(ctx, s, n); err != nil {
				return ProfileVersion{}, err
			}
			v, err := api.App.ProfileVersion(ctx, s, n)
			return profileVersionOut(v), err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/profile/versions/{n}/phase", id: "advanceProfilePhase",
		summary: "Move the current published version to its next phase (reviewed → action → timeout); editors", status: http.StatusOK,
		auth: true, errors: []int{400, 401, 403, 404, 409, 422}},
		func(ctx context.Context, r *http.Request, in *PhaseIn) (ProfileVersion, error) {
			s, n, err := api.versionIn(ctx, r)
			if err != nil {
				return ProfileVersion{}, err
			}
			if err := api.App.AdvanceProfilePhase(ctx, s, n, commons.ProfilePhase(in.Phase)); err != nil {
				return ProfileVersion{}, err
			}
			v, err := api.App.ProfileVersion(ctx, s, n)
			return profileVersionOut(v), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/profile/versions/{n}/diff", id: "profileVersionDiff",
		summary: "What changed in a version against the one before, section by section, line by line", status: http.StatusOK,
		errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (ProfileDiff, error) {
			s, n, err := api.versionIn(ctx, r)
			if err != nil {
				return ProfileDiff{}, err
			}
			d, err := api.App.ProfileDiff(ctx, s, n)
			out := ProfileDiff{From: d.From.Number, To: d.To.Number, Sections: make([]SectionDiff, 0, len(d.Sections))}
			for _, sd := range d.Sections {
				x := SectionDiff{Question: string(sd.Question), Changed: sd.Changed, Lines: make([]DiffLine, 0, len(sd.Lines)),
					AddedEvidence: make([]string, 0), RemovedEvidence: make([]string, 0)}
				for _, l := range sd.Lines {
					x.Lines = append(x.Lines, DiffLine{Op: string(l.Op), Text: l.Text})
				}
				for _, k := range sd.AddedEvidence {
					x.AddedEvidence = append(x.AddedEvidence, string(k))
				}
				for _, k := range sd.RemovedEvidence {
					x.RemovedEvidence = append(x.RemovedEvidence, string(k))
				}
				out.Sections = append(out.Sections, x)
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/profile/versions/{n}/sections/{question}/comments", id: "commentOnProfile",
		summary: "Comment on a section of a version; members who may post; the editors are told", status: http.StatusCreated,
		auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *CommentIn) (ProfileComment, error) {
			s, n, err := api.versionIn(ctx, r)
			if err != nil {
				return ProfileComment{}, err
			}
			c, err := api.App.CommentOnProfile(ctx, s, n, commons.ProfileQuestion(r.PathValue("question")), in.Body)
			return profileCommentOut(c), err
		})
}
