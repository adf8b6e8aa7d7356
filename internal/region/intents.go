package region

import (
	"context"
	"math/rand/v2"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// intents posts offers and requests (brokering), shaped like the
// resources: half offer something a resource template describes, half
// ask for it; a third are online, the rest near the community. Some
// members also say what they can teach, so the matcher has people to
// suggest as well as things.
func (g *Generator) intents(ctx context.Context, r *rand.Rand, comms []*community) error {
	n := g.Counts.Intents
	if n == 0 {
		return nil
	}
	iw := g.writer(ctx, "intents", n, "intents", "community_id", "id", "direction", "kind", "title", "description", "themes",
		"languages", "quantity", "online", "place", "latitude", "longitude", "visibility", "owner_user_id", "status", "search_text",
		"created_by", "created_at", "updated_at")
	pw := g.writer(ctx, "", 0, "learning_profiles", "community_id", "user_id", "teaches", "learns", "languages", "updated_at")
	pw.hold = true
	for i := range n {
		c := comms[i%len(comms)]
		t := pick(r, resourceTemplates)
		dir, title := commons.IntentOffer, t.title+" to lend"
		if r.IntN(2) == 0 {
			dir, title = commons.IntentRequest, "Looking for a "+strings.ToLower(t.title)
		}
		who := c.members[r.IntN(len(c.members))]
		online := r.IntN(3) == 0
		var lat, lon any
		place := ""
		if !online {
			lat, lon, place = c.lat+(r.Float64()-0.5)/50, c.lon+(r.Float64()-0.5)/50, pick(r, streets)
		}
		themes := "\n" + commons.StandardThemes[r.IntN(len(commons.StandardThemes))] + "\n"
		at := g.ago(r, 60)
		if err := iw.add(c.id, store.NewID(), dir, t.kind, title, t.description, themes, "\nen\n", 1+r.IntN(3), online, place, lat, lon,
			[]string{"community", "public"}[r.IntN(2)], who, "open", strings.ToLower(title+"\n"+t.description+themes), who, at, at); err != nil {
			return err
		}
	}
	// One member in ten of each community teaches something a resource
	// template names (its title's words).
	for _, c := range comms {
		for j, u := range c.members {
			if j%10 != 0 {
				continue
			}
			teaches := "\n" + strings.ToLower(pick(r, resourceTemplates).title) + "\n" + strings.ToLower(pick(r, activityTemplates).title) + "\n"
			if err := pw.add(c.id, u, teaches, "", "\nen\n", g.Now); err != nil {
				return err
			}
		}
	}
	for _, w := range []*writer{iw, pw} {
		if err := w.flush(); err != nil {
			return err
		}
	}
	return nil
}
