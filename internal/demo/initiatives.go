package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// loadInitiatives adds initiatives at every stage of their life. The Miners'
// Hall partnership was agreed three months ago, so some of its commitments
// have come due since: the demo's clock is turned back while that agreement
// is proposed and signed, exactly as if it had happened then, and turned
// forward again for what followed. Nothing is written around the rules.
func loadInitiatives(ctx context.Context, a *app.App, w *world) error {
	u := w.users
	clock := a.Store.Clock()
	defer a.SetClock(clock)
	c, err := a.Community(ctx, Slug)
	if err != nil {
		return err
	}
	loc := a.Location(c)
	date := func(now func() time.Time, days int) string {
		return now().In(loc).AddDate(0, 0, days).Format("2006-01-02")
	}
	back := func() time.Time { return clock().AddDate(0, 0, -90) }

	// Everyone acts in the one community: their scopes, resolved once.
	as := map[string]app.Scope{}
	for name, user := range u {
		if as[name], err = a.Scope(ctx, user, Slug); err != nil {
			return err
		}
	}
	if err := a.AddTheme(ctx, as["carys"], "heritage"); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	start := func(who string, lead string, f commons.InitiativeFields) (commons.Initiative, error) {
		if lead != "" {
			f.LeadOrgID = w.orgs[lead]
		}
		i, err := a.CreateInitiative(ctx, as[who], f)
		if err != nil {
			return i, fmt.Errorf("initiative %s: %w", f.Title, err)
		}
		return i, nil
	}
	move := func(who string, i commons.Initiative, steps ...commons.InitiativeStatus) error {
		for _, s := range steps {
			if _, err := a.SetInitiativeStatus(ctx, as[who], i.ID, s); err != nil {
				return fmt.Errorf("initiative %s → %s: %w", i.Title, s, err)
			}
		}
		return nil
	}
	need := func(who string, i commons.Initiative, f commons.NeedFields) (commons.Need, error) {
		n, err := a.AddNeed(ctx, as[who], i.ID, f)
		if err != nil {
			return n, fmt.Errorf("need %s: %w", f.Description, err)
		}
		return n, nil
	}
	pledge := func(who, org string, n commons.Need, resource int, text string) (commons.Pledge, error) {
		f := app.PledgeFields{Description: text}
		if org != "" {
			f.OrgID = w.orgs[org]
		}
		if resource >= 0 {
			f.ResourceID = w.resources[resource]
		}
		p, err := a.Pledge(ctx, as[who], n.ID, f)
		if err != nil {
			return p, fmt.Errorf("pledge %s: %w", text, err)
		}
		return p, nil
	}

	// 1. Active, with the four-sector partnership, agreed three months ago
	// for the coming winter (or the one under way).
	a.SetClock(back)
	season := winterFrom(back(), loc)
	hall, err := start("mair", "mair", commons.InitiativeFields{
		Title:   "Winter evenings at the Miners' Hall",
		Summary: "Keep the Miners' Hall warm and open three evenings a week through the winter: a hot meal after choir, homework club and a family evening.",
		Description: "The hall is the valley's living room, but heating it costs more than the Friends can raise. " +
			"With the council, the university and the hardware shop we want to keep it open **three evenings a week** from November to March.\n\n" +
			"- Tuesday, 8 to 10: a hot meal after choir practice\n- Thursday, 6 to 9: homework club with student volunteers\n" +
			"- Saturday, 6 to 9: games and a film for families",
		Themes: []string{"intergenerational", "culture", "heritage"}})
	if err != nil {
		return err
	}
	if err := move("mair", hall, commons.InitiativeSeekingPartners); err != nil {
		return err
	}
	space, err := need("mair", hall, commons.NeedFields{Kind: commons.KindSpace, Description: "The main hall three evenings a week", Quantity: ptr(3)})
	if err != nil {
		return err
	}
	fund, err := need("mair", hall, commons.NeedFields{Kind: commons.KindFunding, Description: "Heating for the winter (about £1,800)",
		ByDate: date(back, 30)})
	if err != nil {
		return err
	}
	tutors, err := need("mair", hall, commons.NeedFields{Kind: commons.KindExpertise, Description: "Student volunteers for the homework club"})
	if err != nil {
		return err
	}
	paint, err := need("mair", hall, commons.NeedFields{Kind: commons.KindMaterials, Description: "Paint and draught-proofing for the back room"})
	if err != nil {
		return err
	}
	p1, err := pledge("dafydd", "dafydd", space, 1, "The council lends the main hall free from November to March on Tuesday evenings "+
		"after choir practice (8 to 10) and on Thursday and Saturday evenings (6 to 9).")
	if err != nil {
		return err
	}
	p2, err := pledge("dafydd", "dafydd", fund, -1, "The council pays the winter heating bill from its community fund.")
	if err != nil {
		return err
	}
	p3, err := pledge("sian", "sian", tutors, 4, "Education students volunteer at the homework club, with a tutor to support them.")
	if err != nil {
		return err
	}
	p4, err := pledge("rhodri", "rhodri", paint, -1, "Paint, sealant and draught strips at cost, and a Saturday of Rhodri's time.")
	if err != nil {
		return err
	}
	// The hall's evenings, as the council's pledge says: Mair accepts it
	// booking the Tuesdays (the council's offer confirms them), and the
	// council, which runs the hall, books the Thursdays and Saturdays.
	evenings := season.evenings(back(), hall.Title)
	if _, err := a.DecidePledge(ctx, as["mair"], p1.ID, true, &evenings[0]); err != nil {
		return fmt.Errorf("accept the hall: %w", err)
	}
	for _, e := range evenings[1:] {
		if _, err := a.Book(ctx, as["dafydd"], w.resources[1], e); err != nil {
			return fmt.Errorf("the hall's evenings: %w", err)
		}
	}
	for _, p := range []commons.Pledge{p2, p3, p4} {
		if _, err := a.DecidePledge(ctx, as["mair"], p.ID, true, nil); err != nil {
			return fmt.Errorf("accept pledge: %w", err)
		}
	}
	if _, err := a.SetNeedStatus(ctx, as["mair"], space.ID, commons.NeedMet); err != nil {
		return err
	}
	if _, err := a.SetNeedStatus(ctx, as["mair"], paint.ID, commons.NeedMet); err != nil {
		return err
	}
	party := func(admin, role string, cs ...commons.CommitmentProposal) commons.PartyProposal {
		return commons.PartyProposal{OrgID: w.orgs[admin], Role: role, Commitments: cs}
	}
	due := func(days int, text string) commons.CommitmentProposal {
		return commons.CommitmentProposal{Description: text, Due: date(back, days)}
	}
	// A bill is due a fortnight after the months it pays for.
	bill := func(period []int, text string) commons.CommitmentProposal {
		return commons.CommitmentProposal{Description: text, Due: season.after(period).Format("2006-01-02")}
	}
	p, err := a.ProposePartnership(ctx, as["mair"], hall.ID, commons.PartnershipProposal{ReviewOn: date(back, 180), Parties: []commons.PartyProposal{
		party("mair", "Runs the evenings and keeps the hall tidy",
			due(14, "Publish the winter timetable in English, Welsh and Russian"),
			due(120, "Report to the partners on who came and what they learned")),
		party("dafydd", "Lends the hall and pays the heating",
			due(7, "Confirm the hall bookings for November to March"),
			bill(novemberDecember, "Pay the heating bill for November and December"),
			bill(januaryMarch, "Pay the heating bill for January to March")),
		party("sian", "Sends student volunteers and a supporting tutor",
			due(21, "Recruit six student volunteers for the homework club"),
			due(60, "Accredit the volunteers' hours as a learning module")),
		party("rhodri", "Supplies materials at cost and a Saturday's work",
			due(10, "Deliver paint, sealant and draught strips"),
			due(30, "Help draught-proof the back room on a Saturday")),
	}})
	if err != nil {
		return fmt.Errorf("partnership: %w", err)
	}
	for _, admin := range []string{"mair", "dafydd", "sian", "rhodri"} {
		if _, err := a.Sign(ctx, as[admin], p.Partnership.ID, w.orgs[admin], p.Partnership.Version); err != nil {
			return fmt.Errorf("sign for %s: %w", admin, err)
		}
	}
	a.SetClock(clock)
	if err := move("mair", hall, commons.InitiativeActive); err != nil {
		return err
	}
	// Three months on: most promises kept, one missed, and the accreditation
	// past due that nobody has marked yet — it shows as overdue, as do
	// the heating bills once their day has passed.
	marks := map[string]struct {
		who     string
		status  commons.CommitmentStatus
		comment string
	}{
		"Publish the winter timetable in English, Welsh and Russian": {"mair", commons.CommitmentKept, "Posted in the library, the chapel and the shop window."},
		"Confirm the hall bookings for November to March":            {"dafydd", commons.CommitmentKept, ""},
		"Recruit six student volunteers for the homework club":       {"sian", commons.CommitmentKept, "Seven signed up."},
		"Deliver paint, sealant and draught strips":                  {"rhodri", commons.CommitmentKept, "Delivered with the van."},
		"Help draught-proof the back room on a Saturday":             {"mair", commons.CommitmentMissed, "Postponed twice because of the weather; to be rearranged."},
	}
	full, err := a.Partnership(ctx, as["mair"], hall.ID)
	if err != nil {
		return err
	}
	for _, pt := range full.Partnership.Current().Parties {
		for _, cm := range pt.Commitments {
			if m, ok := marks[cm.Description]; ok {
				if _, err := a.SetCommitmentStatus(ctx, as[m.who], cm.ID, m.status, m.comment); err != nil {
					return fmt.Errorf("commitment %s: %w", cm.Description, err)
				}
			}
		}
	}

	// 2. Completed, with its own small partnership, all promises kept.
	a.SetClock(back)
	oral, err := start("mair", "mair", commons.InitiativeFields{
		Title:       "Voices of the pits: an oral history",
		Summary:     "Former miners and their families recorded their memories with schoolchildren; the recordings are now in the museum's archive.",
		Description: "Twenty-two interviews, recorded by pupils of Ysgol Cwm Tawel with the museum's help.",
		Themes:      []string{"intergenerational", "heritage"}})
	if err != nil {
		return err
	}
	if err := move("mair", oral, commons.InitiativeSeekingPartners); err != nil {
		return err
	}
	op, err := a.ProposePartnership(ctx, as["mair"], oral.ID, commons.PartnershipProposal{ReviewOn: date(back, 60), Parties: []commons.PartyProposal{
		party("mair", "Finds the storytellers and runs the sessions", due(30, "Hold eight recording sessions")),
		party("eleri", "Trains the pupils and keeps the recordings", due(45, "Archive the recordings with transcripts")),
	}})
	if err != nil {
		return fmt.Errorf("oral history partnership: %w", err)
	}
	for _, admin := range []string{"mair", "eleri"} {
		if _, err := a.Sign(ctx, as[admin], op.Partnership.ID, w.orgs[admin], op.Partnership.Version); err != nil {
			return err
		}
	}
	a.SetClock(clock)
	ofull, err := a.Partnership(ctx, as["mair"], oral.ID)
	if err != nil {
		return err
	}
	for _, pt := range ofull.Partnership.Current().Parties {
		for _, cm := range pt.Commitments {
			if _, err := a.SetCommitmentStatus(ctx, as["mair"], cm.ID, commons.CommitmentKept, "Done."); err != nil {
				return err
			}
		}
	}
	if err := move("mair", oral, commons.InitiativeActive, commons.InitiativeCompleted); err != nil {
		return err
	}

	// 3. Seeking partners: the Repair Café learns to mend electronics.
	repair, err := start("huw", "huw", commons.InitiativeFields{
		Title:       "Repair Café goes digital",
		Summary:     "Fix phones, laptops and radios as well as chairs and kettles, and teach people how.",
		Description: "More and more of what people bring is electronic. We need a few tools, someone who can teach soldering safely, and 3D-printed spare parts.",
		Themes:      []string{"digital_skills", "climate", "work"}})
	if err != nil {
		return err
	}
	if err := move("huw", repair, commons.InitiativeSeekingPartners); err != nil {
		return err
	}
	parts3D, err := need("huw", repair, commons.NeedFields{Kind: commons.KindEquipment, Description: "Printing spare parts: knobs, clips, battery covers",
		ByDate: date(clock, 40)})
	if err != nil {
		return err
	}
	if _, err := need("huw", repair, commons.NeedFields{Kind: commons.KindExpertise, Description: "Someone to teach soldering safely"}); err != nil {
		return err
	}
	if _, err := pledge("gareth", "gareth", parts3D, 2, "The library's 3D printer, with a volunteer on the first Saturday of the month."); err != nil {
		return err
	}

	// 4. An idea: Olena leads it herself, as a person.
	supper, err := start("olena", "", commons.InitiativeFields{
		Title:       "Conversation suppers",
		Summary:     "Cook together and practise Welsh and English over supper, for newcomers and neighbours alike.",
		Description: "An idea from the Saturday supper club: one evening a month, each table speaks a language its guests are learning.",
		Themes:      []string{"integration", "culture"}})
	if err != nil {
		return err
	}
	if _, err := need("olena", supper, commons.NeedFields{Kind: commons.KindSpace, Description: "A kitchen for twenty people"}); err != nil {
		return err
	}

	// 5. Paused while the trust waits for a survey of the roof.
	solar, err := start("huw", "", commons.InitiativeFields{
		Title:       "A solar roof for the Miners' Hall",
		Summary:     "Community-owned solar panels on the hall's roof, paying for its heating in years to come.",
		Description: "Paused until the roof has been surveyed.",
		Themes:      []string{"climate"}})
	if err != nil {
		return err
	}
	if err := move("huw", solar, commons.InitiativeSeekingPartners, commons.InitiativePaused); err != nil {
		return err
	}

	// 6. Active without a partnership yet: the walking group welcomes newcomers.
	walk, err := start("aisha", "aisha", commons.InitiativeFields{
		Title:   "Walk and talk",
		Summary: "A weekly walk for women new to the valley, in easy English, with a cuppa after.",
		Themes:  []string{"integration", "health"}})
	if err != nil {
		return err
	}
	return move("aisha", walk, commons.InitiativeSeekingPartners, commons.InitiativeActive)
}
