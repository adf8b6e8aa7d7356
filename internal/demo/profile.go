package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// loadProfile writes Cwm Tawel's Learning Community Profile in two
// versions. The first was written a year ago, when the learning community
// began, and carried the town through its action phase; the second was
// written in this autumn's time-out, with what a year of evenings at the
// Miners' Hall taught, and is published and reviewed. Each version's
// figures were counted by Commons when it was published; members
// commented on both.
func loadProfile(ctx context.Context, a *app.App, w *world) error {
	clock := a.Store.Clock()
	defer a.SetClock(clock)
	at := func(daysAgo int) { a.SetClock(func() time.Time { return clock().AddDate(0, 0, -daysAgo) }) }
	scope := func(who string) (app.Scope, error) { return a.Scope(ctx, w.users[who], Slug) }
	write := func(s app.Scope, n int, sections []commons.SectionFields) error {
		for _, f := range sections {
			if err := a.UpdateProfileSection(ctx, s, n, f); err != nil {
				return fmt.Errorf("profile %d, %s: %w", n, f.Question, err)
			}
		}
		return nil
	}
	comment := func(who string, n int, q commons.ProfileQuestion, body string) error {
		s, err := scope(who)
		if err != nil {
			return err
		}
		if _, err := a.CommentOnProfile(ctx, s, n, q, body); err != nil {
			return fmt.Errorf("profile comment of %s: %w", who, err)
		}
		return nil
	}

	// Version 1, a year ago: Carys and the first editors.
	at(372)
	carys, err := scope("carys")
	if err != nil {
		return err
	}
	v1, err := a.OpenProfileVersion(ctx, carys)
	if err != nil {
		return fmt.Errorf("profile: open: %w", err)
	}
	if err := write(carys, v1.Number, firstProfile); err != nil {
		return err
	}
	at(365)
	if _, err := a.PublishProfileVersion(ctx, carys, v1.Number); err != nil {
		return fmt.Errorf("profile: publish 1: %w", err)
	}
	at(360)
	if err := comment("dafydd", v1.Number, commons.QuestionChallenges,
		"The council can keep the Hall open in the evenings for a year. After that we need to show who came and what they learned — please let's count it as we go."); err != nil {
		return err
	}
	at(330)
	if err := a.AdvanceProfilePhase(ctx, carys, v1.Number, commons.ProfileAction); err != nil {
		return fmt.Errorf("profile: action phase: %w", err)
	}

	// Version 2, this autumn's time-out, opened from the first.
	at(24)
	v2, err := a.OpenProfileVersion(ctx, carys)
	if err != nil {
		return fmt.Errorf("profile: open 2: %w", err)
	}
	if err := write(carys, v2.Number, secondProfile); err != nil {
		return err
	}
	at(10)
	if _, err := a.PublishProfileVersion(ctx, carys, v2.Number); err != nil {
		return fmt.Errorf("profile: publish 2: %w", err)
	}
	at(8)
	if err := comment("olena", v2.Number, commons.QuestionNeeds,
		"Thank you for writing about the Russian-speaking families. Many of the mothers want English for work, not only for shopping: could the college's course meet in the evening, after the children sleep?"); err != nil {
		return err
	}
	at(6)
	if err := comment("eleri", v2.Number, commons.QuestionResources,
		"The museum's archive room is free on Wednesday afternoons — it could host the oral history sessions and the family-history drop-in."); err != nil {
		return err
	}
	at(3)
	return comment("irina", v2.Number, commons.QuestionChange,
		"Я работаю в доме престарелых: теперь все записи в планшете. Нужны короткие занятия по цифровым навыкам на русском и английском.")
}

var firstProfile = []commons.SectionFields{
	{Question: commons.QuestionNeeds, Evidence: []commons.EvidenceKind{commons.EvidenceRequests}, Body: `Cwm Tawel is a former mining town of about 4,000 people at the head of its valley. The last pit closed in 1989; many of the men who worked it, and their families, never found steady work again. Fewer than one adult in five took part in any learning last year.

The needs we hear most:

- **digital skills** for people who now have to apply for everything online — older residents above all;
- **English** for the families who have arrived from Ukraine and other Russian-speaking countries since 2022, and **Welsh** for their children at school;
- **practical skills** that lead to work: care, repairs, energy.

Whose needs? Older people living alone, young parents, newcomers, and men who left school early and do not think of themselves as learners.`},
	{Question: commons.QuestionResources, Evidence: []commons.EvidenceKind{commons.EvidenceOrganizations, commons.EvidenceResources}, Body: `The **Miners' Hall** (Neuadd y Glowyr), built by the miners' own subscriptions in 1923, is still the heart of the town: a main hall, a back room and a kitchen, looked after by the Friends of the Miners' Hall and the town council.

The **library** has computers, a quiet room and a small makerspace; the **Mining Museum** has an archive and former miners who guide visits. The university's adult education department teaches where people live. Shops and the Repair Café lend tools and time.`},
	{Question: commons.QuestionInitiatives, Evidence: []commons.EvidenceKind{commons.EvidenceInitiatives}, Body: `We are starting with three things: winter evenings at the Miners' Hall (a warm room, a hot meal, a homework club), the Repair Café, and conversation suppers where newcomers and long-time residents cook together.`},
	{Question: commons.QuestionChallenges, Body: `- Keeping the Hall warm and open in the evenings costs money the council has for one year only.
- People who most need learning are the least likely to come to a class.
- Volunteers are few and tired; the same ten people do everything.`},
	{Question: commons.QuestionChange, Body: `Care homes, the council and the energy trust all say the same: paperwork has moved to tablets and phones, and the jobs that are coming — in care, retrofitting homes, small repairs — ask for digital and practical skills together.`},
}

var secondProfile = []commons.SectionFields{
	{Question: commons.QuestionNeeds, Evidence: []commons.EvidenceKind{commons.EvidenceActivitiesLanguage, commons.EvidenceRequests}, Body: `Cwm Tawel is a former mining town of about 4,000 people at the head of its valley. The last pit closed in 1989; many of the men who worked it, and their families, never found steady work again.

A year of evenings at the Miners' Hall showed us more clearly whose needs come first:

- **digital skills** for older residents — the library's Tuesday drop-in is full every week;
- **English for work** for the Russian-speaking families, especially mothers who want to work in care and schools, and **Welsh** for their children;
- **practical skills** that lead to work: care, repairs, retrofitting homes.

We now see the learning that happens outside classes too: the homework club, the kitchen, the Repair Café bench. People who would never sign up for a course learn there.`},
	{Question: commons.QuestionResources, Evidence: []commons.EvidenceKind{commons.EvidenceOrganizations, commons.EvidenceResources, commons.EvidenceHours}, Body: `The **Miners' Hall** (Neuadd y Glowyr), built by the miners' own subscriptions in 1923, is still the heart of the town — and now it is booked most evenings. The **library** and its makerspace, the **Mining Museum** and its archive, the university's tutors and the shops that lend tools are all on the map in Commons, so anyone can see what is free to use and book it.

Our strongest resource turned out to be people's time: the volunteers of the winter evenings, counted below.`},
	{Question: commons.QuestionInitiatives, Evidence: []commons.EvidenceKind{commons.EvidenceInitiatives, commons.EvidencePartnerships}, Body: `The winter evenings at the Miners' Hall became a partnership between the Friends of the Hall, the council, the hardware shop and the Refugee Welcome group, with written commitments. The Repair Café went digital; the conversation suppers meet every week; an oral history of the pits and a solar roof for the Hall are on their way.`},
	{Question: commons.QuestionChallenges, Body: `- The council's money for the evenings ends this winter: we must show what it made possible — this Profile and its figures are part of that.
- Men who left school early still rarely come; the Repair Café reaches some of them.
- The same volunteers still carry most of the work; new people arrived through the homework club and the kitchen, and we must keep them.
- Newcomers wait too long for English classes; learning requests stay unmet.`},
	{Question: commons.QuestionChange, Evidence: []commons.EvidenceKind{commons.EvidenceActivitiesTheme}, Body: `Care homes, the council and the energy trust all say the same: paperwork has moved to tablets and phones, and the jobs that are coming — in care, retrofitting homes, small repairs — ask for digital and practical skills together. The solar roof will need people who can install and look after it; the Repair Café can be where they start.`},
}
