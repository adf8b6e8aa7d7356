package encode

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/commons"
)

// A round written as Pabulib and read back gives the same result, for
// every rule and method: anyone with the file recomputes the round.
func TestPabulibRoundTrip(t *testing.T) {
	for _, rule := range commons.FundRules {
		for _, method := range commons.FundMethods {
			for _, partial := range []bool{false, true} {
				t.Run(fmt.Sprint(rule, method, partial), func(t *testing.T) {
					r := rand.New(rand.NewPCG(1, uint64(len(rule))))
					var projects []PabulibProject
					var in commons.FundInput
					in.Budget, in.Method, in.Partial, in.Points = 5000, method, partial, rule == commons.FundTokens
					for i := range 12 {
						cost := int64(300 + r.IntN(1500))
						p := PabulibProject{ID: fmt.Sprintf("p%d", i), Cost: cost, Min: cost / 2, Name: fmt.Sprintf("Project; “%d”\nsecond line", i)}
						projects = append(projects, p)
						in.Projects = append(in.Projects, commons.FundProject{ID: p.ID, Cost: p.Cost, Min: p.Min})
					}
					var choices [][]commons.FundChoice
					for range 300 {
						var b []commons.FundChoice
						var votes []commons.FundVote
						for _, i := range r.Perm(12)[:1+r.IntN(4)] {
							pts := 1
							if in.Points {
								pts = 1 + r.IntN(5)
							}
							b = append(b, commons.FundChoice{ApplicationID: projects[i].ID, Points: pts})
							votes = append(votes, commons.FundVote{Project: i, Points: pts})
						}
						choices = append(choices, b)
						in.Ballots = append(in.Ballots, votes)
					}
					want := commons.ComputeFund(in)
					var buf bytes.Buffer
					pb := NewPabulib(&buf, PabulibMeta{Description: "Warm; Spaces", Unit: "GBP", Budget: in.Budget, NumVotes: len(choices),
						Rule: rule, Method: method, MinLength: 1, MaxLength: 4, MaxSumPoints: 20, MaxPoints: 5, Partial: partial}, projects)
					for _, b := range choices {
						if err := pb.Vote(b); err != nil {
							t.Fatal(err)
						}
					}
					if err := pb.Flush(); err != nil {
						t.Fatal(err)
					}
					text := buf.String()
					if !strings.HasPrefix(text, "META\nkey;value\n") || !strings.Contains(text, "\nPROJECTS\nproject_id;cost;votes;name;minimum\n") {
						t.Fatalf("not Pabulib:\n%.300s", text)
					}
					back, ids, err := ParsePabulib(&buf)
					if err != nil {
						t.Fatal(err)
					}
					if len(ids) != 12 || len(back.Ballots) != 300 || back.Method != method || back.Points != in.Points || back.Partial != partial {
						t.Fatalf("read back %d projects, %d ballots, %s %v %v", len(ids), len(back.Ballots), back.Method, back.Points, back.Partial)
					}
					got := commons.ComputeFund(back)
					if !slices.Equal(got.Funded, want.Funded) || got.Spent != want.Spent || got.Spent == 0 {
						t.Errorf("recomputed %v (%d), want %v (%d)", got.Funded, got.Spent, want.Funded, want.Spent)
					}
				})
			}
		}
	}
}

func TestParsePabulibRefuses(t *testing.T) {
	for _, text := range []string{
		"META\nkey;value\nbudget;x\n",
		"META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;ten\n",
		"META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;2\n",
	} {
		if _, _, err := ParsePabulib(strings.NewReader(text)); err == nil {
			t.Errorf("accepted %q", text)
		}
	}
}
