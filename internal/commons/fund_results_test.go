package commons

import (
	"fmt"
	"slices"
	"testing"
)

// ballots builds approval ballots: each group of voters approves the
// projects named by index.
func approvals(groups ...struct {
	n     int
	picks []int
}) [][]FundVote {
	var out [][]FundVote
	for _, g := range groups {
		for range g.n {
			var b []FundVote
			for _, p := range g.picks {
				b = append(b, FundVote{Project: p, Points: 1})
			}
			out = append(out, b)
		}
	}
	return out
}

type group = struct {
	n     int
	picks []int
}

func TestComputeFund(t *testing.T) {
	// The example of Peters, Pierczyński and Skowron (and Wikipedia's
	// "Method of Equal Shares", Motivation): 51% of voters want ten red
	// projects, 49% ten blue ones, and the budget pays for ten. Greedy
	// gives all ten to the majority; Equal Shares buys 5 red with the
	// majority's 510 and 4 blue with the minority's 490, leaving 100
	// that would buy a fifth blue. Wikipedia says the method "would pick
	// 5 blue and 5 red projects": that is the add1 completion. With a
	// share of 11 each the majority holds 561 (5 red), the minority 539
	// (5 blue), 1000 in all, within the pool and exhaustive, so it stops
	// there (with 12 each, 6 red + 5 blue would cost 1100).
	var redBlue []FundProject
	var red, blue []int
	for i := range 20 {
		redBlue = append(redBlue, FundProject{ID: fmt.Sprint(i), Cost: 100, Min: 100})
		if i < 10 {
			red = append(red, i)
		} else {
			blue = append(blue, i)
		}
	}
	rb := approvals(group{51, red}, group{49, blue})

	// A small round worked by hand (cost utilities, shares of 10 each):
	// A (20) and B (12) both cost their two supporters 10 and 6, ρ = ½;
	// the tie goes to the cheaper B. Then A's supporters hold 10 + 4 and
	// C's holds 4: nothing more is affordable whole, yet C (5) fits in
	// the 18 left. Completion gives each voter 11: B as before, then C's
	// supporter holds 5 and buys it; 17 spent, A (20) cannot fit, done.
	// With partial funding A gets the 14 its supporters hold (≥ its
	// minimum 10), C the 4 (≥ 3): all 30 spent, nothing to complete.
	abc := []FundProject{{ID: "A", Cost: 20, Min: 10}, {ID: "B", Cost: 12, Min: 12}, {ID: "C", Cost: 5, Min: 3}}
	abcVotes := approvals(group{1, []int{0}}, group{1, []int{0, 1}}, group{1, []int{1, 2}})

	// Tokens (cardinal utilities, shares of 5): B costs its supporters
	// 1.2 per point (1.2 and 4.8), A 4/3 per point: B first; then the
	// first voter holds 3.8 < 4 and A is out though it fits in the 4
	// left. Completion with shares of 6: B, then the first voter holds
	// 4.8 and buys A. Greedy by points funds both too.
	tok := []FundProject{{ID: "A", Cost: 4, Min: 4}, {ID: "B", Cost: 6, Min: 6}}
	tokVotes := [][]FundVote{{{0, 3}, {1, 1}}, {{1, 4}}}

	tests := []struct {
		name      string
		in        FundInput
		funded    []int64
		order     []int
		completed int
	}{
		{"red/blue greedy", FundInput{Budget: 1000, Projects: redBlue, Ballots: rb, Method: FundGreedy},
			[]int64{100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, red, 0},
		{"red/blue equal shares", FundInput{Budget: 1000, Projects: redBlue, Ballots: rb, Method: FundEqualShares},
			[]int64{100, 100, 100, 100, 100, 0, 0, 0, 0, 0, 100, 100, 100, 100, 100, 0, 0, 0, 0, 0}, []int{0, 1, 2, 3, 4, 10, 11, 12, 13, 14}, 1},
		{"hand equal shares", FundInput{Budget: 30, Projects: abc, Ballots: abcVotes, Method: FundEqualShares},
			[]int64{0, 12, 5}, []int{1, 2}, 1},
		{"hand equal shares partial", FundInput{Budget: 30, Projects: abc, Ballots: abcVotes, Method: FundEqualShares, Partial: true},
			[]int64{14, 12, 4}, []int{1, 0, 2}, 0},
		// Greedy: A and B tie on 2 votes, B is cheaper; A no longer fits
		// in 18 and is skipped for C.
		{"hand greedy skips", FundInput{Budget: 30, Projects: abc, Ballots: abcVotes, Method: FundGreedy},
			[]int64{0, 12, 5}, []int{1, 2}, 0},
		{"hand greedy partial", FundInput{Budget: 30, Projects: abc, Ballots: abcVotes, Method: FundGreedy, Partial: true},
			[]int64{18, 12, 0}, []int{1, 0}, 0},
		{"tokens equal shares", FundInput{Budget: 10, Projects: tok, Ballots: tokVotes, Method: FundEqualShares, Points: true},
			[]int64{4, 6}, []int{1, 0}, 1},
		{"tokens greedy", FundInput{Budget: 10, Projects: tok, Ballots: tokVotes, Method: FundGreedy, Points: true},
			[]int64{4, 6}, []int{1, 0}, 0},
		// Exact ties: same votes and cost, the earlier project wins.
		{"tie by order", FundInput{Budget: 10, Projects: []FundProject{{ID: "X", Cost: 10, Min: 10}, {ID: "Y", Cost: 10, Min: 10}},
			Ballots: approvals(group{1, []int{1}}, group{1, []int{0}}), Method: FundGreedy}, []int64{10, 0}, []int{0}, 0},
		{"tie by order equal shares", FundInput{Budget: 20, Projects: []FundProject{{ID: "X", Cost: 10, Min: 10}, {ID: "Y", Cost: 10, Min: 10}},
			Ballots: approvals(group{1, []int{1}}, group{1, []int{0}}), Method: FundEqualShares}, []int64{10, 10}, []int{0, 1}, 0},
		{"no ballots", FundInput{Budget: 10, Projects: tok, Method: FundEqualShares}, []int64{0, 0}, nil, 0},
		// add1 overshoots, greedy completes. Three voters each approve one
		// of A (6), B (6), C (2) from a pool of 12: with shares of 4 only C
		// is bought, 10 left; shares of 5 buy the same; shares of 6 buy all
		// three for 14 > 12, so add1 keeps {C}. The utilitarian greedy
		// step then buys A (tied with B on votes and cost, the earlier)
		// with 10 left, and B no longer fits in 4.
		{"add1 then greedy", FundInput{Budget: 12, Projects: []FundProject{{ID: "A", Cost: 6, Min: 6}, {ID: "B", Cost: 6, Min: 6}, {ID: "C", Cost: 2, Min: 2}},
			Ballots: approvals(group{1, []int{0}}, group{1, []int{1}}, group{1, []int{2}}), Method: FundEqualShares}, []int64{6, 0, 2}, []int{2, 0}, 1},
		// With partial funding B (minimum 3) gets the 4 its supporter
		// holds, 6 spent and A (6) would fit; with shares of 5 B gets 5, 7
		// spent, and A no longer fits in 5: the larger budget is kept.
		{"add1 then greedy partial", FundInput{Budget: 12, Projects: []FundProject{{ID: "A", Cost: 6, Min: 6}, {ID: "B", Cost: 6, Min: 3}, {ID: "C", Cost: 2, Min: 2}},
			Ballots: approvals(group{1, []int{0}}, group{1, []int{1}}, group{1, []int{2}}), Method: FundEqualShares, Partial: true}, []int64{0, 5, 2}, []int{2, 1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ComputeFund(tt.in)
			if !slices.Equal(got.Funded, tt.funded) || !slices.Equal(got.Order, tt.order) || got.Completed != tt.completed {
				t.Errorf("funded %v in order %v (%d by completion), want %v in order %v (%d)", got.Funded, got.Order, got.Completed,
					tt.funded, tt.order, tt.completed)
			}
			var spent int64
			for _, f := range tt.funded {
				spent += f
			}
			if got.Spent != spent || got.Spent > tt.in.Budget {
				t.Errorf("spent %d, want %d within %d", got.Spent, spent, tt.in.Budget)
			}
		})
	}
}

// Equal Shares never spends a voter's share on what they did not vote for:
// a group's projects cost at most what the group holds.
func TestEqualSharesProportional(t *testing.T) {
	projects := []FundProject{{ID: "a", Cost: 60, Min: 60}, {ID: "b", Cost: 60, Min: 60}, {ID: "c", Cost: 30, Min: 30}}
	// 70 voters want a and b, 30 want c: a third group's worth each.
	in := FundInput{Budget: 100, Projects: projects, Ballots: approvals(group{70, []int{0, 1}}, group{30, []int{2}}), Method: FundEqualShares}
	got := ComputeFund(in)
	if !slices.Equal(got.Funded, []int64{60, 0, 30}) {
		t.Errorf("funded %v: the 30%% should get c, the 70%% one of theirs", got.Funded)
	}
	in.Method = FundGreedy
	if got := ComputeFund(in); !slices.Equal(got.Funded, []int64{60, 0, 30}) {
		t.Errorf("greedy funded %v", got.Funded)
	}
}
