package store

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgxlisten"
)

// notificationChannel is the PostgreSQL channel on which every node hears
// that a person has a new notification (the payload is their user id) or
// that a topic has news (the payload is the topic, as ThreadTopic).
const notificationChannel = "commons_notifications"

func (postgres) announce(ctx context.Context, t tx, userID string) error {
	// NOTIFY is transactional: listeners hear it only if the transaction
	// commits, exactly when the notification exists.
	_, err := t.exec(ctx, "SELECT pg_notify(?, ?)", notificationChannel, userID)
	return err
}

// ListenNotifications calls fn with the user id of each person who gets a
// new notification, and with each topic that has news (ThreadTopic), on
// any node, until ctx ends. It also calls fn with ""
// when it starts listening and after each reconnection, since anything may
// have happened while it was not: listeners should then refresh everyone.
// On PostgreSQL it holds a connection of its own that LISTENs, reconnecting
// after a failure; on SQLite it hears this process's own transactions.
// logErr hears the failures it recovers from.
func (s *Store) ListenNotifications(ctx context.Context, fn func(userID string), logErr func(error)) error {
	if s.dsn == "" {
		stop := s.local.add(fn)
		defer stop()
		fn("")
		<-ctx.Done()
		return nil
	}
	l := &pgxlisten.Listener{
		Connect:        func(ctx context.Context) (*pgx.Conn, error) { return pgx.Connect(ctx, s.dsn) },
		LogError:       func(_ context.Context, err error) { logErr(err) },
		ReconnectDelay: 5 * time.Second,
	}
	l.Handle(notificationChannel, listenHandler(fn))
	err := l.Listen(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// listenHandler passes notifications on, and the moment of (re)listening
// as "".
type listenHandler func(userID string)

func (h listenHandler) HandleNotification(_ context.Context, n *pgconn.Notification, _ *pgx.Conn) error {
	h(n.Payload)
	return nil
}

func (h listenHandler) HandleBacklog(context.Context, string, *pgx.Conn) error {
	h("")
	return nil
}

// localListeners are the functions that hear of notifications committed
// in this process.
type localListeners struct {
	mu   sync.Mutex
	next int
	fns  map[int]func(string)
}

func (l *localListeners) add(fn func(string)) (remove func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fns == nil {
		l.fns = map[int]func(string){}
	}
	id := l.next
	l.next++
	l.fns[id] = fn
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.fns, id)
	}
}

func (l *localListeners) tell(userIDs []string) {
	if len(userIDs) == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, fn := range l.fns {
		for _, id := range userIDs {
			fn(id)
		}
	}
}
