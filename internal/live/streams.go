package live

import (
	"errors"
	"sync"
)

// StreamLimits bound the event streams a node keeps open. Each stream
// holds a connection, and so a file descriptor, for as long as its reader
// stays: without a bound one account opened 20,400 and the process ran out
// of descriptors for everyone (issue 21).
type StreamLimits struct {
	// PerOwner is how many streams one person (or one visitor's address)
	// may keep open; a new one past it closes their oldest, which is the
	// one most likely left behind by a closed laptop or a lost network.
	PerOwner int
	// Total is how many streams the node keeps open in all; past it new
	// streams are refused, so that ordinary requests still find room.
	Total int
}

// DefaultStreamLimits suits a node allowed this many open files: streams
// take at most half of them, the rest is left for requests, the database
// and files.
func DefaultStreamLimits(openFiles uint64) StreamLimits {
	total := max(16, int(min(openFiles, 1<<20)/2))
	return StreamLimits{PerOwner: 10, Total: total}
}

// ErrTooManyStreams says the node keeps as many streams open as it may.
var ErrTooManyStreams = errors.New("live: too many open streams")

// Streams counts the open streams of a node, per owner and in all.
type Streams struct {
	mu     sync.Mutex
	limits StreamLimits
	total  int
	// open holds each owner's streams, oldest first; a stream's channel
	// closes when a newer one of the same owner displaces it.
	open map[string][]chan struct{}
}

// NewStreams returns a counter with these limits.
func NewStreams(l StreamLimits) *Streams {
	return &Streams{limits: l, open: map[string][]chan struct{}{}}
}

// Open admits a stream of owner. The stream should end when closed is
// closed (a newer stream of the same owner displaced it) and call release
// when it ends. Past the node's total it answers ErrTooManyStreams.
func (s *Streams) Open(owner string) (closed <-chan struct{}, release func(), err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	mine := s.open[owner]
	if len(mine) >= s.limits.PerOwner {
		close(mine[0])
		mine = mine[1:]
		s.total--
	} else if s.total >= s.limits.Total {
		return nil, nil, ErrTooManyStreams
	}
	ch := make(chan struct{})
	s.open[owner] = append(mine, ch)
	s.total++
	return ch, func() { s.release(owner, ch) }, nil
}

func (s *Streams) release(owner string, ch chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	mine := s.open[owner]
	for i, c := range mine {
		if c == ch {
			s.open[owner] = append(mine[:i:i], mine[i+1:]...)
			s.total--
			break
		}
	}
	if len(s.open[owner]) == 0 {
		delete(s.open, owner)
	}
}

// Count is how many streams are open, of one owner and in all.
func (s *Streams) Count(owner string) (mine, total int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.open[owner]), s.total
}
