package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/markdown"
)

type conversationsData struct {
	Conversations []conversationRow
	Next          string
	Blocks        []commons.ConversationMember
}

func (w *Web) conversations(r *http.Request, v *view) (string, error) {
	cs, next, err := w.App.Conversations(r.Context(), v.User, commons.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return "", err
	}
	blocks, err := w.App.Blocks(r.Context(), v.User)
	if err != nil {
		return "", err
	}
	rows := make([]conversationRow, len(cs))
	for i, c := range cs {
		rows[i] = conversationRow{Conversation: c, Others: others(c, v.User.ID), Excerpt: excerpt(markdown.Text(c.Last.Body), lastExcerptRunes)}
		if !commons.MessageShown(c.Last.Moderation) {
			rows[i].Excerpt = v.L.T("message_report.hidden")
		}
	}
	v.Title, v.Data = v.L.T("messages.title"), conversationsData{Conversations: rows, Next: next, Blocks: blocks}
	return "messages", nil
}

// conversationRow is a conversation in the list, named by the others in it.
type conversationRow struct {
	commons.Conversation
	Others  string
	Excerpt string // the start of the last message as plain text (no Markdown marks), on one line
}

// lastExcerptRunes is how much of a conversation's last message its row
// shows.
const lastExcerptRunes = 140

// excerpt is the start of a text, its lines joined, cut at a word with an
// ellipsis when longer than n characters.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

func others(c commons.Conversation, self string) string {
	var names []string
	for _, m := range c.Members {
		if m.UserID != self {
			names = append(names, m.Name)
		}
	}
	return strings.Join(names, ", ")
}

type newMessageData struct {
	To []commons.ConversationMember
	// Slots are the pickers' field names when the writer chooses the
	// people (no "to" given): up to the others a conversation may hold,
	// the first shown, the rest folded.
	Slots    []pickSlot
	MoreOpen bool // a folded picker is filled or has a problem
}

// pickSlot is one picker of /messages/new: its field, label and hint.
type pickSlot struct {
	Name, Label, Hint string
	First             bool
}

// pickSlots names the pickers of /messages/new.
func pickSlots() []pickSlot {
	out := make([]pickSlot, commons.MaxConversationSize-1)
	for i := range out {
		n := strconv.Itoa(i + 1)
		out[i] = pickSlot{Name: "to_name_" + n, Label: "picker.person_" + n, First: i == 0}
	}
	out[0].Hint = "picker.to_hint"
	return out
}

// newMessagePage shows the form to write to people: named by id in the
// form's "to" values (from a member's page), or else chosen by name among
// the people of the writer's communities; shown again, with its problems,
// when sending is refused.
func (w *Web) newMessagePage(r *http.Request, v *view) (string, error) {
	if v.User == nil {
		return "", commons.Unauthenticated()
	}
	f := v.Form
	if f == nil {
		f = &form{Values: url.Values{"to": r.URL.Query()["to"]}, Errors: map[string]string{}}
	}
	var d newMessageData
	if len(f.Values["to"]) >= commons.MaxConversationSize {
		return "", commons.Errorf(commons.CodeInvalid, "error.message.too_many", "Max", commons.MaxConversationSize)
	}
	for _, id := range f.Values["to"] {
		name, err := w.App.PersonName(r.Context(), v.User, id)
		if err != nil {
			return "", err
		}
		d.To = append(d.To, commons.ConversationMember{UserID: id, Name: name})
	}
	if len(d.To) == 0 {
		ps, err := w.App.Correspondents(r.Context(), v.User)
		if err != nil {
			return "", err
		}
		v.Pickable, d.Slots = ps, pickSlots()
		for _, slot := range d.Slots[1:] {
			if f.Get(slot.Name) != "" || f.Errors[slot.Name] != "" {
				d.MoreOpen = true
			}
		}
	}
	v.Title, v.Form, v.Data = v.L.T("messages.new"), f, d
	return "message_new", nil
}

func (w *Web) sendMessage(r *http.Request, v *view, f *form) (done, error) {
	to := f.Values["to"]
	if len(to) == 0 {
		// Chosen by name: each filled picker names one person.
		ps, err := w.App.Correspondents(r.Context(), v.User)
		if err != nil {
			return done{}, err
		}
		var problem error
		for _, slot := range pickSlots() {
			if f.Get(slot.Name) == "" && f.Get(slot.Name+"_id") == "" {
				continue
			}
			p, matches, err := app.PickMember(ps, slot.Name, f.Get(slot.Name), f.Get(slot.Name+"_id"))
			keepMatches(f, slot.Name, matches)
			if err != nil {
				if problem == nil {
					problem = err
				} else if e, ok := problem.(*commons.Error); ok && commons.CodeOf(err) == commons.CodeInvalid {
					for k, m := range commons.ErrorOf(err).Fields {
						e.Fields[k] = m
					}
				}
				continue
			}
			to = append(to, p.UserID)
		}
		if problem != nil {
			return done{}, problem
		}
		if len(to) == 0 {
			return done{}, &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.invalid"),
				Fields: map[string]commons.Message{"to_name_1": commons.Msg("error.message.nobody")}}
		}
	}
	conv, _, err := w.App.SendDirect(r.Context(), v.User, to, f.Get("body"))
	return done{To: "/messages/" + conv + "#end", Flash: "flash.message_sent"}, err
}

type messageRow struct {
	commons.DirectMessage
	HTML template.HTML
	// Hidden: a review upheld a report of it (its text is not given).
	Hidden bool
}

type conversationData struct {
	Conversation commons.Conversation
	Messages     []messageRow
	Others       []commons.ConversationMember
	// Reports says which messages the reader may report, and where.
	Reports app.MessageReports
}

// conversation shows one of the reader's conversations; shown again, with
// the problem, when a reply is refused.
func (w *Web) conversation(r *http.Request, v *view) (string, error) {
	c, err := w.App.Conversation(r.Context(), v.User, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	d := conversationData{Conversation: c}
	for _, m := range c.Messages {
		d.Messages = append(d.Messages, messageRow{DirectMessage: m, HTML: w.App.Markdown.HTML(m.Body), Hidden: !commons.MessageShown(m.Moderation)})
	}
	if d.Reports, err = w.App.MessageReportsFor(r.Context(), v.User, c); err != nil {
		return "", err
	}
	for _, m := range c.Members {
		if m.UserID != v.User.ID {
			d.Others = append(d.Others, m)
		}
	}
	v.Title, v.Data = v.L.T("messages.conversation"), d
	return "conversation", nil
}

func (w *Web) reply(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.Reply(r.Context(), v.User, id, f.Get("body"))
	if e := commons.ErrorOf(err); err != nil && e.Code == commons.CodeForbidden && len(e.Fields) == 0 {
		// Being blocked is said on the form, where the writer looks.
		e2 := *e
		e2.Fields = map[string]commons.Message{"": e.Message}
		return done{}, &e2
	}
	return done{To: "/messages/" + id + "#end", Flash: "flash.message_sent"}, err
}

// block and unblock answer the buttons beside a person; they return to
// the page the button was on.
func (w *Web) block(r *http.Request, v *view, f *form) (done, error) {
	return done{To: localPath(f.Get("next"), "/messages"), Flash: "flash.blocked"}, w.App.Block(r.Context(), v.User, r.PathValue("user_id"))
}

func (w *Web) unblock(r *http.Request, v *view, f *form) (done, error) {
	return done{To: localPath(f.Get("next"), "/messages"), Flash: "flash.unblocked"}, w.App.Unblock(r.Context(), v.User, r.PathValue("user_id"))
}
