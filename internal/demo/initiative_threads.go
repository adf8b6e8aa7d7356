package demo

import (
	"context"
	"fmt"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// initiativeThreads are conversations about the demo's initiatives, next
// to the initiatives themselves.
var initiativeThreads = []demoThread{
	{title: "Survey day for the solar roof", subjectType: "initiative", subject: initiative("A solar roof for the Miners' Hall"), posts: []demoPost{
		{"bethan", -1, "The structural survey is booked for the **first Monday of next month**. We need someone with keys to the loft and " +
			"a ladder long enough for the back wall. @DafyddHughes, can the council open up?"},
		{"dafydd", 0, "Yes — I will bring the keys and the building's drawings from 1962."},
		{"rhodri", 0, "The shop can lend the long ladder and two harnesses. Collect them the Friday before."},
		{"sian", -1, "Our adult-learning department would like to film the survey for the new *Energy at home* course — would everyone be happy with that?"},
		{"bethan", 3, "Happy with it, as long as we can use the film for the community share offer too."},
	}},
	{title: "Recording sessions: who would like to be interviewed?", subjectType: "initiative", subject: initiative("Voices of the pits: an oral history"), posts: []demoPost{
		{"eleri", -1, "We have two recorders from the museum and a quiet room at the library on Thursday afternoons. " +
			"If you, or someone in your family, worked at the pits and would like to tell their story, reply here."},
		{"mair", 0, "My uncle Emrys worked at Tawel No. 2 from 1958 until it closed. He would love to — but he is hard of hearing, so a quiet room matters."},
		{"eleri", 1, "The study room has a hearing loop. I'll book Thursday the 14th for him."},
		{"sian", -1, "Students from the oral-history course can transcribe the recordings as part of their coursework."},
	}},
	{title: "Menu for the next supper", subjectType: "initiative", subject: initiative("Conversation suppers"), posts: []demoPost{
		{"olena", -1, "Next supper: borscht and varenyky from our side — who brings Welsh cakes? 🙂"},
		{"aisha", 0, "The walking group will bake them, and a lentil dahl too."},
		{"irina", 0, "Я принесу салфетки и чайные пакетики. I'll also print the phrase cards in three languages."},
	}},
}

// initiative finds a demo initiative's id by its title.
func initiative(title string) func(w *world) string {
	return func(w *world) string { return w.initiatives[title] }
}

// loadInitiativeThreads starts the conversations about initiatives, once
// the initiatives exist.
func loadInitiativeThreads(ctx context.Context, a *app.App, w *world) error {
	s, err := a.Scope(ctx, nil, Slug)
	if err != nil {
		return err
	}
	list, _, err := a.Initiatives(ctx, s, commons.InitiativeFilter{Page: commons.Page{Limit: commons.MaxPageSize}})
	if err != nil {
		return err
	}
	w.initiatives = map[string]string{}
	for _, i := range list {
		w.initiatives[i.Title] = i.ID
	}
	for _, t := range initiativeThreads {
		if t.subject(w) == "" {
			return fmt.Errorf("initiative threads: no initiative for %q", t.title)
		}
	}
	saved := a.Flood
	a.Flood = store.Flood{}
	defer func() { a.Flood = saved }()
	if err := writeThreads(ctx, a, w, initiativeThreads); err != nil {
		return fmt.Errorf("initiative threads: %w", err)
	}
	return nil
}
