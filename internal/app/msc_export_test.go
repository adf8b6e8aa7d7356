package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// A person's export holds the stories they told, whole (a private one
// too: it is theirs), and of the stories they collected for others only
// ids and kinds: never the teller's name or words.
func TestExportHoldsTheStoriesOneTold(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMSCWorld(t, st)
		export := func(who string) map[string][]map[string]any {
			t.Helper()
			out := map[string][]map[string]any{}
			if err := w.a.ExportPersonalData(ctx, w.people[who], func(section string, r map[string]any) error {
				if r != nil {
					out[section] = append(out[section], r)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return out
		}
		all := func(rows []map[string]any) string { return fmt.Sprint(rows) }

		newcomer := export("Newcomer")
		if told := newcomer["msc_stories_told"]; len(told) != 1 || told[0]["title"] != "I found work" ||
			told[0]["body"] != "What happened: I found work" || told[0]["collector_id"] != w.people["Newcomer"].ID {
			t.Errorf("Newcomer's stories: %v", told)
		}
		if len(newcomer["msc_stories_collected"]) != 0 {
			t.Errorf("a story one told oneself is counted as collected: %v", newcomer["msc_stories_collected"])
		}
		if ada := export("Ada")["msc_stories_told"]; len(ada) != 1 || ada[0]["consent"] != string(commons.ConsentPrivate) {
			t.Errorf("Ada's private story: %v", ada)
		}

		helper := export("Helper")
		if n := len(helper["msc_stories_told"]); n != 0 {
			t.Errorf("Helper told %d stories, want none", n)
		}
		collected := helper["msc_stories_collected"]
		if len(collected) != 2 {
			t.Fatalf("Helper collected %v, want two", collected)
		}
		for _, not := range []string{"Olena", "A second chance", "What happened", "Why it matters"} {
			if strings.Contains(all(collected), not) {
				t.Errorf("the collector's export holds the teller's %q", not)
			}
		}
		if strings.Contains(all(newcomer["msc_stories_told"]), "Olena") {
			t.Error("another teller's story in Newcomer's export")
		}

		// The panels one sits on and one's verification notes.
		if _, err := w.a.FormPanel(ctx, w.scope(t, "Founder"), w.cycle.ID, commons.PanelFields{Name: "Choir panel", Level: 1,
			MemberIDs: []string{w.people["Helper"].ID}}); err != nil {
			t.Fatal(err)
		}
		if p := export("Helper")["msc_panels"]; len(p) != 1 || p[0]["name"] != "Choir panel" {
			t.Errorf("Helper's panels: %v", p)
		}
		if p := export("Newcomer")["msc_panels"]; len(p) != 0 {
			t.Errorf("Newcomer's panels: %v", p)
		}
		if _, err := w.a.VerifyStory(ctx, w.scope(t, "Helper"), w.own.ID, commons.VerificationFields{How: "Met the teller", CheckedOn: today}); err != nil {
			t.Fatal(err)
		}
		if v := export("Helper")["msc_verifications"]; len(v) != 1 || v[0]["how"] != "Met the teller" || v[0]["story_id"] != w.own.ID {
			t.Errorf("Helper's verifications: %v", v)
		}
	})
}
