package encode_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
)

func ptr[T any](v T) *T { return &v }

func TestActivityJSONLD(t *testing.T) {
	const url = "https://commons.example/c/cwm/activities/a1"
	base := func() commons.Activity {
		return commons.Activity{ID: "a1", Kind: commons.ActivityWorkshop, Title: "Bread", Status: commons.ActivityScheduled,
			StartsAt: time.Date(2026, 6, 3, 10, 0, 0, 0, london), EndsAt: time.Date(2026, 6, 3, 12, 0, 0, 0, london)}
	}
	for _, tc := range []struct {
		name   string
		change func(*commons.Activity)
		// want holds paths into the document ("a.b" follows objects) and
		// the JSON values expected there; nil means absent.
		want map[string]any
	}{
		{"a free workshop at a venue", func(a *commons.Activity) {
			a.VenueTitle, a.VenueAddress = "Miners' Hall", "Stryd Fawr 1"
			a.Languages = []string{"cy", "en"}
		}, map[string]any{
			"@context": "https://schema.org", "@type": "Event", "name": "Bread", "url": url,
			"startDate": "2026-06-03T09:00:00Z", "endDate": "2026-06-03T11:00:00Z",
			"eventStatus": "https://schema.org/EventScheduled", "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
			"location":   map[string]any{"@type": "Place", "name": "Miners' Hall", "address": "Stryd Fawr 1"},
			"inLanguage": "cy", "isAccessibleForFree": true, "description": nil, "organizer": nil,
			"offers": map[string]any{"@type": "Offer", "url": url, "price": "0", "availability": "https://schema.org/InStock"},
		}},
		{"a paid, full, cancelled event online", func(a *commons.Activity) {
			a.Kind = commons.ActivityEvent
			a.Status = commons.ActivityCancelled
			a.OnlineURL = "https://meet.example/x"
			a.CostMinor, a.Currency = ptr(1205), "GBP"
			a.Capacity, a.Registered = ptr(10), 12 // more than fit: an organizer added some by hand
			a.Description = "Bring flour"
			a.Organizers = []commons.Organizer{{UserID: "u1", Name: "Huw"}, {OrganizationID: "o1", Name: "The library"}}
		}, map[string]any{
			"@type": "Event", "eventStatus": "https://schema.org/EventCancelled", "description": "Bring flour",
			"eventAttendanceMode":     "https://schema.org/OnlineEventAttendanceMode",
			"location":                map[string]any{"@type": "VirtualLocation", "url": "https://meet.example/x"},
			"maximumAttendeeCapacity": 10.0, "remainingAttendeeCapacity": 0.0, "isAccessibleForFree": nil,
			"organizer": []any{map[string]any{"@type": "Person", "name": "Huw"}, map[string]any{"@type": "Organization", "name": "The library"}},
			"offers":    map[string]any{"@type": "Offer", "url": url, "price": "12.05", "priceCurrency": "GBP", "availability": "https://schema.org/SoldOut"},
		}},
		{"a course: the occurrence is its CourseInstance", func(a *commons.Activity) {
			a.Kind = commons.ActivityCourse
			a.Capacity, a.Registered = ptr(10), 3
			a.Languages = []string{"en"}
			a.Organizers = []commons.Organizer{{OrganizationID: "o1", Name: "The university"}}
		}, map[string]any{
			"@context": "https://schema.org", "@type": "Course", "name": "Bread", "url": url, "description": "Bread", "inLanguage": "en",
			"provider":                                    map[string]any{"@type": "Organization", "name": "The university"},
			"hasCourseInstance.@type":                     "CourseInstance",
			"hasCourseInstance.@context":                  nil,
			"hasCourseInstance.courseMode":                "onsite",
			"hasCourseInstance.startDate":                 "2026-06-03T09:00:00Z",
			"hasCourseInstance.remainingAttendeeCapacity": 7.0,
			"offers.availability":                         "https://schema.org/InStock",
		}},
		{"an online course", func(a *commons.Activity) {
			a.Kind = commons.ActivityCourse
			a.OnlineURL = "https://meet.example/x"
			a.Description = "Ten evenings"
		}, map[string]any{
			"@type": "Course", "description": "Ten evenings", "provider": nil,
			"hasCourseInstance.courseMode": "online", "hasCourseInstance.description": "Ten evenings",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := base()
			tc.change(&a)
			var b bytes.Buffer
			if err := encode.ActivityJSONLD(&b, a, url); err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, b.String())
			}
			for path, want := range tc.want {
				got, ok := any(doc), true
				for key := range strings.SplitSeq(path, ".") {
					var m map[string]any
					if m, ok = got.(map[string]any); ok {
						got, ok = m[key]
					}
				}
				if want == nil {
					if ok {
						t.Errorf("%s = %v, want it absent", path, got)
					}
				} else if !ok || !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %#v, want %#v", path, got, want)
				}
			}
		})
	}
}

// The document goes inside a <script> element: nothing in it may close
// the element or open a comment.
func TestActivityJSONLDInsideHTML(t *testing.T) {
	a := commons.Activity{Title: "</script><script>alert(1)</script>", Description: "<!-- & -->"}
	var b bytes.Buffer
	if err := encode.ActivityJSONLD(&b, a, "https://commons.example/?a=1&b=2"); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.ContainsAny(s, "<>&") {
		t.Errorf("HTML-significant characters left raw: %s", s)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || doc["name"] != a.Title || doc["description"] != a.Description {
		t.Errorf("the escaped text does not read back: %v %v", err, doc)
	}
}
