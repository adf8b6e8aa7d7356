package commons

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Code classifies an error for the people and programs that receive it. Each
// code maps to exactly one HTTP status (see Status), which is the only place
// where that mapping is made.
type Code string

// The codes of API.md. CodeInternal is never caused by input.
const (
	CodeBadRequest      Code = "bad_request"
	CodeUnauthenticated Code = "unauthenticated"
	CodeForbidden       Code = "forbidden"
	CodeNotFound        Code = "not_found"
	CodeConflict        Code = "conflict"
	CodeTooLarge        Code = "too_large"
	CodeInvalid         Code = "invalid"
	CodeRateLimited     Code = "rate_limited"
	CodeInternal        Code = "internal"
	// CodeUnavailable says the server cannot serve this now (its database
	// is away, or it holds as many streams as it may): try again later.
	CodeUnavailable Code = "unavailable"
	// CodeMethodNotAllowed says the path exists, for other methods.
	CodeMethodNotAllowed Code = "method_not_allowed"
)

// The years a time given to Commons may fall in: the zero time (year 1)
// and far-future times parse, but stand for no booking, activity or
// search, and would only earn a misleading message later.
const (
	MinYear = 1970
	MaxYear = 2200
)

// SaneTime reports whether t falls within MinYear and MaxYear.
func SaneTime(t time.Time) bool {
	y := t.UTC().Year()
	return y >= MinYear && y <= MaxYear
}

// TimeSlot is a span of time, start inclusive and end exclusive.
type TimeSlot struct {
	Start, End time.Time
}

// Overlaps reports whether two slots share any instant; one that ends when
// the other begins does not.
func (t TimeSlot) Overlaps(o TimeSlot) bool { return t.Start.Before(o.End) && o.Start.Before(t.End) }

// Status is the HTTP status that answers an error of this code.
func (c Code) Status() int {
	switch c {
	case CodeBadRequest:
		return http.StatusBadRequest
	case CodeUnauthenticated:
		return http.StatusUnauthorized
	case CodeForbidden:
		return http.StatusForbidden
	case CodeNotFound:
		return http.StatusNotFound
	case CodeConflict:
		return http.StatusConflict
	case CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeInvalid:
		return http.StatusUnprocessableEntity
	case CodeRateLimited:
		return http.StatusTooManyRequests
	case CodeUnavailable:
		return http.StatusServiceUnavailable
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	default:
		return http.StatusInternalServerError
	}
}

// Message is text meant for a person, kept as a catalog key and its
// arguments so that each reader gets it in their own language.
type Message struct {
	Key  string
	Args map[string]any
}

// Msg builds a Message from a key and alternating argument names and values.
func Msg(key string, nameValues ...any) Message {
	m := Message{Key: key}
	if len(nameValues) > 0 {
		m.Args = make(map[string]any, len(nameValues)/2)
		for i := 0; i+1 < len(nameValues); i += 2 {
			m.Args[fmt.Sprint(nameValues[i])] = nameValues[i+1]
		}
	}
	return m
}

// Error is the one error type that crosses layers. Handlers render it; the
// store and the rules create it.
type Error struct {
	Code    Code
	Message Message
	// Fields names the input fields at fault, each with why (CodeInvalid).
	Fields map[string]Message
	// RetryAfter tells a rate-limited caller when to try again.
	RetryAfter time.Duration
	// Conflicts lists the time slots that clash with confirmed bookings,
	// when a booking or a series of them is refused for that.
	Conflicts []TimeSlot
	// Err is the underlying cause, logged but never shown.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message.Key, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message.Key)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a code and a message key.
func Errorf(code Code, key string, nameValues ...any) *Error {
	return &Error{Code: code, Message: Msg(key, nameValues...)}
}

// Internal wraps an unexpected failure (a database that went away, a bug).
func Internal(err error) *Error {
	return &Error{Code: CodeInternal, Message: Msg("error.internal"), Err: err}
}

// Unavailable says the server cannot serve this now, and when to try again.
func Unavailable(key string, retry time.Duration, err error) *Error {
	return &Error{Code: CodeUnavailable, Message: Msg(key), RetryAfter: retry, Err: err}
}

// Common errors, made fresh each time so callers may decorate them.

// NotFound says the thing does not exist or is not visible to the caller.
func NotFound() *Error { return Errorf(CodeNotFound, "error.not_found") }

// Forbidden says the caller is known but not allowed.
func Forbidden() *Error { return Errorf(CodeForbidden, "error.forbidden") }

// Unauthenticated says the caller must sign in first.
func Unauthenticated() *Error { return Errorf(CodeUnauthenticated, "error.unauthenticated") }

// ErrorOf returns err as an *Error, wrapping anything else as internal.
func ErrorOf(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// CodeOf returns the code of err, CodeInternal for foreign errors.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	return ErrorOf(err).Code
}
