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

// A topic's streams hear its news; those who hear every person's news
// (the mail loop) do not, as a topic is no notification.
func TestHubTopics(t *testing.T) {
	h := live.New()
	defer h.Close()
	thread, _ := h.Subscribe("thread:1")
	other, _ := h.Subscribe("thread:2")
	everyone, _ := h.SubscribeAll()
	h.Publish("thread:1")
	<-thread
	for name, ch := range map[string]<-chan struct{}{"another thread": other, "the mail loop": everyone} {
		select {
		case <-ch:
			t.Fatalf("%s heard a thread's news", name)
		default:
		}
	}
	// After the hub may have missed something, topics hear too.
	h.Publish("")
	<-thread
	<-other
}
