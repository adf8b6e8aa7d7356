package store

import "github.com/commons-project/commons/internal/commons"

// What a suspended person authored is hidden while they are suspended and
// shown again when they are not: nothing is deleted, so a mistaken
// suspension costs nothing. The rule lives here, in the FROM items of the
// queries that list and show things, so every page, the API, search and
// feeds that read through them obey it alike.

// unsuspended is the condition, on a row whose author is the SQL
// expression author (never NULL), that the author is not suspended. The
// few suspended accounts are read once per query, not once per row.
func unsuspended(author string) string {
	return author + " NOT IN (SELECT id FROM users WHERE suspended_at IS NOT NULL)"
}

// shown is a kind's table as a FROM item named alias, without the rows
// of suspended authors (the author as the subject registry names it).
func shown(typ commons.SubjectType, alias string) string {
	st, err := commons.SubjectOf(typ)
	if err != nil || st.AuthorColumn == "" {
		panic("store: no author for " + string(typ)) // a programming error, caught by any test
	}
	where := unsuspended(st.AuthorColumn)
	if st.Flaggable {
		// Reported content hidden for review is out of every list and
		// page but its review (issue 15: anything people write).
		where += " AND moderation = 'visible'"
	}
	return "(SELECT * FROM " + st.Table + " WHERE " + where + ") " + alias
}
