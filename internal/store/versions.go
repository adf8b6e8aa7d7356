package store

import (
	"context"
	"slices"
)

// Data versions: every write transaction bumps, before it commits, the
// version of what it changed — the communities it declared with
// tx.touches, or else the global version (scope "") — so that a page
// rendered from the data and cached under the versions read before it was
// rendered is never served after a write changed what it shows. Forgetting
// is not possible: a transaction that declares nothing bumps the global
// version, which every cached page depends on. Only writes that no page
// shows (rate limits, form tokens, sign-in attempts, mail) say so with
// tx.touchesNoPage.

// txVersions is what a transaction declared it changes.
type txVersions struct {
	communities []string
	global      bool
	noPage      bool
}

// touches declares that the transaction changes only what pages of the
// community show (call it once per community it changes). Pages outside
// a community and pages that show other communities' data depend on the
// global version as well, which a touched community does not bump: so
// declare a community only where the write shows nowhere else.
func (t tx) touches(communityID string) {
	if communityID != "" && !slices.Contains(t.v.communities, communityID) {
		t.v.communities = append(t.v.communities, communityID)
	}
}

// touchesNoPage declares that the transaction changes nothing that a page
// shows from the data versions' scope: rate-limit counts, idempotency and
// form keys, sign-in attempts, the mail outbox. Notifications are counted
// per reader outside the cache.
func (t tx) touchesNoPage() { t.v.noPage = true }

// bumpVersions bumps, last thing before commit (so that the version rows
// stay locked as briefly as possible on PostgreSQL), the versions the
// transaction declared.
func (t tx) bumpVersions(ctx context.Context) error {
	scopes := t.v.communities
	if t.v.global || (len(scopes) == 0 && !t.v.noPage) {
		scopes = []string{""}
	}
	for _, scope := range scopes {
		if _, err := t.exec(ctx, `INSERT INTO data_versions (scope, n) VALUES (?, 1)
			ON CONFLICT (scope) DO UPDATE SET n = data_versions.n + 1`, scope); err != nil {
			return err
		}
	}
	return nil
}

// PageVersions are the versions a community's page depends on: the
// global one and the community's own, with the community's id.
type PageVersions struct {
	CommunityID       string
	Global, Community int64
}

// PageVersions reads, in one indexed query, the current versions for a
// page of the community whose address is slug (CommunityID "" when there
// is none). Read them before the data a page shows: the data is then at
// least as new as the versions, and a page kept under them is never older
// than they say.
func (s *Store) PageVersions(ctx context.Context, slug string) (PageVersions, error) {
	v := PageVersions{}
	err := s.queryRow(ctx, `SELECT COALESCE((SELECT n FROM data_versions WHERE scope = ''), 0),
		COALESCE((SELECT c.id FROM communities c WHERE c.slug = ?), ''),
		COALESCE((SELECT d.n FROM data_versions d JOIN communities c ON d.scope = c.id WHERE c.slug = ?), 0)`,
		slug, slug).Scan(&v.Global, &v.CommunityID, &v.Community)
	return v, s.classify(err)
}
