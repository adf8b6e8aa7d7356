package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// Subject names a piece of content.
type Subject struct {
	Type string `json:"type" jsonschema:"enum=resource,enum=organization,enum=initiative,enum=activity,enum=thread,enum=post,enum=proposal,enum=person,enum=message"`
	ID   string `json:"id"`
}

// NewFlag reports content as breaking the community's agreements.
type NewFlag struct {
	Subject Subject `json:"subject"`
	Reason  string  `json:"reason" jsonschema:"minLength=1,maxLength=2000,description=Which agreement it breaks, and how"`
}

// Flagged says whether the flag hid the content.
type Flagged struct {
	Hidden bool `json:"hidden"`
}

// Review decides what becomes of hidden content.
type Review struct {
	ID        string         `json:"id"`
	Subject   Subject        `json:"subject"`
	Name      string         `json:"name"`
	Answer    string         `json:"answer"`
	OpenedAt  time.Time      `json:"opened_at"`
	EndsAt    time.Time      `json:"ends_at"`
	Outcome   *string        `json:"outcome" jsonschema:"enum=restore,enum=keep_hidden,enum=remove,description=null while the review is open"`
	Flags     []FlagOut      `json:"flags"`
	Totals    map[string]int `json:"totals"`
	Scorers   int            `json:"scorers"`
	DecidedAt *time.Time     `json:"decided_at"`
}

// JSONSchemaExtend marks the fields that may be null.
func (Review) JSONSchemaExtend(s *jsonschemaSchema) { nullable(s, "outcome", "decided_at") }

// FlagOut is one flag of a review.
type FlagOut struct {
	FlaggerName       string    `json:"flagger_name"`
	Reason            string    `json:"reason"`
	AgreementsVersion int       `json:"agreements_version"`
	Counts            bool      `json:"counts"`
	CreatedAt         time.Time `json:"created_at"`
	// Quote is the copy of a reported direct message, made when it was
	// reported: all its reviewers read of the conversation.
	Quote *MessageQuote `json:"quote,omitempty"`
}

// MessageQuote is the copy of one reported direct message.
type MessageQuote struct {
	AuthorID   string    `json:"author_id"`
	AuthorName string    `json:"author_name"`
	At         time.Time `json:"at"`
	Text       string    `json:"text"`
}

// ReviewAnswer is the author's answer.
type ReviewAnswer struct {
	Answer string `json:"answer" jsonschema:"minLength=1,maxLength=2000"`
}

// ReviewScores scores each option from -2 to 2.
type ReviewScores struct {
	Restore    int `json:"restore" jsonschema:"minimum=-2,maximum=2"`
	KeepHidden int `json:"keep_hidden" jsonschema:"minimum=-2,maximum=2"`
	Remove     int `json:"remove" jsonschema:"minimum=-2,maximum=2"`
}

func reviewOut(r commons.Review) Review {
	out := Review{ID: r.ID, Subject: Subject{Type: string(r.SubjectType), ID: r.SubjectID}, Name: r.SubjectName, Answer: r.Answer,
		OpenedAt: r.OpenedAt, EndsAt: r.EndsAt, Flags: []FlagOut{}, Totals: map[string]int{}, Scorers: r.Scorers, DecidedAt: r.DecidedAt}
	if r.Outcome != "" {
		o := string(r.Outcome)
		out.Outcome = &o
	}
	for _, f := range r.Flags {
		fo := FlagOut{FlaggerName: f.FlaggerName, Reason: f.Reason, AgreementsVersion: f.AgreementsVersion, Counts: f.Counts, CreatedAt: f.CreatedAt}
		if q := f.Quote; q != nil {
			fo.Quote = &MessageQuote{AuthorID: q.AuthorID, AuthorName: q.AuthorName, At: q.At, Text: q.Text}
		}
		out.Flags = append(out.Flags, fo)
	}
	for o, n := range r.Totals {
		out.Totals[string(o)] = n
	}
	return out
}

func (api *API) routesModeration() {
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/flags", id: "flagContent",
		summary: "Flag content as breaking the community's agreements; enough members in good standing, or one steward, hide it for review",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewFlag) (Flagged, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Flagged{}, err
			}
			hidden, err := api.App.Flag(ctx, s, commons.SubjectType(in.Subject.Type), in.Subject.ID, in.Reason)
			return Flagged{Hidden: hidden}, err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/reviews", id: "listReviews",
		summary: "The community's reviews of hidden content, open ones first (members)", status: http.StatusOK, auth: true,
		errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Review], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Review]{}, err
			}
			rs, err := api.App.Reviews(ctx, s)
			return listOf(rs, "", reviewOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/reviews/{id}", id: "getReview", summary: "One review (members and the author)",
		status: http.StatusOK, auth: true, errors: []int{401, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Review, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectReview)
			if err != nil {
				return Review{}, err
			}
			rv, err := api.App.Review(ctx, s, r.PathValue("id"))
			return reviewOut(rv.Review), err
		})

	handle(api, op{method: "POST", path: "/api/v1/reviews/{id}/answer", id: "answerReview",
		summary: "The author answers the flags", status: http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ReviewAnswer) (Review, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectReview)
			if err != nil {
				return Review{}, err
			}
			if err := api.App.AnswerReview(ctx, s, r.PathValue("id"), in.Answer); err != nil {
				return Review{}, err
			}
			rv, err := api.App.Review(ctx, s, r.PathValue("id"))
			return reviewOut(rv.Review), err
		})

	handle(api, op{method: "POST", path: "/api/v1/reviews/{id}/scores", id: "scoreReview",
		summary: "Score the options while the review is open (members in good standing, not the author)", status: http.StatusOK,
		auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ReviewScores) (Review, error) {
			sc := commons.Scores{commons.OutcomeRestore: in.Restore, commons.OutcomeKeepHidden: in.KeepHidden, commons.OutcomeRemove: in.Remove}
			s, err := api.scopeOf(ctx, r, commons.SubjectReview)
			if err != nil {
				return Review{}, err
			}
			if err := api.App.ScoreReview(ctx, s, r.PathValue("id"), sc); err != nil {
				return Review{}, err
			}
			rv, err := api.App.Review(ctx, s, r.PathValue("id"))
			return reviewOut(rv.Review), err
		})
}
