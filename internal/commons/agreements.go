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
