package live

import (
	"errors"
	"testing"
)

func closedNow(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// A person's N+1th stream closes their oldest; past the node's total a new
// stream is refused, and released streams make room again.
func TestStreamLimits(t *testing.T) {
	s := NewStreams(StreamLimits{PerOwner: 3, Total: 5})
	var chans []<-chan struct{}
	var releases []func()
	for range 3 {
		ch, rel, err := s.Open("ann")
		if err != nil {
			t.Fatal(err)
		}
		chans, releases = append(chans, ch), append(releases, rel)
	}
	ch4, rel4, err := s.Open("ann")
	if err != nil {
		t.Fatal(err)
	}
	if !closedNow(chans[0]) || closedNow(chans[1]) || closedNow(ch4) {
		t.Fatal("the fourth stream did not close exactly the oldest")
	}
	releases[0]() // the displaced stream ends; it was already uncounted
	if mine, total := s.Count("ann"); mine != 3 || total != 3 {
		t.Fatalf("ann has %d of %d streams, want 3 of 3", mine, total)
	}
	if _, _, err := s.Open("bob"); err != nil {
		t.Fatal(err)
	}
	_, relBob, err := s.Open("bob")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Open("cai"); !errors.Is(err, ErrTooManyStreams) {
		t.Fatalf("a stream past the total: %v", err)
	}
	// Ann at her own cap still gets a new stream: it replaces her oldest.
	if _, _, err := s.Open("ann"); err != nil || !closedNow(chans[1]) {
		t.Fatalf("ann's stream at the total: %v", err)
	}
	relBob()
	rel4()
	if _, _, err := s.Open("cai"); err != nil {
		t.Fatalf("after two left: %v", err)
	}
	if _, total := s.Count(""); total != 4 {
		t.Fatalf("total %d, want 4", total)
	}
}

func TestDefaultStreamLimits(t *testing.T) {
	if l := DefaultStreamLimits(1024); l.Total != 512 || l.PerOwner < 2 {
		t.Fatalf("%+v", l)
	}
	if l := DefaultStreamLimits(10); l.Total != 16 {
		t.Fatalf("%+v", l)
	}
}
