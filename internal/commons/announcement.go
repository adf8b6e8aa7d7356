package commons

import "strings"

// MaxAnnouncementLen bounds an organizer's message to the people
// registered for an occurrence: a notification, not a newsletter.
const MaxAnnouncementLen = 2000

// NotifyActivityAnnouncement carries an organizer's message to each person
// registered for an occurrence (the organizer who wrote it is not told).
const NotifyActivityAnnouncement = "activity_announcement"

// AnnouncementRefusal says why a person may not write to everyone
// registered for an occurrence, or nil when they may: those who run it
// (ManagesActivity), with a message of one to MaxAnnouncementLen
// characters. A conversation holds at most MaxConversationSize people; an
// announcement reaches everyone registered, however many.
func AnnouncementRefusal(manages bool, message string) error {
	if !manages {
		return Forbidden()
	}
	var v Validator
	v.Text("message", strings.TrimSpace(message), true, MaxAnnouncementLen)
	return v.Err()
}

// AnnouncementReaches says whether an announcement reaches a person on an
// occurrence's list: those registered (not those waiting), never its
// author.
func AnnouncementReaches(authorID, userID string, st RegistrationStatus) bool {
	return st == Registered && userID != authorID
}
