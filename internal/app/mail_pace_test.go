package app

import (
	"context"
	"testing"
	"time"
)

// The mail loop's rest after writing a mail ends with its context, so
// that a server stopping is never held back by it.
func TestMailRestEndsWithTheContext(t *testing.T) {
	a := &App{MailPace: 1e9} // a second's writing would rest for decades
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		a.restAfter(ctx, time.Second)
		close(done)
	}()
	cancel()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("the rest went on after its context ended")
	}
	(&App{}).restAfter(context.Background(), time.Hour) // MailPace 0 never rests
}
