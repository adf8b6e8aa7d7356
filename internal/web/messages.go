package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/commons-project/commons/internal/commons"
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
		rows[i] = conversationRow{Conversation: c, Others: others(c, v.User.ID)}
	}
	v.Title, v.Data = v.L.T("messages.title"), conversationsData{Conversations: rows, Next: next, Blocks: blocks}
	return "messages", nil
}

// conversationRow is a conversation in the list, named by the others in it.
type conversationRow struct {
	commons.Conversation
	Others string
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
}

// newMessagePage shows the form to write to people, named by id in the
// form's "to" values (from a member's page); shown again, with its
// problems, when sending is refused.
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
		return "", commons.Errorf(commons.CodeNotFound, "error.message.no_such_person")
	}
	v.Title, v.Form, v.Data = v.L.T("messages.new"), f, d
	return "message_new", nil
}

func (w *Web) sendMessage(r *http.Request, v *view, f *form) (done, error) {
	conv, _, err := w.App.SendDirect(r.Context(), v.User, f.Values["to"], f.Get("body"))
	return done{To: "/messages/" + conv + "#end", Flash: "flash.message_sent"}, err
}

type messageRow struct {
	commons.DirectMessage
	HTML template.HTML
}

type conversationData struct {
	Conversation commons.Conversation
	Messages     []messageRow
	Others       []commons.ConversationMember
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
		d.Messages = append(d.Messages, messageRow{DirectMessage: m, HTML: w.App.Markdown.HTML(m.Body)})
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
