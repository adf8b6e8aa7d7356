package web

import (
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// PostalAddress writes a place's address one part a line, as an envelope
// would: the street line, the postal code and city, the region, and the
// country by name in the reader's language; "" when it has none.
func (v *view) PostalAddress(street string, p commons.PostalAddress) string {
	var lines []string
	for _, l := range []string{street, strings.TrimSpace(p.PostalCode + " " + p.City), p.Region, v.country(p.Country)} {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

func (v *view) country(code string) string {
	if code == "" {
		return ""
	}
	return v.L.Country(code)
}

// postalAddressFrom reads the fields of "postal-address-fields".
func postalAddressFrom(f *form) commons.PostalAddress {
	return commons.PostalAddress{City: f.Get("city"), Region: f.Get("region"), PostalCode: f.Get("postal_code"), Country: f.Get("country")}
}
