package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/region"
)

// world is what the tool found in the region before the phases start.
type world struct {
	urls        []string
	client      *http.Client
	communities []string                  // slugs, region-001 first
	tokens      []string                  // API tokens of people 0, 1, …
	home        []string                  // each person's community slug, by person
	spaces      []space                   // bookable spaces with open approval
	initiatives []space                   // initiatives (id and community)
	activities  []space                   // activities (id and community)
	turns       map[string]*atomic.Uint64 // per community: whose turn it is to book
	booked      sync.Map                  // resource id → its community's slug, for the overlap check
}

type space struct{ id, slug string }

// tokenIn is the token of someone at home in a community.
func (w *world) tokenIn(slug string) string {
	for i, h := range w.home {
		if h == slug {
			return w.tokens[i]
		}
	}
	return w.tokens[0]
}

// nextTokenIn is the token of the next person in turn at home in a
// community: spreading a community's writes over all its people.
func (w *world) nextTokenIn(slug string) string {
	var mine []string
	for i, h := range w.home {
		if h == slug {
			mine = append(mine, w.tokens[i])
		}
	}
	if len(mine) == 0 {
		return w.tokens[0]
	}
	return mine[w.turns[slug].Add(1)%uint64(len(mine))]
}

// communityAt spreads a visitor's requests over the region's communities.
func (w *world) communityAt(n uint64) string { return w.communities[n%uint64(len(w.communities))] }

func (w *world) base(i uint64) string { return w.urls[i%uint64(len(w.urls))] }

// call sends one request and decodes a JSON answer.
func (w *world) call(ctx context.Context, method, u, token string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 500))
		return fmt.Errorf("%s %s: %s %s", method, u, resp.Status, b)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

type list[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// discover signs people in and finds the region's communities and spaces.
func discover(ctx context.Context, cfg config) (*world, error) {
	w := &world{urls: cfg.urls, client: &http.Client{Timeout: 30 * time.Second}}
	cursor := ""
	for {
		var page list[struct{ Slug string }]
		if err := w.call(ctx, "GET", w.urls[0]+"/api/v1/communities?limit=100&cursor="+url.QueryEscape(cursor), "", nil, &page); err != nil {
			return nil, err
		}
		for _, c := range page.Items {
			if strings.HasPrefix(c.Slug, region.SlugPrefix) {
				w.communities = append(w.communities, c.Slug)
			}
		}
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	if len(w.communities) == 0 {
		return nil, fmt.Errorf("no generated region here: run commons demo --scale 1 first")
	}
	sort.Strings(w.communities)
	// The generator puts person p into community p mod n. With
	// --communities k, the people who sign in are members of the first k
	// communities: persons 0…k-1, then n…n+k-1, and so on.
	n, k := len(w.communities), len(w.communities)
	if cfg.communities > 0 && cfg.communities < n {
		k = cfg.communities
	}
	for i := range cfg.users {
		p := i/k*n + i%k
		var tok struct{ Token string }
		if err := w.call(ctx, "POST", w.base(uint64(i))+"/api/v1/tokens", "", map[string]string{"email": region.Email(p), "password": demo.Password}, &tok); err != nil {
			return nil, err
		}
		w.tokens = append(w.tokens, tok.Token)
		w.home = append(w.home, w.communities[p%n])
	}
	w.communities = w.communities[:k]
	// Spaces that confirm at once, from the people's communities.
	for _, slug := range w.home[:min(len(w.home), len(w.communities))] {
		var page list[struct {
			ID       string
			Approval string
		}]
		if err := w.call(ctx, "GET", w.urls[0]+"/api/v1/communities/"+slug+"/resources?kind=space&limit=20", w.tokenIn(slug), nil, &page); err != nil {
			return nil, err
		}
		for _, r := range page.Items {
			if r.Approval == "open" {
				w.spaces = append(w.spaces, space{r.ID, slug})
			}
		}
	}
	for _, slug := range w.home[:min(len(w.home), len(w.communities))] {
		var page list[struct{ ID string }]
		if err := w.call(ctx, "GET", w.urls[0]+"/api/v1/communities/"+slug+"/initiatives?limit=20", w.tokenIn(slug), nil, &page); err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			w.initiatives = append(w.initiatives, space{it.ID, slug})
		}
		page.Items = nil
		if err := w.call(ctx, "GET", w.urls[0]+"/api/v1/communities/"+slug+"/activities?limit=20", "", nil, &page); err != nil {
			return nil, err
		}
		for _, a := range page.Items {
			w.activities = append(w.activities, space{a.ID, slug})
		}
	}
	w.turns = map[string]*atomic.Uint64{}
	for _, slug := range w.communities {
		w.turns[slug] = &atomic.Uint64{}
	}
	if len(w.spaces) == 0 {
		return nil, fmt.Errorf("no open spaces found to book")
	}
	return w, nil
}

// checkBookings reads back every booked space's confirmed bookings and
// counts overlaps, which must be none.
func (w *world) checkBookings(ctx context.Context, out io.Writer) error {
	overlaps, resources, total := 0, 0, 0
	var firstErr error
	w.booked.Range(func(k, v any) bool {
		resources++
		type booking struct {
			Start  time.Time `json:"starts_at"`
			End    time.Time `json:"ends_at"`
			Status string    `json:"status"`
		}
		var all []booking
		cursor := ""
		for {
			var page list[booking]
			u := w.urls[0] + "/api/v1/resources/" + k.(string) + "/bookings?limit=100&from=" + url.QueryEscape(time.Now().Format(time.RFC3339)) +
				"&to=" + url.QueryEscape(time.Now().AddDate(3, 0, 0).Format(time.RFC3339)) + "&cursor=" + url.QueryEscape(cursor)
			if err := w.call(ctx, "GET", u, w.tokenIn(v.(string)), nil, &page); err != nil {
				firstErr = err
				return false
			}
			all = append(all, page.Items...)
			if page.NextCursor == nil {
				break
			}
			cursor = *page.NextCursor
		}
		var confirmed []booking
		for _, b := range all {
			if b.Status == "confirmed" {
				confirmed = append(confirmed, b)
			}
		}
		total += len(confirmed)
		sort.Slice(confirmed, func(i, j int) bool { return confirmed[i].Start.Before(confirmed[j].Start) })
		for i := 1; i < len(confirmed); i++ {
			if confirmed[i].Start.Before(confirmed[i-1].End) {
				overlaps++
			}
		}
		return true
	})
	if firstErr != nil {
		return firstErr
	}
	if resources == 0 {
		return nil
	}
	fmt.Fprintf(out, "bookings read back: %d confirmed on %d spaces, %d overlapping\n", total, resources, overlaps)
	if overlaps > 0 {
		return fmt.Errorf("%d overlapping bookings", overlaps)
	}
	return nil
}
