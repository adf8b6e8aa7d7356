package commons

import (
	"strings"
	"time"
)

// Sector is the part of society an organization belongs to. Sectors are
// equals: a citizen group has the same screens and rights as a council.
type Sector string

// The six sectors of API.md.
const (
	SectorPublicAuthority Sector = "public_authority"
	SectorBusiness        Sector = "business"
	SectorEducation       Sector = "education"
	SectorCulture         Sector = "culture"
	SectorNGO             Sector = "ngo"
	SectorCitizenGroup    Sector = "citizen_group"
)

// Sectors lists every sector in the order pages show them.
var Sectors = []Sector{SectorPublicAuthority, SectorBusiness, SectorEducation, SectorCulture, SectorNGO, SectorCitizenGroup}

// ValidSector reports whether s names a sector.
func ValidSector(s Sector) bool {
	for _, x := range Sectors {
		if s == x {
			return true
		}
	}
	return false
}

// Organization is an actor of a community: a council, a school, a library,
// a business, an NGO or a group of active citizens.
type Organization struct {
	ID          string
	CommunityID string
	Name        string
	Sector      Sector
	Description string
	Website     string
	Email       string
	Address     string // the street line (HSDS address_1)
	Place       PostalAddress
	Contact     Contact
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Moderation  Moderation
	Archive     Archive
	MemberCount int
}

// OrganizationFields are the editable fields of an organization.
type OrganizationFields struct {
	Name        string
	Sector      Sector
	Description string
	Website     string
	Email       string
	Address     string
	Place       PostalAddress
	Contact     Contact
}

// Normalize trims input.
func (f *OrganizationFields) Normalize() {
	f.Name = strings.TrimSpace(f.Name)
	f.Sector = Sector(strings.TrimSpace(string(f.Sector)))
	f.Description = strings.TrimSpace(f.Description)
	f.Website = strings.TrimSpace(f.Website)
	f.Email = strings.TrimSpace(f.Email)
	f.Address = strings.TrimSpace(f.Address)
	f.Place.Normalize()
	f.Contact.Normalize()
}

// Validate checks an organization's fields.
func (f *OrganizationFields) Validate(v *Validator) {
	v.Line("name", f.Name, true, MaxNameLen)
	OneOf(v, "sector", f.Sector, Sectors)
	v.Text("description", f.Description, false, MaxDescriptionLen)
	v.URL("website", f.Website)
	v.Email("email", f.Email, false)
	v.Text("address", f.Address, false, MaxShortTextLen)
	f.Place.Validate(v)
	f.Contact.Validate(v)
}

// OrganizationChange edits an organization; nil fields stay.
type OrganizationChange struct {
	Name, Description, Website, Email, Address *string
	Sector                                     *Sector
	Place                                      PlaceChange
	Contact                                    *Contact
}

// Apply returns the organization's fields after the change.
func (ch *OrganizationChange) Apply(o *Organization) OrganizationFields {
	f := OrganizationFields{Name: o.Name, Sector: o.Sector, Description: o.Description, Website: o.Website, Email: o.Email, Address: o.Address,
		Place: o.Place, Contact: o.Contact}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&f.Name, ch.Name)
	set(&f.Description, ch.Description)
	set(&f.Website, ch.Website)
	set(&f.Email, ch.Email)
	set(&f.Address, ch.Address)
	if ch.Sector != nil {
		f.Sector = *ch.Sector
	}
	ch.Place.Apply(&f.Place)
	if ch.Contact != nil {
		f.Contact = *ch.Contact
	}
	f.Normalize()
	return f
}

// OrgRole is a person's role in an organization.
type OrgRole string

// Organization roles: admins edit the organization and its members.
const (
	OrgAdmin  OrgRole = "admin"
	OrgMember OrgRole = "member"
)

// OrgRoles lists the organization roles.
var OrgRoles = []OrgRole{OrgAdmin, OrgMember}

// OrgMembership is a person's place in an organization.
type OrgMembership struct {
	OrganizationID string
	UserID         string
	Name           string
	Role           OrgRole
	AddedAt        time.Time
}

// OrganizationFilter selects organizations of a community's directory.
type OrganizationFilter struct {
	Sector Sector
	Query  string // words that must all appear in the name or description
	Page   Page
}

// Page asks for one page of a list.
type Page struct {
	Limit  int
	Cursor string
}

// Page sizes of API.md.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)
