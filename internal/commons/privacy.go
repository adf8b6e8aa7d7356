package commons

// MayShowPerson is the one rule for showing a person — their name, their
// profile, what they teach, learn and speak, the things they joined — to a
// reader in a community. People are private to their community by
// default: the community's active members see everyone in it, a person
// always sees themselves, and everyone else (visitors, members of other
// communities, applicants) sees a person only where that person chose a
// public profile in this community (public).
//
// The use cases apply it to every name they return, for the pages and the
// API alike; a name the reader may not see is blank in the read model and
// shown as "a member".
func MayShowPerson(readerIsActiveMember bool, readerID, personID string, public bool) bool {
	if personID == "" {
		return false // an erased account: nobody to show
	}
	return readerIsActiveMember || public || (readerID != "" && readerID == personID)
}

// ErasureBlocker is what keeps a person from erasing their account until
// they hand it over: the last admin of an organization, the last editor of
// a community.
type ErasureBlocker struct {
	// Kind is "organization" or "community".
	Kind string
	// Name is the organization's or the community's name; Path its page.
	Name, Path string
}

// ExportFormat names the export document's format, so that a reader (or
// a later version of Commons) knows what it holds.
const ExportFormat = "commons-personal-data/1"
