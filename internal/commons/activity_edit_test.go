package commons

import (
	"slices"
	"testing"
	"time"
)

func TestCapacityAndPromotions(t *testing.T) {
	n := func(i int) *int { return &i }
	for _, c := range []struct {
		capacity, venue *int
		registered      int
		refused         string
	}{
		{nil, nil, 9, ""},
		{n(3), nil, 3, ""},
		{n(2), nil, 3, "error.activity.capacity_below_registered"},
		{n(30), n(20), 0, "error.activity.over_venue_capacity"},
		{n(20), n(20), 0, ""},
	} {
		err := CapacityRefusal(c.capacity, c.registered, c.venue)
		if got := ""; err != nil {
			got = ErrorOf(err).Fields["capacity"].Key
			if got != c.refused {
				t.Errorf("%+v: %q", c, got)
			}
		} else if c.refused != "" {
			t.Errorf("%+v: allowed", c)
		}
	}
	for _, c := range []struct {
		capacity                     *int
		registered, waitlisted, want int
	}{{nil, 2, 3, 3}, {n(4), 2, 3, 2}, {n(2), 2, 3, 0}, {n(9), 2, 3, 3}} {
		if got := Promotions(c.capacity, c.registered, c.waitlisted); got != c.want {
			t.Errorf("%+v: %d", c, got)
		}
	}
}

func TestChangesThatMatter(t *testing.T) {
	cost := 500
	a := Activity{Title: "Welsh", Languages: []string{"cy"}, Description: "x"}
	e := EditOf(a)
	e.Description, e.Capacity = "y", &cost
	if got := ChangesThatMatter(a, e); len(got) != 0 {
		t.Errorf("description and places: %v", got)
	}
	e.Title, e.Languages, e.CostMinor, e.Currency, e.Accessibility = "Welsh 2", []string{"cy", "en"}, &cost, "GBP", "Step-free"
	if got := ChangesThatMatter(a, e); !slices.Equal(got, []string{ChangeTitle, ChangeLanguages, ChangeCost, ChangeAccessibility}) {
		t.Errorf("all: %v", got)
	}
}

func TestSeriesScopeReached(t *testing.T) {
	now := time.Date(2027, 1, 10, 12, 0, 0, 0, time.UTC)
	var series []Activity
	for i := range 5 {
		s := now.AddDate(0, 0, 7*(i-1))
		series = append(series, Activity{ID: string(rune('a' + i)), StartsAt: s, EndsAt: s.Add(time.Hour), Status: ActivityScheduled})
	}
	series[3].Status = ActivityCancelled
	ids := func(as []Activity) (out string) {
		for _, a := range as {
			out += a.ID
		}
		return out
	}
	for sc, want := range map[SeriesScope]string{ScopeOne: "c", ScopeRest: "ce", ScopeAll: "bce"} {
		if got := ids(sc.Reached(series, series[2], now)); got != want {
			t.Errorf("%s: %q, want %q", sc, got, want)
		}
	}
}
