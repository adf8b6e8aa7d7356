package commons

import "time"

// Busy times are periods when a resource is taken outside Commons — a
// library's own room calendar — imported by its stewards from an .ics
// file. They block bookings as confirmed bookings do, and show in the
// resource's feed as busy. An import replaces the resource's previous one.

// Limits of one import: the file, the events in it, and the periods they
// make in the window that matters (a year ahead): enough for a room
// booked every hour of every working day, and small enough to check in one
// transaction.
const (
	MaxBusyFileBytes = 4 << 20
	MaxBusyEvents    = 20000
	MaxBusyPeriods   = 5000
	BusyWindow       = 366 * 24 * time.Hour
	// MaxRecurrenceSteps bounds the work of expanding repeating events
	// that started long before the window.
	MaxRecurrenceSteps = 1000000
)

// BusyTime is one imported period when a resource is taken.
type BusyTime struct {
	ID          string
	CommunityID string
	ResourceID  string
	Source      string // the file's name or the feed's address
	StartsAt    time.Time
	EndsAt      time.Time
	ImportedAt  time.Time
}

// BusyImport is what an import did: how many periods it keeps, and the
// confirmed bookings that now overlap them, for the stewards to settle.
type BusyImport struct {
	Periods   int
	Conflicts []Booking
}
