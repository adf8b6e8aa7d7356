package commons

import "time"

// Agreements is one version of a community's agreements: how its members
// mean to treat each other and share, which flags on content cite.
type Agreements struct {
	CommunityID string
	Version     int
	Body        string
	AuthorID    string
	AuthorName  string
	CreatedAt   time.Time
}

// MaxAgreementsLen bounds the agreements' text.
const MaxAgreementsLen = 50000

// MaxAgreementVersionsPerDay bounds how many versions of a community's
// agreements are kept in a day. Every version is kept for good (flags cite
// them), whole, so without a bound saving again and again would grow the
// database by up to MaxAgreementsLen a save; a day's real editing is a
// handful of saves.
const MaxAgreementVersionsPerDay = 20
