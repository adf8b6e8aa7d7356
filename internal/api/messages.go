package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

// NewMessage is a direct message to one person, or to a small group.
type NewMessage struct {
	ToUserID  string   `json:"to_user_id,omitempty" jsonschema:"description=One person: the message joins the conversation you two have"`
	ToUserIDs []string `json:"to_user_ids,omitempty" jsonschema:"maxItems=7,description=Several people: a new group conversation (up to 8 people with you)"`
	Body      string   `json:"body" jsonschema:"minLength=1,maxLength=20000,description=Markdown"`
}

// Message is one direct message.
type Message struct {
	ID             string    `json:"id"`
	ConversationID string    `json:"conversation_id"`
	AuthorID       string    `json:"author_id"`
	AuthorName     string    `json:"author_name"`
	Body           string    `json:"body"`
	HTML           string    `json:"html" jsonschema:"description=Rendered and sanitised"`
	CreatedAt      time.Time `json:"created_at"`
	Hidden         bool      `json:"hidden" jsonschema:"description=A review upheld a report of it: its body is empty for both people"`
}

// Person is someone in a conversation, or someone blocked.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Conversation is a private exchange; messages are present when one
// conversation is read (its latest 200).
type Conversation struct {
	ID            string    `json:"id"`
	Members       []Person  `json:"members"`
	LastMessageAt time.Time `json:"last_message_at"`
	Unread        bool      `json:"unread"`
	Messages      []Message `json:"messages,omitempty"`
}

// Reply is a message into a conversation.
type Reply struct {
	Body string `json:"body" jsonschema:"minLength=1,maxLength=20000"`
}

// NewMessageReport reports one direct message to a community's reviewers.
type NewMessageReport struct {
	Community string `json:"community,omitempty" jsonschema:"description=The slug of a community you and the message's author both belong to; its reviewers take the report (default: the first of them by name)"`
	Reason    string `json:"reason" jsonschema:"minLength=1,maxLength=2000,description=Which agreement it breaks and how"`
}

// MessageReported names the community whose reviewers took a report.
type MessageReported struct {
	Community string `json:"community" jsonschema:"description=The community's slug"`
}

// NewBlock names the person to block.
type NewBlock struct {
	UserID string `json:"user_id"`
}

func (api *API) messageOut(m commons.DirectMessage) Message {
	return Message{ID: m.ID, ConversationID: m.ConversationID, AuthorID: m.AuthorID, AuthorName: m.AuthorName, Body: m.Body,
		HTML: string(api.App.Markdown.HTML(m.Body)), CreatedAt: m.CreatedAt, Hidden: !commons.MessageShown(m.Moderation)}
}

func personOut(m commons.ConversationMember) Person { return Person{ID: m.UserID, Name: m.Name} }

func (api *API) conversationOut(c commons.Conversation) Conversation {
	out := Conversation{ID: c.ID, Members: []Person{}, LastMessageAt: c.LastMessageAt, Unread: c.Unread}
	for _, m := range c.Members {
		out.Members = append(out.Members, personOut(m))
	}
	for _, m := range c.Messages {
		out.Messages = append(out.Messages, api.messageOut(m))
	}
	return out
}

// sentMessage reads back the message just sent, from its conversation.
func (api *API) sentMessage(ctx context.Context, convID, msgID string) (Message, error) {
	c, err := api.App.Conversation(ctx, reqctx.User(ctx), convID)
	if err != nil {
		return Message{}, err
	}
	for _, m := range c.Messages {
		if m.ID == msgID {
			return api.messageOut(m), nil
		}
	}
	return Message{}, commons.NotFound()
}

func (api *API) routesMessages() {
	handle(api, op{method: "POST", path: "/api/v1/messages", id: "sendMessage",
		summary: "Send a direct message to a person you share a community with (or to a small group); 403 if one of them blocked you",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 413, 422, 429}},
		func(ctx context.Context, r *http.Request, in *NewMessage) (Message, error) {
			to := in.ToUserIDs
			if in.ToUserID != "" {
				to = append([]string{in.ToUserID}, to...)
			}
			convID, msgID, err := api.App.SendDirect(ctx, reqctx.User(ctx), to, in.Body)
			if err != nil {
				return Message{}, err
			}
			return api.sentMessage(ctx, convID, msgID)
		})

	handle(api, op{method: "GET", path: "/api/v1/conversations", id: "listConversations",
		summary: "Your conversations, the latest first", status: http.StatusOK, auth: true,
		query: []queryParam{{name: "limit", typ: "integer"}, {name: "cursor", typ: "string"}}, errors: []int{400, 401}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Conversation], error) {
			p, err := page(r)
			if err != nil {
				return List[Conversation]{}, err
			}
			cs, next, err := api.App.Conversations(ctx, reqctx.User(ctx), p)
			return listOf(cs, next, api.conversationOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/conversations/{id}", id: "getConversation",
		summary: "One of your conversations with its latest messages, oldest first; marks it read", status: http.StatusOK, auth: true,
		errors: []int{401, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Conversation, error) {
			c, err := api.App.Conversation(ctx, reqctx.User(ctx), r.PathValue("id"))
			return api.conversationOut(c), err
		})

	handle(api, op{method: "POST", path: "/api/v1/conversations/{id}/messages", id: "replyInConversation",
		summary: "Write in one of your conversations; 403 if someone in it blocked you", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422, 429}},
		func(ctx context.Context, r *http.Request, in *Reply) (Message, error) {
			id, err := api.App.Reply(ctx, reqctx.User(ctx), r.PathValue("id"), in.Body)
			if err != nil {
				return Message{}, err
			}
			return api.sentMessage(ctx, r.PathValue("id"), id)
		})

	handle(api, op{method: "POST", path: "/api/v1/conversations/{id}/messages/{message_id}/reports", id: "reportMessage",
		summary: "Report one message of your conversation to the reviewers of a community you share with its author; they read a copy of it only",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewMessageReport) (MessageReported, error) {
			slug, err := api.App.ReportMessage(ctx, reqctx.User(ctx), r.PathValue("id"), r.PathValue("message_id"), in.Community, in.Reason)
			return MessageReported{Community: slug}, err
		})

	handle(api, op{method: "GET", path: "/api/v1/blocks", id: "listBlocks", summary: "The people you have blocked",
		status: http.StatusOK, auth: true, errors: []int{401}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Person], error) {
			bs, err := api.App.Blocks(ctx, reqctx.User(ctx))
			return listOf(bs, "", personOut), err
		})

	handle(api, op{method: "POST", path: "/api/v1/blocks", id: "block",
		summary: "Block a person: they cannot message you, and their posts no longer notify you", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewBlock) (Person, error) {
			if err := api.App.Block(ctx, reqctx.User(ctx), in.UserID); err != nil {
				return Person{}, err
			}
			bs, err := api.App.Blocks(ctx, reqctx.User(ctx))
			for _, b := range bs {
				if b.UserID == in.UserID {
					return personOut(b), err
				}
			}
			return Person{ID: in.UserID}, err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/blocks/{user_id}", id: "unblock", summary: "Lift a block",
		status: http.StatusNoContent, auth: true, errors: []int{401}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			return Empty{}, api.App.Unblock(ctx, reqctx.User(ctx), r.PathValue("user_id"))
		})
}
