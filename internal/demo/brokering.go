package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// loadBrokering posts offers and requests that the matcher connects with
// what is already there: the hardware shop's van answers the Friends'
// need for one, and Croeso asks for an Arabic speaker.
func loadBrokering(ctx context.Context, a *app.App, w *world) error {
	c, err := a.Community(ctx, Slug)
	if err != nil {
		return err
	}
	as := func(who string) (app.Scope, error) { return a.Scope(ctx, w.users[who], c.Slug) }
	// The Friends of the Miners' Hall need a van for the spring fair.
	mair, err := as("mair")
	if err != nil {
		return err
	}
	hall, ok := w.initiatives["Winter evenings at the Miners' Hall"]
	if !ok {
		return fmt.Errorf("brokering: the Miners' Hall initiative is missing")
	}
	if _, err := a.AddNeed(ctx, mair, hall, commons.NeedFields{Kind: commons.KindEquipment,
		Description: "A van on a Saturday to bring chairs and the stage from the chapel"}); err != nil {
		return fmt.Errorf("brokering: need: %w", err)
	}
	loc := a.Location(c)
	until := a.Now().In(loc).AddDate(0, 3, 0)
	until = time.Date(until.Year(), until.Month(), until.Day(), 0, 0, 0, 0, loc)
	lat, lng := 51.7441, -3.7785
	for _, p := range []struct {
		who, org string
		f        commons.IntentFields
	}{
		{"rhodri", "rhodri", commons.IntentFields{Direction: commons.IntentOffer, Kind: commons.KindEquipment,
			Title: "Our delivery van on Saturdays", Themes: []string{"van", "transport"}, Visibility: commons.VisiblePublic,
			Description: "The shop's van and a driver, Saturday mornings, for community groups moving things around the valley.",
			Place:       "Stryd Fawr 41", Latitude: &lat, Longitude: &lng, Until: &until}},
		{"olena", "olena", commons.IntentFields{Direction: commons.IntentRequest, Kind: commons.KindSkill,
			Title: "Someone who speaks Arabic to help at the welcome desk", Themes: []string{"integration", "interpreting"},
			Languages: []string{"ar"}, Description: "Saturday supper club, 17:00–19:00: welcome families and help with the sign-in sheet."}},
		{"olena", "", commons.IntentFields{Direction: commons.IntentOffer, Kind: commons.KindTime,
			Title: "Two hours a week of Russian conversation", Themes: []string{"languages", "russian"}, Languages: []string{"ru", "en"},
			Online: true, Quantity: 2, Visibility: commons.VisiblePublic}},
		{"irina", "", commons.IntentFields{Direction: commons.IntentRequest, Kind: commons.KindEquipment,
			Title: "A projector for a film night", Themes: []string{"culture"}, Until: &until}},
	} {
		s, err := as(p.who)
		if err != nil {
			return err
		}
		if p.org != "" {
			p.f.OwnerOrgID = w.orgs[p.org]
		}
		if _, err := a.PostIntent(ctx, s, p.f); err != nil {
			return fmt.Errorf("brokering: %s: %w", p.f.Title, err)
		}
	}
	// Carys, the learning champion, brokers by hand: she suggests the
	// bicycle learners to Rhodri, with a note.
	carys, err := as("carys")
	if err != nil {
		return err
	}
	ps, _, err := a.Proposals(ctx, carys)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if strings.HasPrefix(p.Title, "Fixing bicycles") {
			if _, err := a.SuggestMatch(ctx, carys, commons.SubjectProposal, p.ID, commons.CandidatePerson, w.users["rhodri"].ID,
				app.SideCandidate, "Three people asked for this — a Saturday morning at the shop?"); err != nil {
				return fmt.Errorf("brokering: suggesting: %w", err)
			}
		}
	}
	return nil
}
