package commons

import (
	"strings"
	"unicode"
)

// PostalAddress is the rest of a place's address, beside its street line
// (the free-text Address an organization always had, now its first line):
// the parts that open-data formats such as HSDS's address ask for.
type PostalAddress struct {
	City       string
	Region     string // state, province or county
	PostalCode string
	Country    string // ISO 3166-1 alpha-2, upper case ("GB")
}

// Contact is the person or desk to ask about an organization. It is
// published — to visitors and in open data — only when Public: a contact
// may be someone who did not ask to be on the open web.
type Contact struct {
	Name   string
	Title  string
	Email  string
	Phone  string
	Public bool
}

// Limits of the address and contact parts.
const (
	MaxAddressPartLen = 200
	MaxPhoneLen       = 40
)

// Normalize trims the parts; the country code is upper case.
func (a *PostalAddress) Normalize() {
	a.City = strings.TrimSpace(a.City)
	a.Region = strings.TrimSpace(a.Region)
	a.PostalCode = strings.TrimSpace(a.PostalCode)
	a.Country = strings.ToUpper(strings.TrimSpace(a.Country))
}

// Validate checks the parts: single lines, and a country of two letters.
func (a *PostalAddress) Validate(v *Validator) {
	v.Line("city", a.City, false, MaxAddressPartLen)
	v.Line("region", a.Region, false, MaxAddressPartLen)
	v.Line("postal_code", a.PostalCode, false, 20)
	v.Line("country", a.Country, false, MaxAddressPartLen)
	if !v.Failed("country") && a.Country != "" && (len(a.Country) != 2 || !isUpperASCII(a.Country)) {
		v.Fail("country", Msg("error.field.country"))
	}
}

// IsZero reports an address with no parts.
func (a PostalAddress) IsZero() bool { return a == PostalAddress{} }

// PlaceChange edits a postal address; nil parts stay.
type PlaceChange struct {
	City, Region, PostalCode, Country *string
}

// Apply sets the parts the change gives.
func (ch PlaceChange) Apply(a *PostalAddress) {
	for _, p := range []struct{ dst, src *string }{{&a.City, ch.City}, {&a.Region, ch.Region},
		{&a.PostalCode, ch.PostalCode}, {&a.Country, ch.Country}} {
		if p.src != nil {
			*p.dst = *p.src
		}
	}
}

func isUpperASCII(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// Normalize trims the contact's fields.
func (c *Contact) Normalize() {
	c.Name = strings.TrimSpace(c.Name)
	c.Title = strings.TrimSpace(c.Title)
	c.Email = strings.TrimSpace(c.Email)
	c.Phone = strings.TrimSpace(c.Phone)
}

// Validate checks a contact: an address that is one, and a telephone
// number of digits with the usual separators (+, spaces, dashes, dots,
// brackets), at least five digits.
func (c *Contact) Validate(v *Validator) {
	v.Line("contact_name", c.Name, false, MaxNameLen)
	v.Line("contact_title", c.Title, false, MaxNameLen)
	v.Email("contact_email", c.Email, false)
	v.Line("contact_phone", c.Phone, false, MaxPhoneLen)
	if !v.Failed("contact_phone") && c.Phone != "" && !isPhone(c.Phone) {
		v.Fail("contact_phone", Msg("error.field.phone"))
	}
}

// IsZero reports a contact with nothing in it.
func (c Contact) IsZero() bool {
	return c.Name == "" && c.Title == "" && c.Email == "" && c.Phone == ""
}

// ShownTo is the contact as a reader sees it: whole for the community's
// members, and for everyone when it is public; nothing otherwise.
func (c Contact) ShownTo(member bool) Contact {
	if member || c.Public {
		return c
	}
	return Contact{}
}

func isPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case unicode.IsDigit(r) && r < 128:
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return false
		}
	}
	return digits >= 5
}

// Dial is the telephone number as a tel: link dials it: its digits, and
// a leading + if it has one.
func (c Contact) Dial() string {
	var b strings.Builder
	for i, r := range c.Phone {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
