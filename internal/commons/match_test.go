package commons

import (
	"slices"
	"testing"
	"time"
)

func ids(ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func codes(m Match) []string {
	var out []string
	for _, r := range m.Reasons {
		out = append(out, r.Code)
	}
	return out
}

// The matcher's filters and score on hand-made cases.
func TestRank(t *testing.T) {
	syn := NewSynonyms([]string{"en", "ru"}, DefaultSynonyms)
	langs := []string{"en", "ru"}
	lat, lng := 51.744, -3.778
	near, nearLng := 51.746, -3.780
	far, farLng := 53.48, -2.24 // Manchester
	seats := func(n int) *int { return &n }
	slot := &TimeSlot{Start: time.Date(2031, 3, 8, 9, 0, 0, 0, time.UTC), End: time.Date(2031, 3, 8, 12, 0, 0, 0, time.UTC)}
	visible := func(c Candidate) Candidate { c.Visible = true; return c }
	cases := []struct {
		name  string
		s     Seeker
		cands []Candidate
		want  []string // ids in rank order
		check func(t *testing.T, ms []Match)
	}{
		{
			name: "bicycle: word forms and synonyms",
			s:    Seeker{Type: SubjectProposal, ID: "p", Text: "Fixing bicycles", People: []string{"irina"}},
			cands: []Candidate{
				visible(Candidate{Type: "person", ID: "rhodri", Kind: KindSkill, Text: "bicycle repair\nsoldering", OwnerUserID: "rhodri"}),
				visible(Candidate{Type: "person", ID: "bethan", Kind: KindSkill, Text: "knitting", OwnerUserID: "bethan"}),
				visible(Candidate{Type: "person", ID: "ru", Kind: KindSkill, Text: "ремонт велосипедов", OwnerUserID: "olena"}),
			},
			want: []string{"rhodri", "ru"},
			check: func(t *testing.T, ms []Match) {
				if ms[0].Reasons[0].Code != "words" || ms[0].Reasons[0].Args["Words"] != "bicycle, repair" {
					t.Errorf("reasons %+v", ms[0].Reasons)
				}
			},
		},
		{
			name: "organizations: another's by its words and sector, never one's own",
			s:    Seeker{Type: SubjectProposal, ID: "p", Text: "Fixing bicycles", People: []string{"irina", "gwen"}, Sector: SectorBusiness},
			cands: []Candidate{
				visible(Candidate{Type: SubjectOrganization, ID: "club", Text: "valley cycling club: we repair bicycles", OwnerUserID: "dai",
					Answerable: []string{"eira"}, OwnerSector: SectorNGO}),
				visible(Candidate{Type: SubjectOrganization, ID: "mine", Text: "bicycle repair co-op", OwnerUserID: "dai", Answerable: []string{"gwen"}}),
				visible(Candidate{Type: SubjectActivity, ID: "workshop", Text: "Bicycle repair workshop", OwnerUserID: "author"}),
			},
			want: []string{"club", "workshop"},
			check: func(t *testing.T, ms []Match) {
				if !slices.Contains(codes(ms[0]), "other_sector") {
					t.Errorf("reasons %v", codes(ms[0]))
				}
			},
		},
		{
			name: "a room too small",
			s:    Seeker{Type: SubjectNeed, ID: "n", Kind: KindSpace, Text: "A hall for the choir", Quantity: 40},
			cands: []Candidate{
				visible(Candidate{Type: SubjectResource, ID: "small", Kind: KindSpace, Text: "Study room", Capacity: seats(8)}),
				visible(Candidate{Type: SubjectResource, ID: "big", Kind: KindSpace, Text: "Miners' Hall", Capacity: seats(120)}),
			},
			want: []string{"big"},
		},
		{
			name: "a room not free",
			s:    Seeker{Type: SubjectNeed, ID: "n", Kind: KindSpace, Text: "A room", Slot: slot},
			cands: []Candidate{
				visible(Candidate{Type: SubjectResource, ID: "booked", Kind: KindSpace, Text: "Room", Bookable: true, Busy: true}),
				visible(Candidate{Type: SubjectResource, ID: "free", Kind: KindSpace, Text: "Room", Bookable: true}),
			},
			want: []string{"free"},
			check: func(t *testing.T, ms []Match) {
				if !slices.Contains(codes(ms[0]), "free") {
					t.Errorf("no reason free: %v", codes(ms[0]))
				}
			},
		},
		{
			name: "a person who blocked the requester",
			s:    Seeker{Type: SubjectIntent, ID: "r", Kind: KindEquipment, Text: "A van for Saturday", People: []string{"mair"}},
			cands: []Candidate{
				visible(Candidate{Type: SubjectIntent, ID: "blocked", Kind: KindEquipment, Text: "Our van", OwnerUserID: "x", Blocked: true}),
				visible(Candidate{Type: SubjectIntent, ID: "ok", Kind: KindEquipment, Text: "The shop's van", OwnerUserID: "rhodri"}),
				visible(Candidate{Type: SubjectIntent, ID: "own", Kind: KindEquipment, Text: "My van", OwnerUserID: "mair"}),
				visible(Candidate{Type: SubjectIntent, ID: "declined", Kind: KindEquipment, Text: "A van", OwnerUserID: "y", Declined: true}),
			},
			want: []string{"ok"},
		},
		{
			name: "a hidden resource and one the seeker may not see",
			s:    Seeker{Type: SubjectNeed, ID: "n", Kind: KindEquipment, Text: "A projector"},
			cands: []Candidate{
				visible(Candidate{Type: SubjectResource, ID: "hidden", Kind: KindEquipment, Text: "Projector", Hidden: true}),
				{Type: SubjectResource, ID: "unseen", Kind: KindEquipment, Text: "Projector"},
				visible(Candidate{Type: SubjectResource, ID: "shown", Kind: KindEquipment, Text: "Projector and screen"}),
			},
			want: []string{"shown"},
		},
		{
			name: "another sector ranks above the same sector",
			s:    Seeker{Type: SubjectNeed, ID: "n", Kind: KindEquipment, Text: "A van", Sector: SectorCitizenGroup},
			cands: []Candidate{
				visible(Candidate{Type: SubjectIntent, ID: "a-same", Kind: KindEquipment, Text: "A van", OwnerSector: SectorCitizenGroup}),
				visible(Candidate{Type: SubjectIntent, ID: "b-business", Kind: KindEquipment, Text: "A van", OwnerSector: SectorBusiness}),
			},
			want: []string{"b-business", "a-same"},
		},
		{
			name: "fewer commitments and a steward's trust rank higher",
			s:    Seeker{Type: SubjectNeed, ID: "n", Kind: KindTime, Text: "Volunteers for the homework club"},
			cands: []Candidate{
				visible(Candidate{Type: SubjectIntent, ID: "busy", Kind: KindTime, Text: "homework club volunteers", Commitments: 5}),
				visible(Candidate{Type: SubjectIntent, ID: "fresh", Kind: KindTime, Text: "homework club volunteers", Trusted: true}),
			},
			want: []string{"fresh", "busy"},
		},
		{
			name: "language and place",
			s: Seeker{Type: SubjectIntent, ID: "r", Kind: KindSkill, Text: "Arabic speaker for the welcome desk", Languages: []string{"ar"},
				Latitude: &lat, Longitude: &lng},
			cands: []Candidate{
				visible(Candidate{Type: "person", ID: "no-arabic", Kind: KindSkill, Text: "welcome desk", Languages: []string{"en"}}),
				visible(Candidate{Type: "person", ID: "far", Kind: KindSkill, Text: "welcome desk", Languages: []string{"ar"}, Latitude: &far, Longitude: &farLng}),
				visible(Candidate{Type: "person", ID: "near", Kind: KindSkill, Text: "welcome desk", Languages: []string{"ar", "en"}, Latitude: &near, Longitude: &nearLng}),
			},
			want: []string{"near"},
			check: func(t *testing.T, ms []Match) {
				if c := codes(ms[0]); !slices.Contains(c, "language") || !slices.Contains(c, "near") {
					t.Errorf("reasons %v", c)
				}
			},
		},
		{
			name: "kind alone does not make a teacher",
			s:    Seeker{Type: SubjectProposal, ID: "p", Text: "Welsh for beginners"},
			cands: []Candidate{
				visible(Candidate{Type: "person", ID: "baker", Kind: KindSkill, Text: "baking"}),
			},
			want: nil,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms := Rank(c.s, c.cands, syn, langs)
			if got := ids(ms); !slices.Equal(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for _, m := range ms {
				sum := 0
				for _, r := range m.Reasons {
					sum += r.Points
				}
				if sum != m.Score {
					t.Errorf("%s: score %d is not the sum of its parts %d", m.ID, m.Score, sum)
				}
			}
			if c.check != nil {
				c.check(t, ms)
			}
		})
	}
}

func TestStems(t *testing.T) {
	a, b := Stems("Fixing bicycles", []string{"en"}), Stems("bicycle repair", []string{"en"})
	if !slices.Contains(a, "bicycl") || !slices.Contains(b, "bicycl") {
		t.Errorf("%v %v", a, b)
	}
	if r := Stems("ремонт велосипедов", []string{"ru"}); !slices.Contains(r, "велосипед") {
		t.Errorf("russian: %v", r)
	}
}
