package demo

import (
	"context"
	"fmt"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// demoPost is one post of a demo thread: who writes it, and which earlier
// post of the thread it answers (its index, or -1).
type demoPost struct {
	who     string
	replyTo int
	body    string
}

// demoThread is a thread with its posts; the first post opens it.
type demoThread struct {
	title       string
	subjectType commons.SubjectType
	subject     func(w *world) string
	pinned      bool
	posts       []demoPost
}

var demoThreads = []demoThread{
	{title: "Welcome — how we talk here", pinned: true, posts: []demoPost{
		{"carys", -1, "Croeso! This is where the council, the university, the library, the museum, local businesses, NGOs and citizen groups talk **as equals**.\n\n" +
			"- Start a thread on the page of the resource or organization it is about, so the conversation sits next to it.\n" +
			"- Mention someone with @ and their name without spaces, like @MairEvans, and they will hear about it.\n" +
			"- Our [agreements](/c/cwm-tawel/agreements) apply here too.\n\n" +
			"Добро пожаловать! Пишите на любом из наших языков."},
		{"olena", 0, "Diolch, Carys! Можно ли писать по-русски? Some of our families are still learning English."},
		{"carys", 1, "Of course — write in the language you think in. Someone will always help translate."},
	}},
	{title: "Miners' Hall: could the Friends take on the keys?", subjectType: "organization",
		subject: func(w *world) string { return w.orgs["mair"] }, posts: []demoPost{
			{"dafydd", -1, "Bore da. The council is reviewing its buildings, and the Miners' Hall costs us more to run than it earns. " +
				"Before anything is decided, we would rather talk with the people who use it.\n\n" +
				"Would the **Friends of the Miners' Hall** consider a community asset transfer — you hold the keys and the bookings, the council keeps the roof and the insurance for the first three years?"},
			{"mair", 0, "Diolch, Dafydd — we have hoped for this for years. Three questions from our committee:\n\n" +
				"1. Who pays for the heating in winter?\n2. Can the choir and the Repair Café keep their evenings?\n3. Would the council help us write the first grant applications?"},
			{"dafydd", 1, "1. The council for the first winter, then a shared budget we set together.\n" +
				"2. Yes — existing regular bookings stay, written into the agreement.\n" +
				"3. Yes. @BethanDavies, could the Green Energy Trust look at the heating too?"},
			{"bethan", 2, "Happy to. A heat-pump survey is exactly what our small grants are for; I can come to the hall next week."},
			{"huw", -1, "The Repair Café would gladly do the small repairs ourselves — we already fix half the chairs in there."},
			{"mair", 2, "Then let's meet at the hall on Tuesday after choir. @DafyddHughes, will you bring the building survey?"},
		}},
	{title: "Filament for school projects", subjectType: "resource", subject: func(w *world) string { return w.resources[2] }, posts: []demoPost{
		{"gareth", -1, "The 3D printer has been busy with school projects. We are running low on PLA filament — does anyone have a supplier they trust?"},
		{"rhodri", 0, "We stock it at the hardware shop: 1 kg reels, and we can give the makerspace trade price."},
		{"irina", -1, "Спасибо за принтер! I printed a part for an old radio. Можно ли принести свой филамент?"},
		{"gareth", 2, "Yes, bring your own any time — just note it in the booking's purpose so we know what is loaded."},
	}},
	{title: "Ukrainian conversation club in the community room", subjectType: "resource",
		subject: func(w *world) string { return w.resources[0] }, posts: []demoPost{
			{"olena", -1, "Could Croeso use the community room on Saturday mornings for a conversation club? Families practising English, and neighbours learning a little Ukrainian."},
			{"gareth", 0, "Lovely idea. Book the slots and I'll confirm them; the room has chairs for thirty and a kettle."},
			{"sian", -1, "The university could count it as a community course — @OlenaKovalenko, shall we talk about a certificate for the volunteers?"},
		}},
	{title: "Tool library for the Repair Café", subjectType: "organization", subject: func(w *world) string { return w.orgs["huw"] }, posts: []demoPost{
		{"huw", -1, "We'd like to lend tools between sessions, not only use them on repair evenings. Who would look after a simple sign-out sheet?"},
		{"eleri", 0, "The museum has a volunteer desk open every day — we could keep the sheet there."},
		{"aisha", -1, "The walking group could carry small tools between the museum and the hall on our Wednesday walk!"},
	}},
}

// demoMessages are direct messages: the sender, the others, the text.
// A message with no one named answers the conversation before it.
var demoMessages = []struct {
	from string
	to   []string
	body string
}{
	{"dafydd", []string{"mair"}, "Mair, before Tuesday: the building survey is on my desk. Shall I send it to the whole committee or just to you?"},
	{"mair", nil, "To the whole committee, please — we decide together. Diolch!"},
	{"olena", []string{"irina"}, "Ирина, привет! В субботу в библиотеке разговорный клуб. Придёшь?"},
	{"irina", nil, "Да, приду! Возьму с собой соседку."},
	{"huw", []string{"rhodri", "gareth"}, "Could we borrow the soldering station for Saturday's Repair Café? Two radios and a lamp are waiting."},
	{"rhodri", nil, "Of course. I'll drop it at the library on Friday."},
}

// loadThreads writes the demo's conversations: threads on resources and
// organizations, the council and the Friends of the Miners' Hall, an
// announcement, and a few direct messages.
func loadThreads(ctx context.Context, a *app.App, w *world) error {
	// The demo writes faster than any person: flood control is for people.
	saved := a.Flood
	a.Flood = store.Flood{}
	defer func() { a.Flood = saved }()
	if err := writeThreads(ctx, a, w, demoThreads); err != nil {
		return err
	}
	conv := ""
	for _, m := range demoMessages {
		var err error
		if m.to == nil {
			_, err = a.Reply(ctx, w.users[m.from], conv, m.body)
		} else {
			var to []string
			for _, k := range m.to {
				to = append(to, w.users[k].ID)
			}
			conv, _, err = a.SendDirect(ctx, w.users[m.from], to, m.body)
		}
		if err != nil {
			return fmt.Errorf("message from %s: %w", m.from, err)
		}
	}
	return nil
}

// writeThreads starts each demo thread and writes its posts in order.
func writeThreads(ctx context.Context, a *app.App, w *world, threads []demoThread) error {
	for _, t := range threads {
		first := t.posts[0]
		n := app.NewThread{Title: t.title, Body: first.body}
		if t.subject != nil {
			n.SubjectType, n.SubjectID = t.subjectType, t.subject(w)
		}
		scope := func(who string) (app.Scope, error) { return a.Scope(ctx, w.users[who], Slug) }
		s, err := scope(first.who)
		if err != nil {
			return err
		}
		id, err := a.CreateThread(ctx, s, n)
		if err != nil {
			return fmt.Errorf("thread %q: %w", t.title, err)
		}
		tv, err := a.Thread(ctx, s, id)
		if err != nil {
			return err
		}
		ids := []string{tv.Posts[0].ID}
		for _, p := range t.posts[1:] {
			replyTo := ""
			if p.replyTo >= 0 {
				replyTo = ids[p.replyTo]
			}
			s, err := scope(p.who)
			if err != nil {
				return err
			}
			pid, err := a.AddPost(ctx, s, id, replyTo, p.body)
			if err != nil {
				return fmt.Errorf("post in %q: %w", t.title, err)
			}
			ids = append(ids, pid)
		}
		if t.pinned {
			s, err := scope("carys")
			if err != nil {
				return err
			}
			if err := a.PinThread(ctx, s, id, true); err != nil {
				return err
			}
		}
	}
	return nil
}
