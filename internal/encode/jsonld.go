package encode

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// ActivityJSONLD writes an occurrence in schema.org terms, as JSON-LD: an
// Event, or for a course a Course with this occurrence as its
// CourseInstance (itself an Event), with location, organizer and offers;
// url is the occurrence's page. The JSON has <, > and & escaped, so it may
// stand inside an HTML <script> element.
func ActivityJSONLD(w io.Writer, a commons.Activity, url string) error {
	b, err := json.Marshal(activityJSONLD(a, url))
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func activityJSONLD(a commons.Activity, url string) map[string]any {
	ev := map[string]any{"@type": "Event", "name": a.Title, "url": url,
		"startDate": a.StartsAt.UTC().Format(time.RFC3339), "endDate": a.EndsAt.UTC().Format(time.RFC3339),
		"eventStatus": "https://schema.org/EventScheduled"}
	if a.Status == commons.ActivityCancelled {
		ev["eventStatus"] = "https://schema.org/EventCancelled"
	}
	if a.Description != "" {
		ev["description"] = a.Description
	}
	if len(a.Languages) > 0 {
		ev["inLanguage"] = a.Languages[0]
	}
	if a.Capacity != nil {
		ev["maximumAttendeeCapacity"] = *a.Capacity
		ev["remainingAttendeeCapacity"] = max(0, *a.Capacity-a.Registered)
	}
	if a.OnlineURL != "" {
		ev["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
		ev["location"] = map[string]any{"@type": "VirtualLocation", "url": a.OnlineURL}
	} else {
		ev["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
		if a.VenueTitle != "" {
			ev["location"] = map[string]any{"@type": "Place", "name": a.VenueTitle, "address": a.VenueAddress}
		}
	}
	var organizers []map[string]any
	for _, o := range a.Organizers {
		if o.Name == "" {
			continue // a person who keeps their name to the community
		}
		t := "Person"
		if o.OrganizationID != "" {
			t = "Organization"
		}
		organizers = append(organizers, map[string]any{"@type": t, "name": o.Name})
	}
	if len(organizers) > 0 {
		ev["organizer"] = organizers
	}
	offer := map[string]any{"@type": "Offer", "url": url, "price": "0", "availability": "https://schema.org/InStock"}
	if a.Free() {
		ev["isAccessibleForFree"] = true
	} else {
		offer["price"] = fmt.Sprintf("%d.%02d", *a.CostMinor/100, *a.CostMinor%100)
		offer["priceCurrency"] = a.Currency
	}
	if a.Full() {
		offer["availability"] = "https://schema.org/SoldOut"
	}
	ev["offers"] = offer
	if a.Kind != commons.ActivityCourse {
		ev["@context"] = "https://schema.org"
		return ev
	}
	ev["@type"] = "CourseInstance"
	ev["courseMode"] = "onsite"
	if a.OnlineURL != "" {
		ev["courseMode"] = "online"
	}
	course := map[string]any{"@context": "https://schema.org", "@type": "Course", "name": a.Title, "url": url,
		"description": a.Title, "hasCourseInstance": ev, "offers": offer}
	if a.Description != "" {
		course["description"] = a.Description
	}
	if len(organizers) > 0 {
		course["provider"] = organizers[0]
	}
	if len(a.Languages) > 0 {
		course["inLanguage"] = a.Languages[0]
	}
	return course
}
