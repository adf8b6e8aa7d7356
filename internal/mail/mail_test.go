package mail

import (
	netmail "net/mail"
	"strings"
	"testing"
)

// A display name with quotes, commas or non-ASCII letters still makes an
// address header that parses back to the same person (issue 21: an odd
// number of '"' made mail to that person fail, silently).
func TestRecipientNameIsQuoted(t *testing.T) {
	for _, name := range []string{`Anna "the boss`, `Smith, John`, `Олена "Лена" Коваль`, `<script>`, `a\b`} {
		msg, err := build(Message{From: "commons@example.org", To: "anna@example.org", ToName: name, Subject: "Hi", Text: "Hello"})
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		var b strings.Builder
		if _, err := msg.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		m, err := netmail.ReadMessage(strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		to, err := m.Header.AddressList("To")
		if err != nil || len(to) != 1 || to[0].Address != "anna@example.org" || to[0].Name != name {
			t.Errorf("%q: To %q parses to %v, %v", name, m.Header.Get("To"), to, err)
		}
	}
}
