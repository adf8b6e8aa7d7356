package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

type conversationsData struct {
	Conversations []conversationRow
	Next          string
	Blocks        []commons.ConversationMember
}

func (w *Web) conversations(rw http.ResponseWriter, r *http.Request) {
	u := reqctx.User(r.Context())
	cs, next, err := w.App.Conversations(r.Context(), u, commons.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	blocks, err := w.App.Blocks(r.Context(), u)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v := w.view(r, nil)
	rows := make([]conversationRow, len(cs))
	for i, c := range cs {
		rows[i] = conversationRow{Conversation: c, Others: others(c, u.ID)}
	}
	v.Title, v.Data = v.L.T("messages.title"), conversationsData{Conversations: rows, Next: next, Blocks: blocks}
	w.render(rw, r, http.StatusOK, "messages", v)
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

func (w *Web) newMessagePage(rw http.ResponseWriter, r *http.Request) {
	w.renderNewMessage(rw, r, http.StatusOK, &form{Values: url.Values{"to": r.URL.Query()["to"]}, Errors: map[string]string{}}, nil)
}

// renderNewMessage shows the form to write to people, named by id in the
// form's "to" values (from a member's page).
func (w *Web) renderNewMessage(rw http.ResponseWriter, r *http.Request, status int, f *form, cause error) {
	u := reqctx.User(r.Context())
	if u == nil {
		w.Fail(rw, r, commons.Unauthenticated())
		return
	}
	v := w.view(r, nil)
	var d newMessageData
	if len(f.Values["to"]) >= commons.MaxConversationSize {
		w.Fail(rw, r, commons.Errorf(commons.CodeInvalid, "error.message.too_many", "Max", commons.MaxConversationSize))
		return
	}
	for _, id := range f.Values["to"] {
		name, err := w.App.PersonName(r.Context(), u, id)
		if err != nil {
			w.Fail(rw, r, err)
			return
		}
		d.To = append(d.To, commons.ConversationMember{UserID: id, Name: name})
	}
	if len(d.To) == 0 {
		w.Fail(rw, r, commons.Errorf(commons.CodeNotFound, "error.message.no_such_person"))
		return
	}
	if cause != nil && !formFailed(f, cause, v.L) {
		w.Fail(rw, r, cause)
		return
	}
	v.Title, v.Form, v.Data = v.L.T("messages.new"), f, d
	w.render(rw, r, status, "message_new", v)
}

func (w *Web) sendMessage(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	conv, _, err := w.App.SendDirect(r.Context(), reqctx.User(r.Context()), f.Values["to"], f.Get("body"))
	if err != nil {
		w.renderNewMessage(rw, r, commons.CodeOf(err).Status(), f, err)
		return
	}
	redirect(rw, r, "/messages/"+conv+"#end", "flash.message_sent")
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

func (w *Web) conversation(rw http.ResponseWriter, r *http.Request) {
	w.renderConversation(rw, r, http.StatusOK, nil, nil)
}

func (w *Web) renderConversation(rw http.ResponseWriter, r *http.Request, status int, f *form, cause error) {
	u := reqctx.User(r.Context())
	c, err := w.App.Conversation(r.Context(), u, r.PathValue("id"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v := w.view(r, nil)
	if f == nil {
		f = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	if cause != nil && !formFailed(f, cause, v.L) {
		w.Fail(rw, r, cause)
		return
	}
	d := conversationData{Conversation: c}
	for _, m := range c.Messages {
		d.Messages = append(d.Messages, messageRow{DirectMessage: m, HTML: w.App.Markdown.HTML(m.Body)})
	}
	for _, m := range c.Members {
		if m.UserID != u.ID {
			d.Others = append(d.Others, m)
		}
	}
	v.Title, v.Form, v.Data = v.L.T("messages.conversation"), f, d
	w.render(rw, r, status, "conversation", v)
}

func (w *Web) reply(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	id := r.PathValue("id")
	if _, err := w.App.Reply(r.Context(), reqctx.User(r.Context()), id, f.Get("body")); err != nil {
		if commons.CodeOf(err) == commons.CodeForbidden {
			// Being blocked is said on the form, where the writer looks.
			f.Error = w.view(r, nil).L.Msg(commons.ErrorOf(err).Message)
			w.renderConversation(rw, r, http.StatusForbidden, f, nil)
			return
		}
		w.renderConversation(rw, r, commons.CodeOf(err).Status(), f, err)
		return
	}
	redirect(rw, r, "/messages/"+id+"#end", "flash.message_sent")
}

// block and unblock answer the buttons beside a person; they return to
// the page the button was on.
func (w *Web) block(rw http.ResponseWriter, r *http.Request) {
	w.setBlock(rw, r, true)
}

func (w *Web) unblock(rw http.ResponseWriter, r *http.Request) {
	w.setBlock(rw, r, false)
}

func (w *Web) setBlock(rw http.ResponseWriter, r *http.Request, on bool) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	u, id := reqctx.User(r.Context()), r.PathValue("user_id")
	flash := "flash.unblocked"
	if on {
		err, flash = w.App.Block(r.Context(), u, id), "flash.blocked"
	} else {
		err = w.App.Unblock(r.Context(), u, id)
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, localPath(f.Get("next"), "/messages"), flash)
}
