package app

import (
	"context"
	"slices"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// MessagesShown is how many of a conversation's latest messages a reader
// gets at once.
const MessagesShown = 200

// SendDirect sends a message to people: to one person it joins the
// conversation the two already have; to several it starts a group. Each
// must share a community with the sender; anyone who blocked the sender
// makes it forbidden.
func (a *App) SendDirect(ctx context.Context, actor *commons.User, to []string, body string) (string, string, error) {
	if err := a.requireConfirmed(actor); err != nil {
		return "", "", err
	}
	if len(to) > 2*commons.MaxConversationSize {
		// Far too many to be a small group: say so before looking at them.
		return "", "", invalid("to_user_ids", commons.Msg("error.message.too_many", "Max", commons.MaxConversationSize))
	}
	var people []string
	for _, id := range to {
		id = strings.TrimSpace(id)
		if id != "" && id != actor.ID && !slices.Contains(people, id) {
			people = append(people, id)
		}
	}
	var v commons.Validator
	switch {
	case len(people) == 0:
		v.Fail("to_user_id", commons.Msg("error.message.nobody"))
	case len(people)+1 > commons.MaxConversationSize:
		v.Fail("to_user_ids", commons.Msg("error.message.too_many", "Max", commons.MaxConversationSize))
	}
	body = strings.TrimSpace(body)
	v.Text("body", body, true, commons.MaxPostLen)
	if err := v.Err(); err != nil {
		return "", "", err
	}
	for _, id := range people {
		if !store.CleanID(id) {
			return "", "", commons.Errorf(commons.CodeNotFound, "error.message.no_such_person")
		}
		ok, err := a.Store.SharesCommunity(ctx, actor.ID, id)
		if err != nil {
			return "", "", err
		}
		if !ok {
			// Someone you share no community with is nobody you can see.
			return "", "", commons.Errorf(commons.CodeNotFound, "error.message.no_such_person")
		}
	}
	return a.Store.SendMessage(ctx, store.NewMessage{To: people, AuthorID: actor.ID, AuthorName: actor.Name, Body: body, Flood: a.Flood,
		Notify: tellOfMessage(actor)})
}

// Reply adds a message to one of the actor's conversations.
func (a *App) Reply(ctx context.Context, actor *commons.User, conversationID, body string) (string, error) {
	if err := a.requireConfirmed(actor); err != nil {
		return "", err
	}
	body = strings.TrimSpace(body)
	var v commons.Validator
	v.Text("body", body, true, commons.MaxPostLen)
	if err := v.Err(); err != nil {
		return "", err
	}
	_, id, err := a.Store.SendMessage(ctx, store.NewMessage{ConversationID: conversationID, AuthorID: actor.ID, AuthorName: actor.Name,
		Body: body, Flood: a.Flood, Notify: tellOfMessage(actor)})
	return id, err
}

// tellOfMessage decides who hears of a direct message: every other member
// of the conversation, linked to it through the subject registry.
func tellOfMessage(author *commons.User) func(string, []string) []commons.Notification {
	return func(conversationID string, others []string) []commons.Notification {
		out := make([]commons.Notification, 0, len(others))
		for _, u := range others {
			out = append(out, commons.Notification{UserID: u, Kind: commons.NotifyDirectMessage, Link: commons.PagePath(commons.SubjectConversation, "", conversationID),
				Args: map[string]string{"Name": author.Name}})
		}
		return out
	}
}

// Conversations lists the actor's conversations, the latest first.
func (a *App) Conversations(ctx context.Context, actor *commons.User, p commons.Page) ([]commons.Conversation, string, error) {
	if err := requireUser(actor); err != nil {
		return nil, "", err
	}
	cs, next, err := a.Store.Conversations(ctx, actor.ID, p)
	for i := range cs {
		last := []commons.DirectMessage{cs[i].Last}
		shownMessages(last)
		cs[i].Last = last[0]
	}
	return cs, next, err
}

// Conversation returns one of the actor's conversations, marking it read.
func (a *App) Conversation(ctx context.Context, actor *commons.User, id string) (commons.Conversation, error) {
	if err := requireUser(actor); err != nil {
		return commons.Conversation{}, err
	}
	c, err := a.Store.Conversation(ctx, id, actor.ID, MessagesShown)
	shownMessages(c.Messages)
	return c, err
}

// Block stops a person messaging the actor and mentions, replies and posts
// of theirs from notifying the actor.
func (a *App) Block(ctx context.Context, actor *commons.User, userID string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	if userID == actor.ID {
		return invalid("user_id", commons.Msg("error.block.self"))
	}
	if !store.CleanID(userID) {
		return commons.NotFound()
	}
	return a.Store.Block(ctx, actor.ID, userID) // an unknown id fails its reference: not found
}

// Unblock lifts a block.
func (a *App) Unblock(ctx context.Context, actor *commons.User, userID string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	return a.Store.Unblock(ctx, actor.ID, userID)
}

// Blocks lists the people the actor has blocked.
func (a *App) Blocks(ctx context.Context, actor *commons.User) ([]commons.ConversationMember, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.Store.Blocks(ctx, actor.ID)
}

// PersonName returns the name of someone the actor may message: a person
// who shares a community with them.
func (a *App) PersonName(ctx context.Context, actor *commons.User, userID string) (string, error) {
	if err := requireUser(actor); err != nil {
		return "", err
	}
	if !store.CleanID(userID) || userID == actor.ID {
		return "", commons.Errorf(commons.CodeNotFound, "error.message.no_such_person")
	}
	ok, err := a.Store.SharesCommunity(ctx, actor.ID, userID)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", commons.Errorf(commons.CodeNotFound, "error.message.no_such_person")
	}
	return a.Store.UserName(ctx, userID)
}
