package live_test

import (
	"testing"

	"github.com/commons-project/commons/internal/live"
)

func TestHub(t *testing.T) {
	h := live.New()
	anna, stopAnna := h.Subscribe("anna")
	bran, _ := h.Subscribe("bran")
	everyone, _ := h.SubscribeAll()

	// Signals coalesce: two publications wait as one.
	h.Publish("anna")
	h.Publish("anna")
	<-anna
	<-everyone
	select {
	case <-anna:
		t.Fatal("a second signal was kept")
	default:
	}
	select {
	case <-bran:
		t.Fatal("bran heard anna's signal")
	default:
	}

	// "" signals everyone.
	h.Publish("")
	<-anna
	<-bran

	// A cancelled subscription hears nothing more; closing ends the rest.
	stopAnna()
	h.Publish("anna")
	select {
	case <-anna:
		t.Fatal("a cancelled subscription heard a signal")
	default:
	}
	h.Close()
	if _, open := <-bran; open {
		t.Fatal("closing the hub left a stream open")
	}
	for range everyone { // a pending signal first, then the end
	}
	if late, _ := h.Subscribe("carys"); late != nil {
		if _, open := <-late; open {
			t.Fatal("a subscription after closing is open")
		}
	}
}
