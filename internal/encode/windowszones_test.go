package encode

import (
	"testing"
	"time"
	_ "time/tzdata" // as the server reads zones (cmd/commons)
)

// Every Windows zone maps to a zone Go knows, under its canonical name.
func TestWindowsZonesLoad(t *testing.T) {
	for windows, iana := range windowsZones {
		if _, err := time.LoadLocation(iana); err != nil {
			t.Errorf("%s: %s: %v", windows, iana, err)
		}
	}
}
