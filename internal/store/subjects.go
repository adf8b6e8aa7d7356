package store

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// The store's side of the subject registry (commons/subject.go): every
// query that reaches "a thing of some kind" takes its table and columns
// from the registry, never from a list of its own.

// SubjectName checks that a thing exists in the community and returns its
// name; not found otherwise (an unknown kind too: the caller validates
// kinds, see commons.SubjectOf).
func (s *Store) SubjectName(ctx context.Context, communityID string, typ commons.SubjectType, id string) (string, error) {
	st, err := commons.SubjectOf(typ)
	if err != nil || !cleanText(id) {
		return "", commons.NotFound()
	}
	var name string
	err = s.queryRow(ctx, "SELECT "+st.NameColumn+" FROM "+st.Table+" WHERE community_id = ? AND "+st.Key()+" = ?", communityID, id).Scan(&name)
	return name, s.classify(err)
}

// FlaggableSubject returns the name and the author of flaggable content
// in the community, as the subject registry says where to find them.
func (s *Store) FlaggableSubject(ctx context.Context, communityID string, typ commons.SubjectType, id string) (name, authorID string, err error) {
	st, err := commons.SubjectOf(typ)
	if err != nil || !st.Flaggable || !cleanText(id) {
		return "", "", commons.NotFound()
	}
	err = s.queryRow(ctx, "SELECT "+st.NameColumn+", "+st.AuthorColumn+" FROM "+st.Table+" WHERE community_id = ? AND "+st.Key()+" = ?",
		communityID, id).Scan(&name, &authorID)
	return name, authorID, s.classify(err)
}

// CommunityOf returns the community a thing belongs to, for a request
// that names the thing by id alone (the API's /initiatives/{id}), in one
// query. The kind comes from the subject registry; an unknown one is an
// error, a personal one (a conversation) has no community.
func (s *Store) CommunityOf(ctx context.Context, typ commons.SubjectType, id string) (commons.Community, error) {
	sub, err := commons.SubjectOf(typ)
	if err != nil {
		return commons.Community{}, err
	}
	if sub.Personal || sub.IDColumn != "" || !cleanText(id) {
		return commons.Community{}, commons.NotFound()
	}
	c, err := scanCommunity(s.queryRow(ctx, "SELECT "+communityColumns+" FROM communities c WHERE c.id = (SELECT community_id FROM "+
		sub.Table+" WHERE id = ?)", id))
	return c, s.classify(err)
}
