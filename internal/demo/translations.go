package demo

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// The demo's content in its three languages (commons/translation.go). The
// things themselves are written in English, the community's first
// language, and their Welsh and Russian are translations, written by
// whoever looks after each thing — the organizations describe themselves
// in Welsh as a Welsh council or library would. One course is the other
// way round: the Welsh course was written in Welsh first, and its English
// and Russian are the translations.

// translated is one thing's other languages, and who writes them.
type translated struct {
	by string // a person's key: the thing's editor, or the founder
	cy commons.Translation
	ru commons.Translation
	// original names the language of the thing's own fields when it is
	// not the community's first; en is then the English translation.
	original string
	en       commons.Translation
}

func cy(title, description string) commons.Translation {
	return commons.Translation{Lang: "cy", Title: title, Description: description}
}

func ru(title, description string) commons.Translation {
	return commons.Translation{Lang: "ru", Title: title, Description: description}
}

var communityTranslations = translated{by: "carys",
	cy: cy("Cymuned Ddysgu Cwm Tawel",
		"Mae Cwm Tawel yn hen dref lofaol o 6,000 o bobl mewn cwm yn ne Cymru. Ers i'r pwll olaf gau, mae'r cyngor, y llyfrgell, "+
			"yr amgueddfa, adran dysgu oedolion y brifysgol, busnesau lleol a grwpiau o gymdogion wedi bod yn rhannu ystafelloedd, offer "+
			"a gwybodaeth er mwyn i bawb yma allu dal ati i ddysgu. Croeso."),
	ru: ru("", "Кум-Тавел — бывший шахтёрский город с населением 6000 человек в долине Южного Уэльса. С тех пор как закрылась последняя шахта, "+
		"совет, библиотека, музей, университетский отдел обучения взрослых, местный бизнес и группы соседей делятся помещениями, "+
		"инструментами и знаниями, чтобы каждый здесь мог продолжать учиться. Croeso — добро пожаловать."),
}

// organizationTranslations are by the key of each organization's admin.
var organizationTranslations = map[string]translated{
	"dafydd": {
		cy: cy("Cyngor Tref Cwm Tawel",
			"Mae'r cyngor tref yn gofalu am Neuadd y Glowyr, y parc a'r ystafelloedd cymunedol uwchben y llyfrgell, ac yn eu benthyg i grwpiau lleol am ddim."),
		ru: ru("", "Городской совет заботится о Шахтёрском клубе, парке и общественных комнатах над библиотекой и бесплатно предоставляет их местным группам.")},
	"sian": {
		cy: cy("Prifysgol y Cymoedd — Adran Addysg Barhaus i Oedolion",
			"Cyrsiau rhan-amser i oedolion yn y cwm, lle mae pobl yn byw: canolfannau cymunedol, y llyfrgell, festri'r capel. "+
				"Mae ein tiwtoriaid yn helpu grwpiau i droi'r hyn maen nhw'n ei wneud yn ddysgu achrededig."),
		ru: ru("", "Курсы для взрослых без отрыва от жизни в долине — в общественных центрах, библиотеке, при часовне. "+
			"Преподаватели помогают группам превратить их дело в признанное обучение.")},
	"gareth": {
		cy: cy("Llyfrgell Cwm Tawel",
			"Llyfrau, cyfrifiaduron gyda help wrth law, ystafell astudio dawel a gofod gwneud bach gydag argraffydd 3D. "+
				"Sesiwn galw heibio sgiliau digidol bob dydd Mawrth."),
		ru: ru("", "Книги, компьютеры с помощью консультанта, тихий читальный зал и небольшая мастерская с 3D-принтером. "+
			"По вторникам — открытые занятия по цифровой грамотности.")},
	"eleri": {
		cy: cy("Amgueddfa Lofaol Cwm Tawel",
			"Hanes pyllau glo'r cwm a'r bobl a fu'n gweithio ynddyn nhw. Cyn-lowyr sy'n tywys yr ymweliadau, "+
				"ac mae croeso i haneswyr teulu a phrosiectau ysgol yn yr archif."),
		ru: ru("", "История шахт долины и людей, которые на них работали. Экскурсии ведут бывшие шахтёры; "+
			"архив открыт для исследователей семейной истории и школьных проектов.")},
	"rhodri": { // a family business keeps its name in every language
		cy: cy("", "Siop nwyddau haearn deuluol ers 1962. Rydym yn benthyg offer i'r Caffi Trwsio ac yn talu am hadau'r ardd gymunedol bob gwanwyn."),
		ru: ru("", "Семейный хозяйственный магазин с 1962 года. Одалживаем инструменты Ремонтному кафе и каждую весну покупаем семена для общественного сада.")},
	"bethan": {
		cy: cy("Ymddiriedolaeth Ynni Gwyrdd y Cwm",
			"Elusen sy'n eiddo i'r gymuned. Rydym yn helpu cartrefi i arbed ynni ac yn cynllunio to solar ar y cyd ar Neuadd y Glowyr. "+
				"Rydym hefyd yn benthyg beiciau trydan ac yn dangos i bobl sut i ofalu amdanyn nhw."),
		ru: ru("", "Общественная благотворительная организация: помогает семьям экономить энергию и готовит общую солнечную крышу на Шахтёрском клубе. "+
			"Даём напрокат электровелосипеды и учим за ними ухаживать.")},
	"olena": {
		cy: cy("Croeso — Croesawu Ffoaduriaid Cwm Tawel",
			"Gwirfoddolwyr sy'n croesawu teuluoedd sy'n cyrraedd y cwm: sgwrsio yn Saesneg, help gyda ffurflenni, "+
				"a chlwb swper bob dydd Sadwrn lle mae pawb yn coginio."),
		ru: ru("", "Волонтёры встречают семьи, приезжающие в долину: разговорный английский, помощь с документами и субботний ужин, где готовят все вместе.")},
	"huw": {
		cy: cy("Caffi Trwsio Tawel",
			"Dewch â phethau sydd wedi torri ar ddydd Sadwrn cyntaf y mis, a'u trwsio gyda'n gwirfoddolwyr — gan ddysgu sut i wneud hynny."),
		ru: ru("", "Приносите сломанные вещи в первую субботу месяца — чините их вместе с волонтёрами и учитесь сами.")},
	"mair": {
		cy: cy("Cyfeillion Neuadd y Glowyr",
			"Cymdogion sy'n cadw Neuadd y Glowyr ar agor fel lle i bawb: côr, nosweithiau ffilm a'r prosiect hanes llafar."),
		ru: ru("", "Соседи, которые сохраняют Шахтёрский клуб открытым для всех: хор, киновечера и проект устной истории.")},
	"aisha": {
		cy: cy("Grŵp Cerdded Menywod",
			"Taith gerdded bob wythnos ar hyd yr hen dramffordd i fenywod o bob oed a chefndir, gyda phaned wedyn. Mae croeso i bobl newydd bob amser."),
		ru: ru("", "Еженедельная прогулка по старой трамвайной дороге для женщин любого возраста и происхождения, а потом — чай. Новичкам всегда рады.")},
}

// resourceTranslations follow the order of the resources table.
var resourceTranslations = []translated{
	{cy: cy("Ystafell gymunedol uwchben y llyfrgell",
		"Ystafell olau i dri deg o bobl, gyda chadeiriau, byrddau, taflunydd a phethau i wneud te. "+
			"Mae grwpiau o bob sector yn ei defnyddio ar gyfer cyfarfodydd a dosbarthiadau."),
		ru: ru("", "Светлая комната на тридцать человек со стульями, столами, проектором и всем для чая.")},
	{cy: cy("Prif neuadd Neuadd y Glowyr",
		"Neuadd fawr y dref, gyda llwyfan, piano a chegin. Mae'r cyngor yn ei benthyg am ddim i grwpiau lleol; gofynnwch wythnos ymlaen llaw."),
		ru: ru("", "Большой зал города со сценой, пианино и кухней.")},
	{cy: cy("Argraffydd 3D yn y gofod gwneud",
		"Argraffydd Prusa gyda ffilament. Y tro cyntaf y byddwch yn ei archebu, bydd gwirfoddolwyr sgiliau digidol y llyfrgell yn dangos i chi sut mae'n gweithio."),
		ru: ru("", "3D-принтер в мастерской библиотеки.")},
	{cy: cy("Pecyn offer trwsio",
		"Tyrnsgriwiau, gorsaf sodro, peiriant gwnïo a darnau sbâr, i'w benthyg i'r Caffi Trwsio ac i unrhyw un sy'n trwsio pethau i'w cymdogion."),
		ru: ru("", "Набор инструментов для ремонта.")},
	{cy: cy("Help tiwtor i droi prosiect eich grŵp yn gwrs",
		"Bydd tiwtor addysg oedolion yn treulio dwy awr gyda'ch grŵp yn troi'r hyn rydych chi'n ei wneud yn ddysgu y gall eraill ymuno ag ef, "+
			"a gall ei achredu hefyd."),
		ru: ru("", "Преподаватель поможет превратить проект вашей группы в курс.")},
	{cy: cy("Grantiau bach ar gyfer cartrefi gwyrddach",
		"Hyd at £300 i atal drafftiau neu i inswleiddio cartref yn y cwm. Bydd gwirfoddolwyr yr ymddiriedolaeth yn eich helpu gyda'r ffurflen."),
		ru: ru("", "Небольшие гранты на утепление домов.")},
	{cy: cy("Awr gyda hyrwyddwr dysgu",
		"Mae Carys yn helpu pobl newydd i ddod o hyd i gyrsiau, grwpiau a phobl yn y cwm. Archebwch awr am baned a sgwrs."),
		ru: ru("", "Час с координатором обучения: поможет найти курсы и людей.")},
}

var firewoodTranslations = translated{by: "huw",
	cy: cy("Coed tân am ddim", "Darnau dros ben o fainc waith y Caffi Trwsio, am ddim i unrhyw un sydd â stôf."),
	ru: ru("", "Бесплатные дрова: обрезки из мастерской Ремонтного кафе."),
}

// activityTranslations are by the activity's own title; every occurrence
// of a course carries them, as each has its own page.
var activityTranslations = map[string]translated{
	"Cymraeg i ddechreuwyr": {by: "gareth", original: "cy",
		en: commons.Translation{Lang: "en", Title: "Welsh for beginners",
			Description: "Ten friendly evenings for people who have never spoken Welsh, or stopped at school. We start with greetings, " +
				"the shop and the bus, and end with a short conversation over tea."},
		ru: ru("Валлийский для начинающих", "Десять вечеров валлийского для начинающих: приветствия, магазин, автобус — и разговор за чаем.")},
	"English conversation for newcomers": {by: "olena",
		cy: cy("Sgwrsio yn Saesneg i bobl newydd",
			"Ymarferwch Saesneg bob dydd gyda gwirfoddolwyr, ar-lein o'ch cartref. Os byddwch chi'n mynd yn sownd, gallwn siarad Rwsieg ac Wcreineg."),
		ru: ru("Разговорный английский", "Практика повседневного английского с волонтёрами, онлайн из дома.")},
	"Sing in Welsh: a taster before choir": {by: "mair",
		cy: cy("Canu yn Gymraeg: blas cyn y côr",
			"Awr i ddysgu dwy gân Gymraeg ar y glust, gyda'r geiriau wedi'u hysgrifennu. Yna arhoswch ar gyfer y côr os hoffech chi!")},
	"Learning fair at the Miners' Hall": {by: "dafydd",
		cy: cy("Ffair ddysgu yn Neuadd y Glowyr",
			"Pob grŵp, cwrs a chlwb yn y cwm o dan yr un to: rhowch gynnig ar bethau, dewch i gwrdd â thiwtoriaid a chofrestrwch. "+
				"Te a phice ar y maen gan Gyfeillion Neuadd y Glowyr.")},
}

// initiativeTranslations are by the initiative's title and its lead's key.
var initiativeTranslations = map[string]translated{
	"Winter evenings at the Miners' Hall": {by: "mair",
		cy: cy("Nosweithiau gaeaf yn Neuadd y Glowyr",
			"Neuadd y Glowyr yw ystafell fyw'r cwm, ond mae ei gwresogi'n costio mwy nag y gall y Cyfeillion ei godi. "+
				"Gyda'r cyngor, y brifysgol a'r siop nwyddau haearn, rydym am ei chadw ar agor **tair noson yr wythnos** o fis Tachwedd i fis Mawrth.\n\n"+
				"- Dydd Mawrth: côr a phryd poeth\n- Dydd Iau: clwb gwaith cartref gyda myfyrwyr sy'n gwirfoddoli\n- Dydd Sadwrn: noson trwsio"),
		ru: ru("", "Шахтёрский клуб — гостиная долины. Вместе с советом, университетом и хозяйственным магазином мы хотим держать его открытым три вечера в неделю всю зиму.")},
	"Voices of the pits: an oral history": {by: "mair",
		cy: cy("Lleisiau'r pyllau: hanes llafar", "Dau ddeg dau o gyfweliadau, wedi'u recordio gan ddisgyblion Ysgol Cwm Tawel gyda help yr amgueddfa."),
		ru: ru("", "Устная история шахт: двадцать два интервью, записанные школьниками вместе с музеем.")},
	"Repair Café goes digital": {by: "huw",
		cy: cy("Y Caffi Trwsio'n mynd yn ddigidol",
			"Mae mwy a mwy o'r hyn y mae pobl yn dod ag ef yn electronig. Mae arnom angen ychydig o offer, rhywun sy'n gallu dysgu sodro'n ddiogel, "+
				"a darnau sbâr wedi'u hargraffu mewn 3D."),
		ru: ru("", "Всё больше приносят электронику. Нужны инструменты, кто-то, кто научит безопасно паять, и запчасти, напечатанные на 3D-принтере.")},
	"Conversation suppers": {by: "olena",
		cy: cy("Swperau sgwrsio", "Syniad gan y clwb swper dydd Sadwrn: un noson y mis, bydd pob bwrdd yn siarad iaith y mae ei westeion yn ei dysgu."),
		ru: ru("", "Идея субботнего ужина: раз в месяц за каждым столом говорят на языке, который учат гости.")},
	"A solar roof for the Miners' Hall": {by: "huw",
		cy: cy("To solar i Neuadd y Glowyr", "Wedi'i oedi nes i'r to gael ei arolygu."),
		ru: ru("", "Приостановлено до обследования крыши.")},
}

// loadTranslations writes the demo's Welsh and Russian, once everything
// they translate exists.
func loadTranslations(ctx context.Context, a *app.App, w *world) error {
	c, err := a.Community(ctx, Slug)
	if err != nil {
		return err
	}
	write := func(kind commons.SubjectType, id, name string, t translated) error {
		s, err := a.Scope(ctx, w.users[t.by], Slug)
		if err != nil {
			return err
		}
		if t.original != "" {
			if _, err := a.SetOriginalLanguage(ctx, s, kind, id, t.original); err != nil {
				return fmt.Errorf("%s %q in %s: %w", kind, name, t.original, err)
			}
		}
		for _, tr := range []commons.Translation{t.en, t.cy, t.ru} {
			if tr.Lang == "" {
				continue
			}
			if _, err := a.SetTranslation(ctx, s, kind, id, tr); err != nil {
				return fmt.Errorf("%s %q in %s: %w", kind, name, tr.Lang, err)
			}
		}
		return nil
	}
	if err := write(commons.SubjectCommunity, c.ID, c.Name, communityTranslations); err != nil {
		return err
	}
	for _, o := range organizations {
		t := organizationTranslations[o.admin]
		t.by = o.admin
		if err := write(commons.SubjectOrganization, w.orgs[o.admin], o.fields.Name, t); err != nil {
			return err
		}
	}
	for i, r := range resources {
		t := resourceTranslations[i]
		t.by = r.by
		if err := write(commons.SubjectResource, w.resources[i], r.fields.Title, t); err != nil {
			return err
		}
	}
	if err := write(commons.SubjectResource, w.firewood, "Free firewood", firewoodTranslations); err != nil {
		return err
	}
	for _, title := range slices.Sorted(maps.Keys(activityTranslations)) { // a record in the same order every time
		t := activityTranslations[title]
		ids := w.activities[title]
		if len(ids) == 0 {
			return fmt.Errorf("activity %q: not in the demo", title)
		}
		for _, id := range ids {
			if err := write(commons.SubjectActivity, id, title, t); err != nil {
				return err
			}
		}
	}
	for _, title := range slices.Sorted(maps.Keys(initiativeTranslations)) {
		t := initiativeTranslations[title]
		id, ok := w.initiatives[title]
		if !ok {
			return fmt.Errorf("initiative %q: not in the demo", title)
		}
		if err := write(commons.SubjectInitiative, id, title, t); err != nil {
			return err
		}
	}
	return nil
}
