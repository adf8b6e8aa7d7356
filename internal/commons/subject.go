package commons

import (
	"slices"
	"strings"
)

// Subject describes one kind of thing in a community that people can talk
// about, flag or link to. It is the only list of such kinds: the store
// reads its table, the use cases its abilities, the pages its path. A kind
// that is not here is an error everywhere, never a default.
type Subject struct {
	Type SubjectType
	// Table holds the things of this kind, keyed by (community_id, id);
	// NameColumn is the column a person knows one by.
	Table, NameColumn string
	// AuthorColumn is the SQL expression for the person answerable for a
	// thing (told when a flaggable one is hidden, who may answer its
	// review); while that person is suspended, the thing is not shown.
	AuthorColumn string
	// PagePath is the page that shows one of them, with {slug} and {id}
	// to fill in; empty when they are shown on another thing's page.
	PagePath string
	// Discussable things can have threads about them; Flaggable ones can
	// be reported and hidden by peers (their table has a moderation
	// column).
	Discussable, Flaggable bool
	// Personal things belong to people, not to a community (a
	// conversation): they have no community_id and no scope.
	Personal bool
	// IDColumn is the column that holds a thing's id within its
	// community, when it is not "id" (a person is a member row, keyed by
	// user_id). Such a thing is known only within a community: it cannot
	// be found by its id alone.
	IDColumn string
}

// Key is the column that holds a thing's id within its community.
func (s Subject) Key() string {
	if s.IDColumn != "" {
		return s.IDColumn
	}
	return "id"
}

// The kinds of subject.
const (
	SubjectResource     SubjectType = "resource"
	SubjectOrganization SubjectType = "organization"
	SubjectInitiative   SubjectType = "initiative"
	SubjectActivity     SubjectType = "activity"
	SubjectThread       SubjectType = "thread"
	SubjectPost         SubjectType = "post"
	SubjectBooking      SubjectType = "booking"
	SubjectNeed         SubjectType = "need"
	SubjectPledge       SubjectType = "pledge"
	SubjectPartnership  SubjectType = "partnership"
	SubjectCommitment   SubjectType = "commitment"
	SubjectProposal     SubjectType = "proposal"
	SubjectReview       SubjectType = "review"
	SubjectConversation SubjectType = "conversation"
	// A fund round and an initiative's proposal to it (fund.go).
	SubjectFundRound       SubjectType = "fund_round"
	SubjectFundApplication SubjectType = "fund_application"
	// SubjectHours is a log of volunteer hours, addressed by id in the
	// API; it is shown on the hours pages, not a page of its own.
	SubjectHours SubjectType = "hours"
	// SubjectAchievement and SubjectAward are Open Badges: what a
	// community recognises, and one person's signed credential.
	SubjectAchievement SubjectType = "achievement"
	SubjectAward       SubjectType = "award"
	// SubjectIntent is an offer or a request (commons.Intent).
	SubjectIntent SubjectType = "intent"
	// Most Significant Change (msc.go): a cycle, a story, a panel.
	SubjectMSCCycle SubjectType = "msc_cycle"
	SubjectStory    SubjectType = "story"
	SubjectMSCPanel SubjectType = "msc_panel"
	// SubjectQualityRound is a self-assessment round; SubjectActionPoint
	// an action its panel agreed (quality.go).
	SubjectQualityRound SubjectType = "quality_round"
	SubjectActionPoint  SubjectType = "action_point"
	// SubjectPerson is a member of a community, as others meet them
	// there: reported through the same peer review as what people write
	// (issue 15, item 14); hidden, their member page is out of sight but
	// for the reviewers and themselves.
	SubjectPerson SubjectType = "person"
	// SubjectMessage is one direct message, reported by a participant of
	// its conversation to a community both people belong to (the
	// conversation itself belongs to no community). Its reviewers read a
	// copy of that one message, never the conversation.
	SubjectMessage SubjectType = "message"
)

// subjects is the registry, in the order lists show them.
var subjects = []Subject{
	{Type: SubjectResource, Table: "resources", NameColumn: "title", AuthorColumn: "COALESCE(owner_user_id, created_by, '')", PagePath: "/c/{slug}/resources/{id}", Discussable: true, Flaggable: true},
	{Type: SubjectOrganization, Table: "organizations", NameColumn: "name", AuthorColumn: "COALESCE(created_by, '')", PagePath: "/c/{slug}/organizations/{id}", Discussable: true, Flaggable: true},
	{Type: SubjectInitiative, Table: "initiatives", NameColumn: "title", AuthorColumn: "COALESCE(created_by, '')", PagePath: "/c/{slug}/initiatives/{id}", Discussable: true, Flaggable: true},
	{Type: SubjectActivity, Table: "activities", NameColumn: "title", AuthorColumn: "COALESCE(created_by, '')", PagePath: "/c/{slug}/activities/{id}", Discussable: true, Flaggable: true},
	{Type: SubjectThread, Table: "threads", NameColumn: "title", AuthorColumn: "COALESCE(author_id, '')", PagePath: "/c/{slug}/threads/{id}", Flaggable: true},
	{Type: SubjectPost, Table: "posts", NameColumn: "substr(body, 1, 80)", AuthorColumn: "COALESCE(author_id, '')", Flaggable: true},
	// A booking is shown to its requester on their own bookings page.
	{Type: SubjectBooking, Table: "bookings", PagePath: "/me/bookings"},
	{Type: SubjectNeed, Table: "needs", NameColumn: "description"},
	{Type: SubjectPledge, Table: "pledges"},
	{Type: SubjectPartnership, Table: "partnerships"},
	{Type: SubjectCommitment, Table: "commitments", NameColumn: "description"},
	{Type: SubjectProposal, Table: "activity_proposals", NameColumn: "title", AuthorColumn: "COALESCE(created_by, '')", PagePath: "/c/{slug}/proposals/{id}", Flaggable: true},
	{Type: SubjectReview, Table: "reviews", PagePath: "/reviews/{id}"},
	{Type: SubjectConversation, Table: "conversations", PagePath: "/messages/{id}", Personal: true},
	{Type: SubjectFundRound, Table: "fund_rounds", NameColumn: "title", PagePath: "/c/{slug}/fund/{id}", Discussable: true},
	{Type: SubjectFundApplication, Table: "fund_applications", NameColumn: "title", PagePath: "/c/{slug}/fund-proposals/{id}", Discussable: true},
	{Type: SubjectHours, Table: "volunteer_hours", NameColumn: "what"},
	{Type: SubjectAchievement, Table: "achievements", NameColumn: "name", PagePath: "/c/{slug}/achievements/{id}"},
	{Type: SubjectAward, Table: "awards", PagePath: "/credentials/{id}"},
	{Type: SubjectIntent, Table: "intents", NameColumn: "title", AuthorColumn: "COALESCE(owner_user_id, created_by, '')", PagePath: "/c/{slug}/offers/{id}"},
	{Type: SubjectMSCCycle, Table: "msc_cycles", NameColumn: "title", PagePath: "/c/{slug}/msc/{id}"},
	{Type: SubjectStory, Table: "msc_stories", NameColumn: "title", PagePath: "/c/{slug}/stories/{id}"},
	{Type: SubjectMSCPanel, Table: "msc_panels", NameColumn: "name", PagePath: "/c/{slug}/msc-panels/{id}"},
	{Type: SubjectQualityRound, Table: "quality_rounds", NameColumn: "title", PagePath: "/c/{slug}/quality/{id}"},
	{Type: SubjectActionPoint, Table: "quality_action_points", NameColumn: "text"},
	{Type: SubjectPerson, Table: "members", IDColumn: "user_id", NameColumn: "(SELECT u.name FROM users u WHERE u.id = members.user_id)",
		AuthorColumn: "user_id", PagePath: "/c/{slug}/members/{id}", Flaggable: true},
	{Type: SubjectMessage, Table: "messages", NameColumn: "''", AuthorColumn: "COALESCE(author_id, '')", Flaggable: true, Personal: true},
}

// SubjectOf returns the registry's entry for a kind; an unknown kind is
// invalid input naming the field "subject.type".
func SubjectOf(t SubjectType) (Subject, error) {
	for _, s := range subjects {
		if s.Type == t {
			return s, nil
		}
	}
	var v Validator
	OneOf(&v, "subject.type", t, SubjectTypes(func(Subject) bool { return true }))
	return Subject{}, v.Err()
}

// SubjectTypes lists the kinds that pass keep, in the registry's order.
func SubjectTypes(keep func(Subject) bool) []SubjectType {
	var out []SubjectType
	for _, s := range subjects {
		if keep(s) {
			out = append(out, s.Type)
		}
	}
	return out
}

// Flaggable and Discussable select kinds for SubjectTypes.
func Flaggable(s Subject) bool { return s.Flaggable }

// FlaggableInCommunity selects the flaggable kinds that belong to a
// community, reported through its flag form; a personal one (a direct
// message) is reported from its conversation (ReportMessage).
func FlaggableInCommunity(s Subject) bool { return s.Flaggable && !s.Personal }
func Discussable(s Subject) bool          { return s.Discussable }

// Can reports whether a kind is known and passes keep.
func (t SubjectType) Can(keep func(Subject) bool) bool {
	return slices.Contains(SubjectTypes(keep), t)
}

// Path is the page that shows one thing of this kind, or "" when it has
// none of its own.
func (s Subject) Path(communitySlug, id string) string {
	return strings.NewReplacer("{slug}", communitySlug, "{id}", id).Replace(s.PagePath)
}

// PagePath is the page of one thing of a kind, for notifications and
// links: "" for a kind the registry does not know or that has no page.
// communitySlug is "" for pages outside a community (reviews, messages).
func PagePath(t SubjectType, communitySlug, id string) string {
	s, err := SubjectOf(t)
	if err != nil {
		return ""
	}
	return s.Path(communitySlug, id)
}
