package encode

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// Pabulib writes a fund round's anonymised ballots in the Pabulib .pb
// format (pabulib.org), which the participatory-budgeting tools read
// (pabutools, the equalshares.net calculator): a META section, the
// PROJECTS and then one line per ballot under VOTES, separated by
// semicolons. Voters are numbered 1, 2, … in the order given; nothing
// else about them is written. Ballots are written one at a time, so a
// round of any size needs memory for one ballot only.
type Pabulib struct {
	w      *csv.Writer
	points bool
	ids    []string
	voter  int
}

// PabulibMeta is the META section.
type PabulibMeta struct {
	Description, Unit, Instance string
	Budget                      int64
	// NumVotes is the number of ballots that will follow.
	NumVotes int
	Rule     commons.FundRule
	Method   commons.FundMethod
	// MinLength and MaxLength bound approval ballots; MaxSumPoints and
	// MaxPoints (per project) bound token ballots.
	MinLength, MaxLength, MaxSumPoints, MaxPoints int
	Partial                                       bool
	DateBegin, DateEnd                            string
}

// PabulibProject is one line of PROJECTS.
type PabulibProject struct {
	ID        string
	Cost, Min int64
	Votes     int64
	Name      string
}

// NewPabulib writes the META and PROJECTS sections and the VOTES header.
func NewPabulib(w io.Writer, m PabulibMeta, projects []PabulibProject) *Pabulib {
	out := csv.NewWriter(w)
	out.Comma = ';'
	p := &Pabulib{w: out, points: m.Rule == commons.FundTokens}
	voteType := "approval"
	if p.points {
		voteType = "cumulative"
	}
	rule := "greedy"
	if m.Method == commons.FundEqualShares {
		rule = "equalshares"
	}
	out.Write([]string{"META"})
	out.Write([]string{"key", "value"})
	meta := [][2]string{{"description", m.Description}, {"country", ""}, {"unit", m.Unit}, {"instance", m.Instance},
		{"num_projects", strconv.Itoa(len(projects))}, {"num_votes", strconv.Itoa(m.NumVotes)},
		{"budget", strconv.FormatInt(m.Budget, 10)}, {"vote_type", voteType}, {"rule", rule},
		{"date_begin", m.DateBegin}, {"date_end", m.DateEnd}}
	if p.points {
		meta = append(meta, [2]string{"max_sum_points", strconv.Itoa(m.MaxSumPoints)}, [2]string{"max_points", strconv.Itoa(m.MaxPoints)})
	} else if m.Rule == commons.FundApproval {
		meta = append(meta, [2]string{"min_length", strconv.Itoa(m.MinLength)}, [2]string{"max_length", strconv.Itoa(m.MaxLength)})
	}
	// Not a Pabulib standard key: Commons' partial funding down to each
	// project's "minimum" column; tools that do not know it ignore it.
	meta = append(meta, [2]string{"partial_funding", strconv.FormatBool(m.Partial)})
	for _, kv := range meta {
		out.Write([]string{kv[0], safeText(kv[1])})
	}
	out.Write([]string{"PROJECTS"})
	out.Write([]string{"project_id", "cost", "votes", "name", "minimum"})
	for _, pr := range projects {
		p.ids = append(p.ids, pr.ID)
		out.Write([]string{pr.ID, strconv.FormatInt(pr.Cost, 10), strconv.FormatInt(pr.Votes, 10), safeText(pr.Name), strconv.FormatInt(pr.Min, 10)})
	}
	out.Write([]string{"VOTES"})
	if p.points {
		out.Write([]string{"voter_id", "vote", "points"})
	} else {
		out.Write([]string{"voter_id", "vote"})
	}
	return p
}

// safeText keeps one value on one line.
func safeText(s string) string { return strings.Join(strings.Fields(s), " ") }

// Vote writes the next ballot: the projects chosen and, for token
// ballots, the points given to each.
func (p *Pabulib) Vote(choices []commons.FundChoice) error {
	p.voter++
	ids := make([]string, len(choices))
	pts := make([]string, len(choices))
	for n, c := range choices {
		ids[n], pts[n] = c.ApplicationID, strconv.Itoa(c.Points)
	}
	row := []string{strconv.Itoa(p.voter), strings.Join(ids, ",")}
	if p.points {
		row = append(row, strings.Join(pts, ","))
	}
	return p.w.Write(row)
}

// Flush writes what is buffered and reports the first error in writing.
func (p *Pabulib) Flush() error {
	p.w.Flush()
	return p.w.Error()
}

// ParsePabulib reads a .pb file into the winner rules' input, with the
// projects' ids in input order: what anyone recomputing a round does.
// It reads the columns by their header's names, as Pabulib files differ
// in which optional columns they carry.
func ParsePabulib(r io.Reader) (commons.FundInput, []string, error) {
	in := commons.FundInput{Method: commons.FundGreedy}
	var ids []string
	index := map[string]int{}
	c := csv.NewReader(bufio.NewReader(r))
	c.Comma, c.FieldsPerRecord, c.LazyQuotes = ';', -1, true
	section := ""
	var header map[string]int
	col := func(row []string, name string) string {
		if n, ok := header[name]; ok && n < len(row) {
			return strings.TrimSpace(row[n])
		}
		return ""
	}
	for {
		row, err := c.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return in, nil, fmt.Errorf("pabulib: %w", err)
		}
		if len(row) == 1 && (row[0] == "META" || row[0] == "PROJECTS" || row[0] == "VOTES") {
			section, header = row[0], nil
			continue
		}
		if header == nil {
			header = map[string]int{}
			for n, h := range row {
				header[strings.TrimSpace(h)] = n
			}
			continue
		}
		switch section {
		case "META":
			k, v := col(row, "key"), col(row, "value")
			switch k {
			case "budget":
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return in, nil, fmt.Errorf("pabulib: budget %q", v)
				}
				in.Budget = int64(f)
			case "vote_type":
				in.Points = v == "cumulative" || v == "scoring"
			case "rule":
				if strings.HasPrefix(v, "equalshares") {
					in.Method = commons.FundEqualShares
				}
			case "partial_funding":
				in.Partial = v == "true"
			}
		case "PROJECTS":
			id := col(row, "project_id")
			cost, err := strconv.ParseInt(col(row, "cost"), 10, 64)
			if err != nil {
				return in, nil, fmt.Errorf("pabulib: cost of project %q", id)
			}
			minimum := cost
			if m := col(row, "minimum"); m != "" {
				if minimum, err = strconv.ParseInt(m, 10, 64); err != nil {
					return in, nil, fmt.Errorf("pabulib: minimum of project %q", id)
				}
			}
			index[id] = len(ids)
			ids = append(ids, id)
			in.Projects = append(in.Projects, commons.FundProject{ID: id, Cost: cost, Min: minimum})
		case "VOTES":
			var ballot []commons.FundVote
			chosen := strings.Split(col(row, "vote"), ",")
			var points []string
			if in.Points {
				points = strings.Split(col(row, "points"), ",")
			}
			for n, id := range chosen {
				if id = strings.TrimSpace(id); id == "" {
					continue
				}
				pi, ok := index[id]
				if !ok {
					return in, nil, fmt.Errorf("pabulib: vote for unknown project %q", id)
				}
				pts := 1
				if in.Points {
					if n >= len(points) {
						return in, nil, fmt.Errorf("pabulib: points missing for project %q", id)
					}
					if pts, err = strconv.Atoi(strings.TrimSpace(points[n])); err != nil {
						return in, nil, fmt.Errorf("pabulib: points %q", points[n])
					}
				}
				ballot = append(ballot, commons.FundVote{Project: pi, Points: pts})
			}
			in.Ballots = append(in.Ballots, ballot)
		}
	}
	return in, ids, nil
}
