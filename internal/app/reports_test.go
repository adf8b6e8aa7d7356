package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Anything people write can be reported through the one registry:
// activities, initiatives, threads, posts and learning requests. A steward's
// report hides the thing from every list and page until its review; a
// second report by the same person counts once; the record says a report
// was made, not by whom; the author reads the review without the
// reporters' names, those who review it with them.
func TestReportAnything(t *testing.T) {
	ctx := context.Background()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a, _ := clockedApp(t, st)
		m := newModerated(t, a)
		author := m.scope(t, "author")
		start := a.Now().Add(48 * time.Hour)
		acts, err := a.CreateActivity(ctx, author, commons.ActivityFields{Kind: commons.ActivityEvent, Title: "Swap shop", Level: "all",
			OnlineURL: "https://meet.example.org/swap", StartsAt: start, EndsAt: start.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		ini, err := a.CreateInitiative(ctx, author, commons.InitiativeFields{Title: "Tool library", Summary: "Lend tools"})
		if err != nil {
			t.Fatal(err)
		}
		thread, err := a.CreateThread(ctx, author, app.NewThread{Title: "Selling cheap phones", Body: "Message me"})
		if err != nil {
			t.Fatal(err)
		}
		prop, err := a.Propose(ctx, author, "Bread making", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		member, founder := m.scope(t, "member"), m.scope(t, "founder")
		hall, err := a.CreateThread(ctx, founder, app.NewThread{Title: "Hall news", Body: "The roof is mended."})
		if err != nil {
			t.Fatal(err)
		}
		post, err := a.AddPost(ctx, author, hall, "", "Cheap phones, message me")
		if err != nil {
			t.Fatal(err)
		}
		postShown := func() error {
			tv, err := a.Thread(ctx, member, hall)
			if err != nil {
				return err
			}
			for _, p := range tv.Posts {
				if p.ID == post {
					if !tv.PostMay[p.ID].Report {
						t.Error("the member may not report the post")
					}
					return nil
				}
			}
			return commons.NotFound()
		}
		seen := map[commons.SubjectType]func() error{
			commons.SubjectActivity:   func() error { _, err := a.Activity(ctx, member, acts[0].ID); return err },
			commons.SubjectInitiative: func() error { _, err := a.Initiative(ctx, member, ini.ID); return err },
			commons.SubjectThread:     func() error { _, err := a.Thread(ctx, member, thread); return err },
			commons.SubjectProposal:   func() error { _, err := a.Proposal(ctx, member, prop.ID); return err },
			commons.SubjectPost:       postShown,
		}
		ids := map[commons.SubjectType]string{commons.SubjectActivity: acts[0].ID, commons.SubjectInitiative: ini.ID,
			commons.SubjectThread: thread, commons.SubjectProposal: prop.ID, commons.SubjectPost: post}
		for typ, id := range ids {
			if hidden, err := a.Flag(ctx, member, typ, id, "Agreement 2: no selling"); err != nil || hidden {
				t.Fatalf("%s: a member's report: hidden %v, %v", typ, hidden, err)
			}
			if _, err := a.Flag(ctx, member, typ, id, "Again"); commons.CodeOf(err) != commons.CodeConflict {
				t.Errorf("%s: a second report by the same person: %v", typ, err)
			}
			if err := seen[typ](); err != nil {
				t.Errorf("%s: shown while one report is below the threshold: %v", typ, err)
			}
			if hidden, err := a.Flag(ctx, founder, typ, id, "Agreement 2"); err != nil || !hidden {
				t.Fatalf("%s: a steward's report hides it: %v, %v", typ, hidden, err)
			}
			if err := seen[typ](); commons.CodeOf(err) != commons.CodeNotFound {
				t.Errorf("%s: shown while hidden for review: %v", typ, err)
			}
		}
		if _, err := a.Flag(ctx, author, commons.SubjectActivity, acts[0].ID, "mine"); err == nil {
			t.Error("an author reports their own activity")
		}
		if list, _, err := a.Threads(ctx, member, store.ThreadFilter{}, commons.Page{}); err != nil || len(list) != 1 {
			t.Errorf("the hidden thread is listed: %d %v", len(list), err)
		}
		entries, _, err := a.Record(ctx, member, commons.Page{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		reported := 0
		for _, e := range entries {
			if e.Action == "content.reported" || e.Action == "content.hidden" {
				reported++
				if e.ActorName != "" {
					t.Errorf("the record names a reporter: %+v", e)
				}
			}
		}
		if reported != 15 {
			t.Errorf("%d report entries on the record, want 15", reported)
		}
		reviews, err := a.Reviews(ctx, member)
		if err != nil || len(reviews) != 5 {
			t.Fatalf("reviews: %d %v", len(reviews), err)
		}
		byAuthor, err := a.Review(ctx, author, reviews[0].ID)
		if err != nil || len(byAuthor.Flags) != 2 {
			t.Fatalf("the author's review: %+v %v", byAuthor, err)
		}
		for _, f := range byAuthor.Flags {
			if f.FlaggerName != "" || f.FlaggerID != "" {
				t.Errorf("the author learns who reported: %+v", f)
			}
		}
		byReviewer, err := a.Review(ctx, member, reviews[0].ID)
		if err != nil || byReviewer.Flags[0].FlaggerName == "" {
			t.Errorf("a reviewer does not see who reported: %+v %v", byReviewer.Flags, err)
		}
	})
}
