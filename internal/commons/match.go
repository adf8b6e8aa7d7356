package commons

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/kljensen/snowball"
)

// Seeker is what the matcher finds answers for: an initiative's need, a
// learner's proposal, a request — or, the other way, an offer looking for
// the needs it could meet. The store fills it from the thing.
type Seeker struct {
	Type  SubjectType
	ID    string
	Title string
	// Kind is what is sought ("" for anything, as a proposal seeks a
	// teacher whatever their kind).
	Kind Kind
	// Text is what the seeker says, for word matching: title,
	// description, themes.
	Text      string
	Languages []string
	Online    bool
	Latitude  *float64
	Longitude *float64
	// Quantity is how many are needed: places in a room, say.
	Quantity int
	// Slot is when it is needed, if known.
	Slot *TimeSlot
	// People are those behind it (its author, its team): they are never
	// matched with themselves, and blocks between them and a candidate's
	// owner keep the pair apart.
	People []string
	Sector Sector
}

// Candidate is one possible answer, with the facts the store gathered
// about it for this seeker.
type Candidate struct {
	Type  SubjectType
	ID    string
	Title string
	Kind  Kind
	Text  string
	// Languages it can be had in ("" for any).
	Languages           []string
	Online              bool
	Latitude, Longitude *float64
	// Capacity is how many it holds, nil when that does not apply.
	Capacity *int
	// Bookable things have a calendar; Busy: booked at the seeker's slot.
	Bookable, Busy bool
	// Hidden: hidden by peers, archived, or no longer live.
	Hidden bool
	// Visible: the seeker's people may see it (public, or they are members).
	Visible bool
	// Blocked: its owner and one of the seeker's people blocked each other.
	Blocked bool
	// Declined: this pair was suggested and turned down.
	Declined bool
	// OwnerUserID is the person answerable for it, OwnerSector its
	// organization's sector, Commitments how many open commitments and
	// pledges its owner already carries, Trusted whether a steward
	// vouched for them.
	OwnerUserID string
	// Answerable are the others who may act for it: an organization's admins.
	Answerable  []string
	OwnerName   string
	OwnerSector Sector
	Commitments int
	Trusted     bool
	// CreatedAt is when it appeared (a teacher's: when they last said
	// what they teach), for "new matches" in digests.
	CreatedAt time.Time
}

// Reason is one named part of a match's score: a code programs read and a
// label people read (catalog key "match.reason.<code>" with Args).
type Reason struct {
	Code   string
	Points int
	Args   map[string]any
}

// Key is the catalog key of the reason's label.
func (r Reason) Key() string { return "match.reason." + r.Code }

// Match is a candidate that passed the filters, with its score and why.
type Match struct {
	Candidate
	Score   int
	Reasons []Reason
}

// The points of each part of a score. They are few and round so that a
// person reading the reasons can see why one match ranks above another.
const (
	pointsPerWord     = 10
	maxWordPoints     = 30
	pointsSameKind    = 5
	pointsLanguage    = 5
	pointsNear        = 5
	pointsInTown      = 3
	pointsFree        = 3
	pointsOtherSector = 4
	pointsLightLoad   = 3
	pointsSomeLoad    = 1
	pointsTrusted     = 2
	// MaxDistanceKm is how far a place may be from where it is needed.
	MaxDistanceKm = 50.0
	// MaxMatches bounds how many matches one seeker shows.
	MaxMatches = 20
)

// kindsMeet reports whether a candidate's kind can answer what is sought:
// the same kind, anything when nothing in particular is sought, and
// skill and expertise answer each other.
func kindsMeet(sought, offered Kind) bool {
	if sought == "" || offered == "" || sought == offered {
		return true
	}
	know := func(k Kind) bool { return k == KindSkill || k == KindExpertise }
	return know(sought) && know(offered)
}

// Synonyms are groups of words that mean the same for matching: "fix",
// "repair" and "mend". Words are kept stemmed.
type Synonyms struct {
	group   map[string]int
	members map[int][]string
}

// DefaultSynonyms are the groups every community starts with; a community
// adds its own (store: community_synonyms).
var DefaultSynonyms = [][]string{
	{"fix", "repair", "mend", "ремонт", "починка", "чинить"},
	{"bicycle", "bike", "cycle", "велосипед"},
	{"van", "vehicle", "transport", "lorry", "фургон", "транспорт"},
	{"room", "hall", "space", "venue", "помещение", "зал", "комната"},
	{"teach", "tutor", "lesson", "course", "учить", "урок", "курс"},
	{"computer", "laptop", "digital", "компьютер", "ноутбук"},
	{"garden", "allotment", "growing", "сад", "огород"},
	{"english", "esol", "английский"},
	{"translate", "interpret", "interpreting", "перевод", "переводчик"},
}

// NewSynonyms builds the lookup from groups of words, stemmed in the
// given languages.
func NewSynonyms(langs []string, groups ...[][]string) Synonyms {
	s := Synonyms{group: map[string]int{}, members: map[int][]string{}}
	n := 0
	for _, gs := range groups {
		for _, g := range gs {
			n++
			for _, w := range g {
				for _, st := range Stems(w, langs) {
					if _, ok := s.group[st]; !ok {
						s.group[st] = n
						s.members[n] = append(s.members[n], st)
					}
				}
			}
		}
	}
	return s
}

// SearchStems are the stems to look for when gathering candidates for a
// text: its own and those of their synonyms, at most max.
func (s Synonyms) SearchStems(text string, langs []string, max int) []string {
	var out []string
	add := func(st string) {
		if len(out) < max && !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	stems := Stems(text, langs)
	for _, st := range stems {
		add(st)
	}
	for _, st := range stems {
		for _, o := range s.members[s.group[st]] {
			if s.group[st] != 0 {
				add(o)
			}
		}
	}
	return out
}

// snowballLanguages are the languages the stemmer knows, by BCP 47 base.
var snowballLanguages = map[string]string{"en": "english", "ru": "russian", "es": "spanish", "fr": "french",
	"sv": "swedish", "nb": "norwegian", "no": "norwegian", "hu": "hungarian"}

// Words splits text into lower-case words of letters and digits.
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// stopWords are too common to say anything about a match.
var stopWords = map[string]bool{"a": true, "an": true, "the": true, "and": true, "or": true, "for": true, "to": true, "of": true,
	"in": true, "on": true, "at": true, "with": true, "our": true, "we": true, "i": true, "my": true, "someone": true, "who": true,
	"can": true, "help": true, "и": true, "в": true, "на": true, "с": true, "для": true, "по": true}

// Stems is a text's distinct word stems in every given language the
// stemmer knows (English always), so that "fixing bicycles" and "bicycle
// repair" share "bicycl". Short and common words are left out.
func Stems(text string, langs []string) []string {
	var out []string
	for _, p := range stemWords(text, langs) {
		if !slices.Contains(out, p.stem) {
			out = append(out, p.stem)
		}
	}
	return out
}

// stemmed is a word and one of its stems.
type stemmed struct{ stem, word string }

func stemWords(text string, langs []string) []stemmed {
	stemmers := []string{"english"}
	for _, l := range langs {
		base, _, _ := strings.Cut(l, "-")
		if s, ok := snowballLanguages[base]; ok && !slices.Contains(stemmers, s) {
			stemmers = append(stemmers, s)
		}
	}
	var out []stemmed
	for _, w := range Words(text) {
		if len([]rune(w)) < 3 || stopWords[w] {
			continue
		}
		for _, lang := range stemmers {
			st, err := snowball.Stem(w, lang, false)
			if err != nil || st == "" {
				continue
			}
			out = append(out, stemmed{st, w})
		}
	}
	return out
}

// concepts maps a text's words to what they mean: a synonym group stands
// for all its words, any other stem for itself; the value is the word as
// written, to show a person.
func (s Synonyms) concepts(words []stemmed) map[string]string {
	out := map[string]string{}
	for _, p := range words {
		key := p.stem
		if g, ok := s.group[p.stem]; ok {
			key = "#" + strconv.Itoa(g)
		}
		if _, seen := out[key]; !seen {
			out[key] = p.word
		}
	}
	return out
}

// distanceKm is the great-circle distance between two points.
func distanceKm(lat1, lng1, lat2, lng2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLng := (lat2-lat1)*rad, (lng2-lng1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

// Rank is the matcher: a pure function of the seeker, its candidates and
// the community's synonyms. First the hard filters drop what cannot
// answer at all (kind, language, place, time, capacity, visibility,
// hidden things, blocks, declined pairs, oneself); then each survivor's
// score is the sum of named parts, each with its reason; the best come
// first, at most MaxMatches.
func Rank(s Seeker, cands []Candidate, syn Synonyms, langs []string) []Match {
	seekerWords := syn.concepts(stemWords(s.Text, langs))
	var out []Match
	for _, c := range cands {
		if c.Hidden || !c.Visible || c.Blocked || c.Declined || c.Busy || (c.OwnerUserID != "" && slices.Contains(s.People, c.OwnerUserID)) {
			continue
		}
		if c.Type == s.Type && c.ID == s.ID {
			continue
		}
		if slices.ContainsFunc(c.Answerable, func(id string) bool { return slices.Contains(s.People, id) }) {
			continue // one's own organization
		}
		if !kindsMeet(s.Kind, c.Kind) {
			continue
		}
		if s.Quantity > 1 && c.Capacity != nil && *c.Capacity < s.Quantity {
			continue
		}
		lang := ""
		if len(s.Languages) > 0 && len(c.Languages) > 0 {
			for _, l := range s.Languages {
				if slices.Contains(c.Languages, l) {
					lang = l
					break
				}
			}
			if lang == "" {
				continue
			}
		}
		km := -1.0
		if !s.Online && !c.Online && s.Latitude != nil && c.Latitude != nil && s.Longitude != nil && c.Longitude != nil {
			if km = distanceKm(*s.Latitude, *s.Longitude, *c.Latitude, *c.Longitude); km > MaxDistanceKm {
				continue
			}
		}
		m := Match{Candidate: c}
		add := func(code string, points int, args ...any) {
			r := Reason{Code: code, Points: points}
			if len(args) > 0 {
				r.Args = map[string]any{}
				for i := 0; i+1 < len(args); i += 2 {
					r.Args[args[i].(string)] = args[i+1]
				}
			}
			m.Score += points
			m.Reasons = append(m.Reasons, r)
		}
		// Words in common, through stems and synonyms.
		var shared []string
		for key, st := range syn.concepts(stemWords(c.Text, langs)) {
			if _, ok := seekerWords[key]; ok {
				shared = append(shared, st)
			}
		}
		sort.Strings(shared)
		if len(shared) > 0 {
			add("words", min(len(shared)*pointsPerWord, maxWordPoints), "Words", strings.Join(shared, ", "))
		}
		sameKind := s.Kind != "" && s.Kind == c.Kind
		// Without a word in common, only a thing of the very kind sought
		// (a room for a room) is worth suggesting; a person or a vague
		// kind is not.
		if len(shared) == 0 && (!sameKind || s.Kind == KindOther || s.Kind == KindSkill || s.Kind == KindExpertise) {
			continue
		}
		if sameKind {
			add("kind", pointsSameKind, "Kind", string(c.Kind))
		}
		if lang != "" {
			add("language", pointsLanguage, "Language", lang)
		}
		switch {
		case km >= 0 && km <= 2:
			add("near", pointsNear, "Km", strconv.FormatFloat(km, 'f', 1, 64))
		case km >= 0:
			add("in_town", pointsInTown, "Km", strconv.FormatFloat(km, 'f', 0, 64))
		}
		if s.Slot != nil && c.Bookable {
			add("free", pointsFree)
		}
		if s.Sector != "" && c.OwnerSector != "" && s.Sector != c.OwnerSector {
			add("other_sector", pointsOtherSector, "Sector", string(c.OwnerSector))
		}
		switch {
		case c.Commitments == 0:
			add("light_load", pointsLightLoad)
		case c.Commitments < 3:
			add("some_load", pointsSomeLoad)
		}
		if c.Trusted {
			add("trusted", pointsTrusted)
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > MaxMatches {
		out = out[:MaxMatches]
	}
	return out
}

// CandidatePerson is the candidate type of a member who can teach. People
// are not subjects of the registry (they are not things of a community),
// so this is a candidate type only; their page is the member's page.
const CandidatePerson SubjectType = "person"

// CandidatePath is a candidate's page in a community.
func CandidatePath(t SubjectType, communitySlug, id string) string {
	if t == CandidatePerson {
		return "/c/" + communitySlug + "/members/" + id
	}
	return PagePath(t, communitySlug, id)
}

// MayOverview is the rule for the learning champion's overview of what
// waits in a community: its editors and stewards, who broker and welcome.
func MayOverview(m *Member) bool { return m.HasRole(RoleEditor) || m.HasRole(RoleSteward) }

// The outcomes of acted-on suggestions: what they led to, recorded when
// it happens. An offer or request settled by a time-bank transfer is
// fulfilled.
const (
	MatchPledgeAccepted = "pledge_accepted"
	MatchFulfilled      = "fulfilled"
	MatchActivity       = "activity"
	MatchRegistered     = "registered"
)

// MatchOutcomes lists them in the order the overview counts them.
var MatchOutcomes = []string{MatchPledgeAccepted, MatchFulfilled, MatchActivity, MatchRegistered}
