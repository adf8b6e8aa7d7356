package commons

import "testing"

func TestPostalAddressAndContact(t *testing.T) {
	a := PostalAddress{City: " Cardiff ", Country: " gb "}
	a.Normalize()
	var v Validator
	a.Validate(&v)
	if v.Err() != nil || a.Country != "GB" || a.City != "Cardiff" {
		t.Errorf("a good address: %+v %v", a, v.Err())
	}
	for _, country := range []string{"GBR", "G1", "Ü"} {
		var v Validator
		(&PostalAddress{Country: country}).Validate(&v)
		if !v.Failed("country") {
			t.Errorf("country %q was taken", country)
		}
	}
	for phone, ok := range map[string]bool{"+44 29 2087 1000": true, "(029) 2087-1000": true, "call me": false, "12": false, "+44+1234567": false} {
		var v Validator
		(&Contact{Phone: phone}).Validate(&v)
		if v.Failed("contact_phone") == ok {
			t.Errorf("phone %q: valid %v, want %v", phone, !v.Failed("contact_phone"), ok)
		}
	}
	var ev Validator
	(&Contact{Email: "not an address"}).Validate(&ev)
	if !ev.Failed("contact_email") {
		t.Error("a contact's bad e-mail address was taken")
	}
	private := Contact{Name: "Ann", Phone: "029 2087 1000"}
	if got := private.ShownTo(false); !got.IsZero() {
		t.Errorf("a private contact shown to a visitor: %+v", got)
	}
	if got := private.ShownTo(true); got.Name != "Ann" {
		t.Errorf("a private contact hidden from a member: %+v", got)
	}
	if got := (Contact{Name: "Desk", Public: true}).ShownTo(false); got.Name != "Desk" {
		t.Errorf("a public contact hidden from a visitor: %+v", got)
	}
}
