package commons

import (
	"math"
	"slices"
	"sort"
)

// FundProject is one proposal as the winner rules see it.
type FundProject struct {
	ID string
	// Cost is the amount asked; Min the least it can be funded with
	// (equal to Cost when it cannot be partly funded).
	Cost, Min int64
}

// FundVote is one line of an anonymous ballot: a project's index in
// FundInput.Projects and the points given (1 for approval ballots).
type FundVote struct {
	Project int
	Points  int
}

// FundInput is everything the winner rules need: nothing about who voted.
type FundInput struct {
	Budget   int64
	Projects []FundProject
	Ballots  [][]FundVote
	Method   FundMethod
	// Points says ballots carry tokens (cardinal utilities); otherwise
	// they are approvals and Equal Shares uses cost utilities, as
	// equalshares.net and Pabulib's reference tools do.
	Points bool
	// Partial lets a project be funded below its cost, down to its Min.
	Partial bool
}

// FundResult is what the rules decided.
type FundResult struct {
	// Funded is the amount given to each project, by index.
	Funded []int64
	// Votes is each project's total points (its supporters for approvals).
	Votes []int64
	// Order lists the funded projects in the order they were chosen.
	Order []int
	Spent int64
	// Completed counts the projects of Order that Equal Shares' completion
	// added (see completeEqualShares); zero for the greedy rule.
	Completed int
}

// ComputeFund finds the winners of a round. It is pure and deterministic:
// the same input gives the same result anywhere, which is what lets
// anyone recompute a round from its Pabulib file. Ties are broken by more
// votes, then the lower cost, then the earlier project in the input.
func ComputeFund(in FundInput) FundResult {
	res := FundResult{Funded: make([]int64, len(in.Projects)), Votes: make([]int64, len(in.Projects))}
	for _, b := range in.Ballots {
		for _, v := range b {
			res.Votes[v.Project] += int64(v.Points)
		}
	}
	if in.Method == FundEqualShares {
		completeEqualShares(in, &res)
	} else {
		greedy(in, &res, in.Budget)
	}
	for _, f := range res.Funded {
		res.Spent += f
	}
	return res
}

// better orders projects for the greedy rule and breaks ties for both.
func better(in FundInput, votes []int64, a, b int) bool {
	if votes[a] != votes[b] {
		return votes[a] > votes[b]
	}
	if in.Projects[a].Cost != in.Projects[b].Cost {
		return in.Projects[a].Cost < in.Projects[b].Cost
	}
	return a < b
}

// greedy funds the projects with the most votes first, out of left; one
// that does not fit is skipped (or, with partial funding, given what is
// left if that reaches its minimum) and the next one tried. Projects
// already funded are passed over, so it also completes Equal Shares.
func greedy(in FundInput, res *FundResult, left int64) {
	order := make([]int, len(in.Projects))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool { return better(in, res.Votes, order[x], order[y]) })
	for _, i := range order {
		p := in.Projects[i]
		if res.Votes[i] == 0 || res.Funded[i] > 0 {
			continue // nobody asked for it, or it is already funded
		}
		amount := int64(0)
		switch {
		case p.Cost <= left:
			amount = p.Cost
		case in.Partial && p.Min <= left && left > 0:
			amount = left
		}
		if amount > 0 {
			res.Funded[i], left = amount, left-amount
			res.Order = append(res.Order, i)
		}
	}
}

// supporter is one voter's stake in a project under Equal Shares.
type supporter struct {
	voter   int
	utility float64
}

// equalShares is the Method of Equal Shares (Peters, Pierczyński and
// Skowron): the budget is split equally among the voters; a project can
// be bought only with its supporters' money, each paying in proportion
// to their utility, at most what they have; each step buys the project
// whose supporters pay least per unit of utility (the largest "effective
// vote count" on equalshares.net). With partial funding, once nothing
// more can be bought whole, a project whose supporters' money reaches its
// minimum is bought for what they have left, most-supported first.
// budget is the amount divided between the voters (the pool, or more
// while completing); res.Funded and res.Order are filled afresh.
func equalShares(in FundInput, res *FundResult, budget float64) {
	res.Funded, res.Order = make([]int64, len(in.Projects)), nil
	n := len(in.Ballots)
	if n == 0 {
		return
	}
	money := make([]float64, n)
	for i := range money {
		money[i] = budget / float64(n)
	}
	supporters := make([][]supporter, len(in.Projects))
	for voter, b := range in.Ballots {
		for _, v := range b {
			u := float64(v.Points)
			if !in.Points {
				u = float64(in.Projects[v.Project].Cost) // cost utilities
			}
			if u > 0 {
				supporters[v.Project] = append(supporters[v.Project], supporter{voter, u})
			}
		}
	}
	const eps = 1e-9
	open := map[int]bool{}
	for i := range in.Projects {
		if len(supporters[i]) > 0 && in.Projects[i].Cost > 0 {
			open[i] = true
		}
	}
	// price finds the least ρ with Σ min(money, ρ·u) ≥ cost, or false.
	price := func(i int, cost float64) (float64, bool) {
		s := supporters[i]
		total := 0.0
		for _, x := range s {
			total += money[x.voter]
		}
		if total < cost*(1-eps) {
			return 0, false
		}
		sort.Slice(s, func(a, b int) bool {
			ra, rb := money[s[a].voter]/s[a].utility, money[s[b].voter]/s[b].utility
			if ra != rb {
				return ra < rb
			}
			return s[a].voter < s[b].voter
		})
		paid, denom := 0.0, 0.0
		for _, x := range s {
			denom += x.utility
		}
		for _, x := range s {
			rho := (cost - paid) / denom
			if money[x.voter] >= rho*x.utility {
				return rho, true
			}
			paid += money[x.voter]
			denom -= x.utility
		}
		return math.Inf(1), true // rounding: everyone pays all they have
	}
	pay := func(i int, rho float64) {
		for _, x := range supporters[i] {
			money[x.voter] -= math.Min(money[x.voter], rho*x.utility)
		}
	}
	for {
		best, bestRho := -1, math.Inf(1)
		for i := range in.Projects {
			if !open[i] {
				continue
			}
			rho, ok := price(i, float64(in.Projects[i].Cost))
			if !ok {
				continue
			}
			// ρ per cost-utility compares as payment per unit of money
			// for approvals; per point for tokens.
			if best < 0 || rho < bestRho*(1-eps) || (rho <= bestRho*(1+eps) && better(in, res.Votes, i, best)) {
				best, bestRho = i, rho
			}
		}
		if best < 0 {
			break
		}
		pay(best, bestRho)
		res.Funded[best] = in.Projects[best].Cost
		res.Order = append(res.Order, best)
		delete(open, best)
	}
	if !in.Partial {
		return
	}
	rest := make([]int, 0, len(open))
	for i := range open {
		rest = append(rest, i)
	}
	sort.Slice(rest, func(x, y int) bool { return better(in, res.Votes, rest[x], rest[y]) })
	for _, i := range rest {
		total := 0.0
		for _, x := range supporters[i] {
			total += money[x.voter]
		}
		amount := int64(math.Floor(total + eps))
		if amount > in.Projects[i].Cost {
			amount = in.Projects[i].Cost
		}
		if amount < in.Projects[i].Min || amount <= 0 {
			continue
		}
		rho, ok := price(i, float64(amount))
		if !ok {
			continue
		}
		pay(i, rho)
		res.Funded[i] = amount
		res.Order = append(res.Order, i)
	}
}

// completeEqualShares runs Equal Shares and then spends what it leaves
// needlessly, the way equalshares.net and Pabutools complete it:
//
//  1. "add1": while some unfunded project would still fit in what is
//     left, give every voter one more unit of budget and run the method
//     again; keep the last outcome that stays within the pool (the
//     outcome of a larger budget can cost more than the pool, and then
//     the previous one is kept).
//  2. Utilitarian greedy: whatever still fits after that goes to the
//     unfunded projects with the most votes, as the greedy rule does.
//
// Step 1 stops at the latest once a voter's share alone could pay the
// pool: from there a larger budget cannot buy anything more.
func completeEqualShares(in FundInput, res *FundResult) {
	equalShares(in, res, float64(in.Budget))
	base := slices.Clone(res.Funded)
	n := int64(len(in.Ballots))
	if n == 0 {
		return
	}
	// The reference implementation steps from the pool rounded down to
	// whole units per voter.
	for budget := in.Budget / n * n; !exhaustive(in, res) && budget/n <= in.Budget; {
		budget += n
		next := FundResult{Votes: res.Votes}
		equalShares(in, &next, float64(budget))
		if sum(next.Funded) > in.Budget {
			break
		}
		res.Funded, res.Order = next.Funded, next.Order
	}
	greedy(in, res, in.Budget-sum(res.Funded))
	for i, f := range res.Funded {
		if f > 0 && base[i] == 0 {
			res.Completed++
		}
	}
}

// exhaustive says no unfunded project with votes fits in what is left.
func exhaustive(in FundInput, res *FundResult) bool {
	left := in.Budget - sum(res.Funded)
	for i, p := range in.Projects {
		least := p.Cost
		if in.Partial {
			least = p.Min
		}
		if res.Funded[i] == 0 && res.Votes[i] > 0 && least <= left && (least > 0 || left > 0) {
			return false
		}
	}
	return true
}

func sum(xs []int64) int64 {
	var s int64
	for _, x := range xs {
		s += x
	}
	return s
}
