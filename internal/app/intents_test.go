package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// intentWorld is a community with an author of offers, a neighbour who
// answers them, an outsider, and a second community.
type intentWorld struct {
	a        *app.App
	setClock func(time.Duration)
	people   map[string]*commons.User
	orgID    string // an organization Author administers
}

func (w intentWorld) scope(t *testing.T, who, slug string) app.Scope {
	t.Helper()
	return scopeIn(t, w.a, w.people[who], slug)
}

func newIntentWorld(t *testing.T, st *store.Store) intentWorld {
	t.Helper()
	ctx := context.Background()
	a, setClock := clockedApp(t, st)
	w := intentWorld{a: a, setClock: setClock, people: map[string]*commons.User{"visitor": nil}}
	for _, name := range []string{"Author", "Neighbour", "Outsider"} {
		u := signUp(t, a, name, "en")
		w.people[name] = &u
	}
	if _, err := a.CreateCommunity(ctx, w.people["Author"], commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateCommunity(ctx, w.people["Outsider"], commons.NewCommunity{Slug: "other", Name: "Other"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Join(ctx, w.scope(t, "Neighbour", "cwm"), "", nil); err != nil {
		t.Fatal(err)
	}
	o, err := a.CreateOrganization(ctx, w.scope(t, "Author", "cwm"), commons.OrganizationFields{Name: "Hardware shop", Sector: commons.SectorBusiness})
	if err != nil {
		t.Fatal(err)
	}
	w.orgID = o.ID
	return w
}

func ptr[T any](v T) *T { return &v }

// Bad input is refused field by field, and nothing is written.
func TestIntentValidation(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newIntentWorld(t, st)
		s := w.scope(t, "Author", "cwm")
		now := w.a.Now()
		ok := commons.IntentFields{Direction: commons.IntentOffer, Kind: commons.KindEquipment, Title: "A projector"}
		cases := []struct {
			name  string
			edit  func(*commons.IntentFields)
			field string
		}{
			{"quantity zero is one", func(f *commons.IntentFields) { f.Quantity = 0 }, ""},
			{"a million", func(f *commons.IntentFields) { f.Quantity = 1_000_000 }, "quantity"},
			{"negative", func(f *commons.IntentFields) { f.Quantity = -3 }, "quantity"},
			{"until in the past", func(f *commons.IntentFields) { f.Until = ptr(now.Add(-time.Hour)) }, "until"},
			{"from in the past", func(f *commons.IntentFields) { f.From = ptr(now.Add(-72 * time.Hour)) }, "from"},
			{"reversed", func(f *commons.IntentFields) {
				f.From, f.Until = ptr(now.Add(48*time.Hour)), ptr(now.Add(24*time.Hour))
			}, "until"},
			{"place without coordinates", func(f *commons.IntentFields) { f.Place = "The square" }, "latitude"},
			{"half coordinates", func(f *commons.IntentFields) { f.Latitude = ptr(51.6) }, "latitude"},
			{"online needs no place", func(f *commons.IntentFields) { f.Online, f.Place = true, "ignored" }, ""},
			{"unknown kind", func(f *commons.IntentFields) { f.Kind = "spaceship" }, "kind"},
			{"no direction", func(f *commons.IntentFields) { f.Direction = "" }, "direction"},
			{"bad visibility", func(f *commons.IntentFields) { f.Visibility = "secret" }, "visibility"},
			{"bad language", func(f *commons.IntentFields) { f.Languages = []string{"not a language!"} }, "languages"},
			{"no title", func(f *commons.IntentFields) { f.Title = "  " }, "title"},
			{"hostile title is kept as text", func(f *commons.IntentFields) { f.Title = `<script>alert(1)</script>` }, ""},
			{"another community's organization", func(f *commons.IntentFields) { f.OwnerOrgID = "nope" }, "owner_org_id"},
		}
		for _, c := range cases {
			f := ok
			c.edit(&f)
			v, err := w.a.PostIntent(ctx, s, f)
			if c.field == "" {
				if err != nil {
					t.Errorf("%s: %v", c.name, err)
				} else if v.Title != f.Title && f.Title != "" {
					t.Errorf("%s: title %q", c.name, v.Title)
				}
				continue
			}
			var e *commons.Error
			if commons.CodeOf(err) != commons.CodeInvalid || !errors.As(err, &e) || e.Fields[c.field].Key == "" {
				t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
			}
		}
		list, _, err := w.a.Intents(ctx, s, commons.IntentFilter{})
		if err != nil || len(list) != 3 {
			t.Errorf("%d intents written, want the 3 valid ones: %v", len(list), err)
		}
	})
}

// Who may post, read, answer and close an offer; community intents are
// hidden from those outside, an id from another community is not found.
func TestIntentRules(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newIntentWorld(t, st)
		if _, err := w.a.PostIntent(ctx, w.scope(t, "visitor", "cwm"), commons.IntentFields{Direction: commons.IntentOffer, Kind: commons.KindTime, Title: "x"}); commons.CodeOf(err) != commons.CodeUnauthenticated {
			t.Errorf("visitor posts: %v", err)
		}
		if _, err := w.a.PostIntent(ctx, w.scope(t, "Outsider", "cwm"), commons.IntentFields{Direction: commons.IntentOffer, Kind: commons.KindTime, Title: "x"}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("outsider posts: %v", err)
		}
		van, err := w.a.PostIntent(ctx, w.scope(t, "Author", "cwm"), commons.IntentFields{Direction: commons.IntentOffer,
			Kind: commons.KindEquipment, Title: "Our van on Saturdays", OwnerOrgID: w.orgID, Visibility: commons.VisiblePublic})
		if err != nil {
			t.Fatal(err)
		}
		private, err := w.a.PostIntent(ctx, w.scope(t, "Author", "cwm"), commons.IntentFields{Direction: commons.IntentRequest,
			Kind: commons.KindSkill, Title: "Someone who speaks Arabic", Languages: []string{"ar"}})
		if err != nil {
			t.Fatal(err)
		}
		// Reading.
		for _, c := range []struct {
			who  string
			id   string
			want commons.Code
		}{
			{"visitor", van.ID, ""}, {"visitor", private.ID, commons.CodeNotFound},
			{"Outsider", private.ID, commons.CodeNotFound}, {"Neighbour", private.ID, ""},
		} {
			v, err := w.a.Intent(ctx, w.scope(t, c.who, "cwm"), c.id)
			if commons.CodeOf(err) != c.want {
				t.Errorf("%s reads %s: %v", c.who, c.id, err)
			}
			if err == nil && c.who == "visitor" && v.OwnerName != "Hardware shop" {
				t.Errorf("an organization's name is public, got %q", v.OwnerName)
			}
		}
		if v, _ := w.a.Intent(ctx, w.scope(t, "Neighbour", "cwm"), private.ID); v.OwnerName != "Author" {
			t.Errorf("members see the author's name, got %q", v.OwnerName)
		}
		if list, _, _ := w.a.Intents(ctx, w.scope(t, "visitor", "cwm"), commons.IntentFilter{}); len(list) != 1 || list[0].ID != van.ID {
			t.Errorf("visitors list the public one only: %v", list)
		}
		if _, err := w.a.Intent(ctx, w.scope(t, "Outsider", "other"), van.ID); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("found through another community: %v", err)
		}
		// Answering: the author is told, once per answer; answering again
		// keeps one answer.
		for range 2 {
			v, err := w.a.AnswerIntent(ctx, w.scope(t, "Neighbour", "cwm"), van.ID, "", "I need it on the 12th")
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Answers) != 1 || v.Status != commons.IntentAnswered {
				t.Errorf("answers %v, status %s", v.Answers, v.Status)
			}
		}
		ns, _, _ := w.a.Notifications(ctx, w.people["Author"], commons.Page{})
		told := 0
		for _, n := range ns {
			if n.Kind == commons.NotifyIntentAnswered && n.Link == "/c/cwm/offers/"+van.ID {
				told++
			}
		}
		if told != 2 {
			t.Errorf("author told %d times, want 2", told)
		}
		if _, err := w.a.AnswerIntent(ctx, w.scope(t, "Author", "cwm"), van.ID, "", ""); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("answering one's own: %v", err)
		}
		// Closing: the author or the organization's admin; twice is a conflict.
		if _, err := w.a.CloseIntent(ctx, w.scope(t, "Neighbour", "cwm"), van.ID, commons.IntentFulfilled); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("neighbour closes: %v", err)
		}
		if _, err := w.a.CloseIntent(ctx, w.scope(t, "Author", "cwm"), van.ID, commons.IntentOpen); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("closing to open: %v", err)
		}
		v, err := w.a.CloseIntent(ctx, w.scope(t, "Author", "cwm"), van.ID, commons.IntentFulfilled)
		if err != nil || v.Status != commons.IntentFulfilled {
			t.Fatalf("fulfil: %v %s", err, v.Status)
		}
		if _, err := w.a.CloseIntent(ctx, w.scope(t, "Author", "cwm"), van.ID, commons.IntentWithdrawn); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("closing twice: %v", err)
		}
		if _, err := w.a.AnswerIntent(ctx, w.scope(t, "Neighbour", "cwm"), van.ID, "", ""); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("answering a fulfilled one: %v", err)
		}
		// Expiry: an intent whose Until passed is expired, listed apart.
		soon, err := w.a.PostIntent(ctx, w.scope(t, "Neighbour", "cwm"), commons.IntentFields{Direction: commons.IntentRequest,
			Kind: commons.KindEquipment, Title: "A ladder", Until: ptr(w.a.Now().Add(2 * time.Hour))})
		if err != nil {
			t.Fatal(err)
		}
		w.setClock(3 * time.Hour)
		if v, _ := w.a.Intent(ctx, w.scope(t, "Neighbour", "cwm"), soon.ID); v.Status != commons.IntentExpired {
			t.Errorf("status %s, want expired", v.Status)
		}
		live, _, _ := w.a.Intents(ctx, w.scope(t, "Neighbour", "cwm"), commons.IntentFilter{})
		expired, _, _ := w.a.Intents(ctx, w.scope(t, "Neighbour", "cwm"), commons.IntentFilter{Status: commons.IntentExpired})
		if len(live) != 1 || len(expired) != 1 || expired[0].ID != soon.ID {
			t.Errorf("live %d, expired %d", len(live), len(expired))
		}
	})
}

// A thousand offers in a minute: the flood limit of posts stops them.
func TestIntentFlood(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newIntentWorld(t, st)
		s := w.scope(t, "Neighbour", "cwm")
		posted := 0
		var last error
		for range 1000 {
			_, last = w.a.PostIntent(ctx, s, commons.IntentFields{Direction: commons.IntentOffer, Kind: commons.KindTime, Title: "An hour"})
			if last != nil {
				break
			}
			posted++
		}
		if posted != app.DefaultFlood.Posts || commons.CodeOf(last) != commons.CodeRateLimited {
			t.Errorf("posted %d, then %v", posted, last)
		}
		w.setClock(app.DefaultFlood.Window + time.Second)
		if _, err := w.a.PostIntent(ctx, s, commons.IntentFields{Direction: commons.IntentOffer, Kind: commons.KindTime, Title: "Later"}); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
}
