package demo

import (
	"context"
	"fmt"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// loadMSC adds a finished Most Significant Change cycle: stories told in
// English, Welsh and Russian — Irina, who found work through the English
// conversation group; Gwilym, a retired miner without an account who
// teaches Welsh at the Miners' Hall (collected by Mair); a young man at
// the Repair Café who asked to be published without his name; an
// anonymous story from the walking group; one not to be published; two
// levels of panels, the Miners' Hall partnership's and the community's,
// which chose Irina's story with written reasons and Rhodri's recorded
// dissent. Feedback went to the tellers, the collectors and the first
// panel through the same rules as people's.
func loadMSC(ctx context.Context, a *app.App, w *world) error {
	c, err := a.Community(ctx, Slug)
	if err != nil {
		return err
	}
	as := map[string]app.Scope{}
	for name, user := range w.users {
		if as[name], err = a.Scope(ctx, user, Slug); err != nil {
			return err
		}
	}
	day := func(ago int) string { return a.Now().In(a.Location(c)).AddDate(0, 0, -ago).Format("2006-01-02") }
	hall := w.initiatives["Winter evenings at the Miners' Hall"]
	cycle, err := a.OpenMSCCycle(ctx, as["carys"], commons.MSCCycleFields{Title: "A year of change in Cwm Tawel", From: day(395), To: day(30),
		Question: "Looking back over the last year, what was the most significant change in your life or in Cwm Tawel? Why is it significant to you?"})
	if err != nil {
		return fmt.Errorf("msc: cycle: %w", err)
	}
	type told struct {
		key, by string
		f       commons.StoryFields
	}
	link := func(id string) []commons.StoryLink {
		if id == "" {
			return nil
		}
		return []commons.StoryLink{{Type: commons.SubjectInitiative, ID: id}}
	}
	stories := []told{
		{"irina", "irina", commons.StoryFields{TellerKind: commons.TellerMember, TellerOrgID: w.orgs["gareth"], Consent: commons.ConsentPublish,
			ConsentDate: day(50), When: "весна", Where: "Библиотека Кум-Тауэла", Domain: "work", Language: "ru", Theme: "integration",
			Title: "Работа благодаря разговорному клубу",
			Text: "Когда я приехала в долину, я почти не говорила по-английски и боялась даже позвонить врачу. Подруга привела меня в разговорный клуб «Croeso» по вторникам. " +
				"Там мы разыгрывали собеседования, а Айша помогла мне написать резюме. Через полгода я прошла собеседование в библиотеке и теперь работаю там на полставки — помогаю людям с компьютерами.",
			Why: "Впервые после переезда я не только получаю помощь, но и помогаю сама. У меня есть коллеги, зарплата и английский, на котором я уже могу шутить."}},
		{"gwilym", "mair", commons.StoryFields{TellerKind: commons.TellerPerson, TellerName: "Gwilym Price", Consent: commons.ConsentPublish,
			ConsentDate: day(48), When: "bob nos Fercher ers yr hydref", Where: "Neuadd y Glowyr", Domain: "learning", Language: "cy", Theme: "intergenerational",
			Links: link(hall), Title: "Dysgu Cymraeg yn Neuadd y Glowyr",
			Text: "Ar ôl i mi ymddeol o'r pwll, doeddwn i ddim yn siarad â neb am wythnosau. Nawr bob nos Fercher rydw i'n dysgu Cymraeg i bobl newydd yn Neuadd y Glowyr. " +
				"Mae Irina ac Olena yn dod bob wythnos, ac maen nhw'n dweud \"bore da\" wrtha i yn y siop.",
			Why: "Roeddwn i'n meddwl bod fy iaith yn marw gyda fy nghenhedlaeth i. Nawr mae hi'n fyw eto, ar wefusau pobl o Wcráin a Syria. Mae gen i bwrpas eto."}},
		{"liam", "huw", commons.StoryFields{TellerKind: commons.TellerPerson, TellerName: "Liam Bowen", Consent: commons.ConsentPublishNoName,
			ConsentDate: day(45), When: "since March", Where: "Tawel Repair Café, Miners' Hall", Domain: "environment", Language: "en", Theme: "climate",
			Title: "Fixing things instead of binning them",
			Text: "I came to the Repair Café because Mum's toaster broke and we couldn't afford a new one. Huw showed me how to use a multimeter and find the broken wire. " +
				"Now I come every month, and last time I fixed three lamps for other people. I've started a college course in electrical installation.",
			Why: "Nobody at school thought I was good at anything. Now I know what I want to do, and every lamp we fix is one less thing in the landfill."}},
		{"walker", "aisha", commons.StoryFields{TellerKind: commons.TellerAnonymous, Consent: commons.ConsentPublish, ConsentDate: day(44),
			When: "this year", Where: "the old tramway", Domain: "participation", Language: "en", Theme: "health",
			Title: "Walking out of the house again",
			Text: "After my husband died I hardly left the house for most of a year. A neighbour kept asking me to come to the Women's Walking Group, and one Wednesday I said yes. " +
				"Now I walk every week, and I'm the one who brings the flask of tea.",
			Why: "I have friends again. People notice if I'm not there, and I notice if they're not."}},
		{"bethan", "bethan", commons.StoryFields{TellerKind: commons.TellerMember, TellerOrgID: w.orgs["bethan"], Consent: commons.ConsentPublish,
			ConsentDate: day(42), When: "last winter", Where: "Heol y Glowyr", Domain: "environment", Language: "en", Theme: "climate",
			Title: "Our street's energy evenings",
			Text:  "We ran three evenings on saving energy for the houses on Heol y Glowyr. Twenty-two households came; eleven have since insulated their lofts with the grant we found together.",
			Why:   "Bills came down on a street where many people were choosing between heating and eating."}},
		{"olena", "olena", commons.StoryFields{TellerKind: commons.TellerMember, Consent: commons.ConsentPrivate, ConsentDate: day(40),
			When: "this autumn", Where: "home", Domain: "work", Language: "en",
			Title: "What the advice evening did for us",
			Text:  "We had debts from the first months here that I was ashamed to talk about. At the advice evening someone sat with us and made a plan we can keep.",
			Why:   "I sleep again. I want the panel to know this help matters, but not everyone in town."}},
	}
	ids := map[string]string{}
	for _, s := range stories {
		v, err := a.TellStory(ctx, as[s.by], cycle.ID, s.f)
		if err != nil {
			return fmt.Errorf("msc: story %s: %w", s.key, err)
		}
		ids[s.key] = v.ID
	}
	members := func(keys ...string) []string {
		var out []string
		for _, k := range keys {
			out = append(out, w.users[k].ID)
		}
		return out
	}
	first, err := a.FormPanel(ctx, as["carys"], cycle.ID, commons.PanelFields{Name: "Miners' Hall partnership panel", Level: 1,
		MemberIDs: members("mair", "huw", "aisha", "eleri")})
	if err != nil {
		return fmt.Errorf("msc: panel: %w", err)
	}
	top, err := a.FormPanel(ctx, as["carys"], cycle.ID, commons.PanelFields{Name: "Cwm Tawel community panel", Level: 2,
		MemberIDs: members("carys", "dafydd", "sian", "gareth", "rhodri")})
	if err != nil {
		return fmt.Errorf("msc: panel: %w", err)
	}
	if _, err := a.AdvanceMSCCycle(ctx, as["carys"], cycle.ID); err != nil {
		return err
	}
	for _, x := range []struct {
		who, story string
		f          commons.SelectionFields
	}{
		{"mair", "irina", commons.SelectionFields{Method: commons.MethodConsensus,
			Reasons: "Irina went from being afraid to phone a doctor to helping others at the library. The conversation group did what it set out to do, and she now gives back."}},
		{"mair", "gwilym", commons.SelectionFields{Method: commons.MethodVote, VotesFor: 3, VotesAgainst: 1,
			Reasons: "Gwilym's Welsh classes join the oldest and the newest people of the valley; the language and the man both came back to life."}},
		{"huw", "liam", commons.SelectionFields{Method: commons.MethodConsensus,
			Reasons: "A young man found a trade and the valley throws less away. Bethan's story is strong too, but Liam's change is one of a whole life's direction."}},
		{"aisha", "walker", commons.SelectionFields{Method: commons.MethodConsensus,
			Reasons: "Loneliness is the change nobody counts. This story shows how one neighbour's invitation can bring a person back into the community."}},
	} {
		x.f.StoryID = ids[x.story]
		if _, err := a.SelectStory(ctx, as[x.who], first.ID, x.f); err != nil {
			return fmt.Errorf("msc: first panel, %s: %w", x.story, err)
		}
	}
	if _, err := a.SelectStory(ctx, as["sian"], top.ID, commons.SelectionFields{StoryID: ids["irina"], Method: commons.MethodVote,
		VotesFor: 4, VotesAgainst: 1,
		Reasons: "Integration and work are what this community was formed for. Irina's story shows a whole chain working: a citizen group, a volunteer, the library and a job. " +
			"It is the change we want the council and funders to see, and to pay for again.",
		Dissent:   "A strong story, but the job is part-time and funded for one year. We should see whether the change lasts before we hold it up to the council.",
		DissentBy: w.users["rhodri"].ID}); err != nil {
		return fmt.Errorf("msc: top panel: %w", err)
	}
	if _, err := a.VerifyStory(ctx, as["sian"], ids["irina"], commons.VerificationFields{How: "Spoke with Irina again and with the library's manager, who confirmed her post.",
		CheckedOn: day(35)}); err != nil {
		return fmt.Errorf("msc: verification: %w", err)
	}
	_, err = a.AdvanceMSCCycle(ctx, as["carys"], cycle.ID)
	return err
}
