// Package mail sends e-mail: through an SMTP server (go-mail), or, when
// none is configured, into the log, so that a small installation still
// shows what it would have sent.
package mail

import (
	"context"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one mail to one person.
type Message struct {
	// ID is the Message-ID without angle brackets. It is the same each time
	// the same mail is tried, so that a receiving server can tell a repeat.
	ID      string
	From    string
	To      string
	ToName  string
	Subject string
	// Text is the plain-text body.
	Text string
	// Lang is the language of the mail (Content-Language).
	Lang string
	// Unsubscribe is the https URL that stops these mails in one click
	// (RFC 8058); empty when there is none.
	Unsubscribe string
}

// Sender sends mail. Its two kinds are SMTP and Log.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends mail through an SMTP server.
type SMTP struct {
	client *gomail.Client
}

// NewSMTP configures sending through smtp://user:pass@host:port (STARTTLS
// when the server offers it) or smtps://… (TLS from the start).
func NewSMTP(rawURL string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("--smtp-url must look like smtp://user:pass@host:port")
	}
	opts := []gomail.Option{gomail.WithTimeout(30 * time.Second)}
	if u.Scheme == "smtps" {
		opts = append(opts, gomail.WithSSL(), gomail.WithPort(465))
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic), gomail.WithPort(587))
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("--smtp-url: bad port %q", p)
		}
		opts = append(opts, gomail.WithPort(n))
	}
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
	}
	c, err := gomail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return nil, fmt.Errorf("--smtp-url: %w", err)
	}
	return &SMTP{client: c}, nil
}

// Send delivers one message over a fresh connection. Mail is rare enough
// that holding a connection open between mails would only go stale.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := build(m)
	if err != nil {
		return err
	}
	return s.client.DialAndSendWithContext(ctx, msg)
}

func build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("mail from %q: %w", m.From, err)
	}
	// net/mail quotes and escapes the name (a name with an odd number of
	// '"' once made an address header that no server took, issue 21).
	if err := msg.To((&netmail.Address{Name: m.ToName, Address: m.To}).String()); err != nil {
		return nil, fmt.Errorf("mail to %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.ID)
	msg.SetDate()
	if m.Lang != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Lang)
	}
	// Mail written by a machine: no out-of-office answers, please.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	if m.Unsubscribe != "" {
		msg.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+m.Unsubscribe+">")
		// RFC 8058 allows one-click unsubscribing over HTTPS only.
		if strings.HasPrefix(m.Unsubscribe, "https://") {
			msg.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
		}
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	return msg, nil
}

// Log writes mail to the log instead of sending it.
type Log struct {
	Log *slog.Logger
}

// Send logs the message.
func (l Log) Send(ctx context.Context, m Message) error {
	l.Log.InfoContext(ctx, "mail (not sent: no --smtp-url)", "id", m.ID, "to", m.To, "lang", m.Lang,
		"subject", m.Subject, "unsubscribe", m.Unsubscribe, "text", m.Text)
	return nil
}
