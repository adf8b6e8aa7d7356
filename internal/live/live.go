// Package live tells open streams that their reader has something new.
// A Hub keeps, per person or per topic (such as a thread, see
// store.ThreadTopic), the streams connected to this node; what it hears
// comes from the store (Run), which on PostgreSQL hears every node through
// LISTEN/NOTIFY and on SQLite hears this process.
package live

import (
	"context"
	"log/slog"
	"strings"
	"sync"

	"github.com/commons-project/commons/internal/store"
)

// Hub fans signals out to the streams of this node.
type Hub struct {
	mu     sync.Mutex
	subs   map[string]map[chan struct{}]struct{}
	all    map[chan struct{}]struct{} // hear every person's news
	closed bool
	ready  chan struct{}
	once   sync.Once
}

// New returns an empty hub.
func New() *Hub {
	return &Hub{subs: map[string]map[chan struct{}]struct{}{}, all: map[chan struct{}]struct{}{}, ready: make(chan struct{})}
}

// SubscribeAll is Subscribe for news of anyone (the mail loop wakes on it).
func (h *Hub) SubscribeAll() (signal <-chan struct{}, cancel func()) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(ch)
		return ch, func() {}
	}
	h.all[ch] = struct{}{}
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.all, ch)
	}
}

// IsTopic tells a topic ("kind:id", as store.ThreadTopic) from a user id.
func IsTopic(key string) bool { return strings.Contains(key, ":") }

// Subscribe returns a channel that receives a signal whenever the person
// (or the topic, such as store.ThreadTopic(id)) may have something new, and is closed when the hub closes; call cancel
// when done. Signals coalesce: a reader that is busy gets one, not many,
// and should then look at what is new.
func (h *Hub) Subscribe(userID string) (signal <-chan struct{}, cancel func()) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(ch)
		return ch, func() {}
	}
	if h.subs[userID] == nil {
		h.subs[userID] = map[chan struct{}]struct{}{}
	}
	h.subs[userID][ch] = struct{}{}
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.subs[userID][ch]; ok {
			delete(h.subs[userID], ch)
			if len(h.subs[userID]) == 0 {
				delete(h.subs, userID)
			}
		}
	}
}

// Publish signals a person's streams, or a topic's; "" signals everyone's
// (after the hub may have missed something). It never blocks.
func (h *Hub) Publish(userID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	signal := func(set map[chan struct{}]struct{}) {
		for ch := range set {
			select {
			case ch <- struct{}{}:
			default: // a signal is already pending
			}
		}
	}
	// Those who hear "every person's news" want notifications, not topics.
	if !IsTopic(userID) {
		signal(h.all)
	}
	if userID != "" {
		signal(h.subs[userID])
		return
	}
	for _, set := range h.subs {
		signal(set)
	}
}

// Close ends every stream (at shutdown, which would otherwise wait for
// streams that never end); later subscriptions end at once.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for ch := range h.all {
		close(ch)
	}
	h.all = nil
	for _, set := range h.subs {
		for ch := range set {
			close(ch)
		}
	}
	h.subs = nil
}

// Ready is closed once the hub hears the store, so that nothing written
// after it is missed.
func (h *Hub) Ready() <-chan struct{} { return h.ready }

// Run feeds the hub from the store until ctx ends.
func (h *Hub) Run(ctx context.Context, st *store.Store, log *slog.Logger) error {
	return st.ListenNotifications(ctx, func(userID string) {
		if userID == "" {
			h.once.Do(func() { close(h.ready) })
		}
		h.Publish(userID)
	}, func(err error) {
		if ctx.Err() == nil {
			log.Warn("listening for notifications", "err", err)
		}
	})
}
