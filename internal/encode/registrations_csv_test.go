package encode

import (
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/commons"
)

func TestRegistrationsCSV(t *testing.T) {
	var b strings.Builder
	err := RegistrationsCSV(&b, []Registrant{{1, "Mair, Evans", commons.Registered}, {2, "=HYPERLINK()", commons.Waitlisted}, {3, "", commons.Waitlisted}})
	want := "position,name,status\n1,\"Mair, Evans\",registered\n2,'=HYPERLINK(),waitlisted\n3,,waitlisted\n"
	if err != nil || b.String() != want {
		t.Fatalf("%q %v", b.String(), err)
	}
}
