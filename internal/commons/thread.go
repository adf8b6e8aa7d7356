package commons

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// Thread is a discussion in a community, maybe about one thing in it (its
// subject). A pinned thread is an announcement on the community's home.
type Thread struct {
	ID          string
	CommunityID string
	Title       string
	AuthorID    string
	AuthorName  string
	Subject     *ThreadSubject
	Pinned      bool
	CreatedAt   time.Time
	LastPostAt  time.Time
	PostCount   int
	Posts       []Post
}

// ThreadSubject is what a thread is about: a resource or an organization
// (and, as they arrive, an initiative or an activity).
type ThreadSubject struct {
	Type SubjectType
	ID   string
	Name string // the subject's title or name, for links
}

// Post is one message in a thread. A deleted post keeps its place, without
// its text, so that the replies to it still make sense.
type Post struct {
	ID         string
	ThreadID   string
	AuthorID   string
	AuthorName string
	ReplyTo    string // the post this one answers, if any
	Body       string
	CreatedAt  time.Time
	EditedAt   *time.Time
	Deleted    bool
	DeletedAt  *time.Time // when Deleted, if known
}

// ChangedAt is when a post last changed: written, edited or deleted.
func (p Post) ChangedAt() time.Time {
	t := p.CreatedAt
	for _, at := range []*time.Time{p.EditedAt, p.DeletedAt} {
		if at != nil && at.After(t) {
			t = *at
		}
	}
	return t
}

// Conversation is a private exchange of direct messages between two people
// or a small group.
type Conversation struct {
	ID            string
	Members       []ConversationMember
	LastMessageAt time.Time
	Unread        bool // for the person who asked
	Messages      []DirectMessage
	// Last is the latest message, for a list of conversations (zero in
	// one conversation, whose Messages end with it).
	Last DirectMessage
}

// ConversationMember is one person in a conversation.
type ConversationMember struct {
	UserID, Name string
}

// DirectMessage is one message of a conversation.
type DirectMessage struct {
	ID             string
	ConversationID string
	AuthorID       string
	AuthorName     string
	Body           string
	CreatedAt      time.Time
	// Moderation is where the message stands after reports: a review
	// that upheld one hides its text from the conversation.
	Moderation Moderation
}

// Limits of conversation.
const (
	// MaxPostLen bounds a post or a message, in characters: a long letter
	// fits, a pasted book does not.
	MaxPostLen = 20000
	// MaxThreadTitleLen bounds a thread's title.
	MaxThreadTitleLen = 200
	// MaxConversationSize is the most people in one conversation, the
	// sender included: a small group, not a mailing list.
	MaxConversationSize = 8
	// PostEditWindow is how long after writing a post its author may still
	// change it; later, what others read and answered stays as it was.
	PostEditWindow = 15 * time.Minute
)

// MentionHandle is how a member is mentioned in a post: "@" and their name
// with the spaces left out, in any case ("Mair Evans" is @MairEvans or
// @mairevans).
func MentionHandle(name string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, name))
}

// Mentions returns the handles mentioned in a text, in lower case, each
// once. A mention is "@" at the start of a word followed by letters,
// digits, "-", "_" or "."; a trailing "." ends a sentence, not the name.
func Mentions(text string) []string {
	var out []string
	seen := map[string]bool{}
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '@' || (i > 0 && !unicode.IsSpace(rs[i-1]) && !strings.ContainsRune("([{\"'>*_", rs[i-1])) {
			continue
		}
		j := i + 1
		for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || strings.ContainsRune("-_.'’", rs[j])) {
			j++
		}
		h := strings.TrimRight(string(rs[i+1:j]), ".-_'’")
		if h != "" && len(out) < 50 {
			h = strings.ToLower(h)
			if !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
		i = j - 1
	}
	return out
}

// ChangePostRefusal says why a person may not delete a post, or nil when
// they may: its author, while an active member, until it is deleted. A
// post of a community the person has left is not found.
func ChangePostRefusal(m *Member, userID string, p Post) error {
	switch {
	case !IsActiveMember(m):
		return NotFound()
	case userID == "" || p.AuthorID != userID:
		return Errorf(CodeForbidden, "error.post.not_yours")
	case p.Deleted:
		return Errorf(CodeConflict, "error.post.deleted")
	}
	return nil
}

// EditPostRefusal is ChangePostRefusal within the edit window: after
// PostEditWindow, what others read and answered stays as it was.
func EditPostRefusal(m *Member, userID string, p Post, now time.Time) error {
	if err := ChangePostRefusal(m, userID, p); err != nil {
		return err
	}
	if now.Sub(p.CreatedAt) > PostEditWindow {
		return Errorf(CodeForbidden, "error.post.edit_window", "Minutes", int(PostEditWindow.Minutes()))
	}
	return nil
}

// ThreadMay answers what a reader may do in a thread.
type ThreadMay struct {
	// Reply writes in it; Pin makes it an announcement or stops that.
	Reply, Pin bool
}

// MayOfThread answers ThreadMay for a membership.
func MayOfThread(m *Member) ThreadMay {
	return ThreadMay{Reply: Allowed(m, ActionPost), Pin: Allowed(m, ActionPinThread)}
}

// PostMay answers what a reader may do with one post.
type PostMay struct {
	Edit, Delete, Reply bool
	// Report: the reader may report the post (MayFlag), while it stands.
	Report bool
}

// MayOfPost answers PostMay for a person reading a thread.
func MayOfPost(m *Member, userID string, p Post, now time.Time) PostMay {
	return PostMay{Edit: EditPostRefusal(m, userID, p, now) == nil, Delete: ChangePostRefusal(m, userID, p) == nil,
		Reply: MayOfThread(m).Reply, Report: !p.Deleted && MayFlag(m, p.AuthorID)}
}

// PostFacts is what the database knows, at the moment a post is written,
// about the people it may concern. The store gathers them inside the
// post's transaction; the use case decides from them who is told.
type PostFacts struct {
	PostID, ThreadTitle string
	// ReplyAuthor wrote the post this one answers ("" for none).
	ReplyAuthor string
	// Participants are the thread's authors who are active members;
	// Waiting those of them with an unread notice of this thread already.
	Participants, Waiting []string
	// Blockers have blocked the post's author.
	Blockers []string
	// Muted stopped the thread's notifications: they hear of a post only
	// when it mentions them.
	Muted []string
}

// Heard is one person told about a post, and why.
type Heard struct {
	UserID string
	Kind   string // NotifyMention, NotifyReply or NotifyThreadPost
}

// PostAudience decides who hears of a new post and why: a mention beats a
// reply, a reply beats taking part; each person hears once, never about
// their own post, never from someone they blocked; a participant who has
// not read the thread's last notice is not told again (one unread line
// per thread, not one per post). Who stopped the thread's notifications
// hears only of a post that mentions them by name.
func PostAudience(authorID string, mentioned []string, f PostFacts) []Heard {
	var out []Heard
	seen := map[string]bool{}
	tell := func(userID, kind string) {
		if userID == "" || userID == authorID || seen[userID] || slices.Contains(f.Blockers, userID) {
			return
		}
		seen[userID] = true
		out = append(out, Heard{UserID: userID, Kind: kind})
	}
	for _, u := range mentioned {
		tell(u, NotifyMention)
	}
	if !slices.Contains(f.Muted, f.ReplyAuthor) {
		tell(f.ReplyAuthor, NotifyReply)
	}
	for _, u := range f.Participants {
		if !slices.Contains(f.Waiting, u) && !slices.Contains(f.Muted, u) {
			tell(u, NotifyThreadPost)
		}
	}
	return out
}
