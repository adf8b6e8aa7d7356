package web

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

// Render once per change: a page registered with m.Cached is kept, drawn
// and compressed, and served again to the next reader of the same kind
// until a write changes what it shows. Its key holds everything that
// shapes it:
//
//   - the address (path and query) and the host, and the HX-Request header;
//   - what chooses the language (the reader's own, the language cookie,
//     Accept-Language): the same inputs choose the same language;
//   - the reader: "a visitor"; or, on a page registered with
//     m.CachedByRole, an active member's class — their status and roles in
//     the community as the App computes them (the scope), with the
//     language they chose — shared by every member of that class; or else
//     the signed-in person themselves (a page that says "you are
//     registered", or one read by someone who has not joined, who sees
//     their own name where others see "a member"), with their count of
//     unread notifications;
//   - the data versions the page depends on (the global one and the
//     community's), read in one query before anything else, which every
//     write transaction bumps before it commits (store/versions.go): a
//     write is seen on the next request, on every node;
//   - the minute of the App's clock, for what a page says about "now"
//     (what is coming up, this week).
//
// A page shared by role is drawn without its personal parts: the header's
// count of unread notifications is a slot (badgeSlot) filled at each
// answer with the reader's own count, and form tokens are drawn afresh
// into a member's page at each answer. A reader whose address waits for
// confirmation (the header names it) has their own page. A request
// carrying a flash message is drawn as before, never kept. A
// visitor's page is kept compressed (gzip and brotli) with its ETag, so a
// hit costs neither template nor compression, and browsers may keep it
// for pageMaxAge; a member's page is private and never stored by them.

// pageCacheBytes bounds the page cache's memory by default.
const pageCacheBytes = 32 << 20

// pageMaxAge is how long browsers and proxies may keep a visitor's page.
const pageMaxAge = "10"

// pageCache is the web's cache of drawn pages: least recently used first
// out when full.
type pageCache struct {
	max int64

	mu      sync.Mutex
	size    int64
	order   *list.List // of *keptPage, most recent first
	byKey   map[[32]byte]*list.Element
	drawing map[[32]byte]chan struct{} // keys being drawn, to wait for

	hits, misses atomic.Uint64

	// classes remembers a member's class in a community under the data
	// versions and the minute it was computed at, so that a hit on a page
	// shared by role costs no read of the membership (see readerClass).
	classMu sync.Mutex
	classes map[classKey]string
}

// classKey is a person in a community at some data versions and minute:
// what their class was computed under.
type classKey struct {
	user, community      string
	global, comm, minute int64
}

// maxClasses bounds the remembered classes; past it they are forgotten at
// once and computed again (each costs the scope's reads).
const maxClasses = 20000

// keptPage is a drawn page, in the forms it is served in.
type keptPage struct {
	key      [32]byte
	lang     string
	etag     string // quoted, without the encoding's suffix
	plain    []byte
	gz, br   []byte // a visitor's page only
	personal bool   // a member's page: form tokens are added at each answer
	// slot: shared by the members of a class, with the header's count of
	// unread notifications left to fill at each answer.
	slot bool
}

func (p *keptPage) bytes() int64 {
	return int64(len(p.plain)+len(p.gz)+len(p.br)) + 200
}

func newPageCache(max int64) *pageCache {
	if max <= 0 {
		return nil
	}
	return &pageCache{max: max, order: list.New(), byKey: map[[32]byte]*list.Element{}, drawing: map[[32]byte]chan struct{}{},
		classes: map[classKey]string{}}
}

// SetPageCache bounds the page cache to max bytes; 0 turns it off.
func (w *Web) SetPageCache(max int64) { w.cache = newPageCache(max) }

// pageCacheOff says the environment turns the cache off
// (COMMONS_PAGE_CACHE=off), so the whole test suite can run without it.
func pageCacheOff() bool { return os.Getenv("COMMONS_PAGE_CACHE") == "off" }

// PageCacheStats reports the page cache's hits and misses since start,
// its pages and their bytes (all zero when it is off), for /metrics.
func (w *Web) PageCacheStats() (hits, misses uint64, pages int, size int64) {
	c := w.cache
	if c == nil {
		return 0, 0, 0, 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits.Load(), c.misses.Load(), len(c.byKey), c.size
}

func (c *pageCache) get(key [32]byte) *keptPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(e)
	return e.Value.(*keptPage)
}

func (c *pageCache) put(p *keptPage) {
	n := p.bytes()
	if n > c.max/8 {
		return // one page must not empty the cache
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[p.key]; ok {
		c.size -= e.Value.(*keptPage).bytes()
		c.order.Remove(e)
	}
	c.byKey[p.key] = c.order.PushFront(p)
	c.size += n
	for c.size > c.max {
		last := c.order.Back()
		old := last.Value.(*keptPage)
		c.order.Remove(last)
		delete(c.byKey, old.key)
		c.size -= old.bytes()
	}
}

// claim says whether this request draws the page for key; otherwise it
// returns a channel closed when the one drawing it is done, so that many
// readers arriving after a change cause one drawing, not one each.
func (c *pageCache) claim(key [32]byte) (wait chan struct{}, mine bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.drawing[key]; ok {
		return ch, false
	}
	c.drawing[key] = make(chan struct{})
	return nil, true
}

func (c *pageCache) done(key [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.drawing[key])
	delete(c.drawing, key)
}

// Cached registers a page that may be kept and served again while what it
// shows is unchanged (see the top of this file), for each signed-in person
// apart. Only pages of a community ({slug}) whose data the global and the
// community's versions cover may be: a page that shows another
// community's data, or changes with something no write bumps, must stay a
// Page.
func (m router) Cached(pattern string, fn pageFunc) { m.cached(pattern, fn, false) }

// CachedByRole registers a cached page whose every part but the layout's
// header depends on the reader's roles alone, never on who they are: the
// members of one class share it. Declare only a page whose function and
// template show nothing of the reader's own (their registrations,
// bookings, pledges, things they made or may edit as their author): a
// test draws each such page for two members of the same class and
// compares them (TestPagesSharedByRoleShowNothingPersonal).
func (m router) CachedByRole(pattern string, fn pageFunc) {
	m.w.sharedPages = append(m.w.sharedPages, pattern)
	m.cached(pattern, fn, true)
}

// SharedPages lists the patterns of the pages members share by role.
func (w *Web) SharedPages() []string { return slices.Clone(w.sharedPages) }

func (m router) cached(pattern string, fn pageFunc, byRole bool) {
	if !strings.Contains(pattern, "{slug}") {
		panic("web: only a community's page may be cached: " + pattern)
	}
	m.w.pages = append(m.w.pages, pattern)
	m.w.mux.HandleFunc(pattern, func(rw http.ResponseWriter, r *http.Request) {
		if !m.w.serveKept(rw, r, fn, byRole) {
			v, err := m.w.viewFor(r)
			if err != nil {
				m.w.Fail(rw, r, err)
				return
			}
			m.w.serve(rw, r, v, fn)
		}
	})
}

// readerClass is the class a signed-in reader shares a page by role with,
// "" when they are to have their own: an active member whose address is
// confirmed is their status and roles as the scope computes them. It is
// remembered under the versions and the minute it was computed at, which
// every page kept under them depends on too; a scope read to find it is
// returned, for a page drawn next to use.
func (w *Web) readerClass(r *http.Request, u *commons.User, pv store.PageVersions, minute int64) (string, *app.Scope, error) {
	if w.App.ReadOnly(u) {
		return "", nil, nil // their header names their address: their own page
	}
	c := w.cache
	k := classKey{user: u.ID, community: pv.CommunityID, global: pv.Global, comm: pv.Community, minute: minute}
	c.classMu.Lock()
	class, ok := c.classes[k]
	c.classMu.Unlock()
	if ok {
		return class, nil, nil
	}
	s, err := w.App.Scope(r.Context(), u, r.PathValue("slug"))
	if err != nil {
		return "", nil, err
	}
	if s.Community.ID != pv.CommunityID {
		return "", nil, nil // the address names another community now: not to share
	}
	class = classOf(s.May, s.Member)
	c.classMu.Lock()
	if len(c.classes) >= maxClasses {
		clear(c.classes)
	}
	c.classes[k] = class
	c.classMu.Unlock()
	return class, &s, nil
}

// classOf names the class of a reader with may and membership m, "" for
// one who is to have their own page.
func classOf(may commons.May, m *commons.Member) string {
	if m == nil || !may.ReadMembersOnly || may.ConfirmFirst || m.ReadOnly {
		return ""
	}
	roles := make([]string, len(m.Roles))
	for i, r := range m.Roles {
		roles[i] = string(r)
	}
	return string(m.Status) + ":" + strings.Join(roles, ",")
}

// serveKept answers from the cache, drawing and keeping the page on a
// miss; false means the page is to be served as any other (no cache, a
// flash message to show, a page that is not a plain 200).
func (w *Web) serveKept(rw http.ResponseWriter, r *http.Request, fn pageFunc, byRole bool) bool {
	c := w.cache
	if c == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	if f, err := r.Cookie(flashCookie); err == nil && f.Value != "" {
		return false
	}
	ctx := r.Context()
	u := w.user(r)
	// The versions first: the data drawn after them is at least as new.
	pv, err := w.App.PageVersions(ctx, r.PathValue("slug"))
	if err != nil || pv.CommunityID == "" {
		return false
	}
	unread := 0
	if u != nil {
		if unread, err = w.App.UnreadNotifications(ctx, u); err != nil {
			return false
		}
	}
	minute := w.App.Now().Unix() / 60
	class, scope := "", (*app.Scope)(nil)
	if u != nil && byRole {
		if class, scope, err = w.readerClass(r, u, pv, minute); err != nil {
			return false
		}
	}
	h := sha256.New()
	key := []string{r.Host, r.URL.RequestURI(), r.Header.Get("HX-Request"), r.Header.Get("Accept-Language"),
		pv.CommunityID, strconv.FormatInt(pv.Global, 10), strconv.FormatInt(pv.Community, 10),
		strconv.FormatInt(minute, 10)}
	if lc, err := r.Cookie(langCookie); err == nil {
		key = append(key, "lang-cookie", lc.Value)
	}
	switch {
	case class != "":
		key = append(key, "class", class, u.Locale)
	case u != nil:
		key = append(key, "person", u.ID, u.Locale, strconv.Itoa(unread))
	}
	for _, k := range key {
		h.Write([]byte(k))
		h.Write([]byte{0})
	}
	var k [32]byte
	h.Sum(k[:0])

	p := c.get(k)
	if p == nil {
		wait, mine := c.claim(k)
		if !mine {
			select {
			case <-wait:
			case <-ctx.Done():
				return true
			}
			p = c.get(k)
		}
		if p == nil {
			if mine {
				defer c.done(k)
			}
			c.misses.Add(1)
			if p = w.drawKept(rw, r, fn, k, u != nil, class, scope, unread); p == nil {
				return true // answered: an error page, or a page not to keep
			}
			if p.key != k {
				w.writeKept(rw, r, p, unread) // drawn for another class than the key's: this reader's alone
				return true
			}
			c.put(p)
		}
	} else {
		c.hits.Add(1)
	}
	w.writeKept(rw, r, p, unread)
	return true
}

// drawKept runs the page and draws it for keeping: for the members of
// class when there is one (in the scope read to find it, if it was), the
// header's count left as a slot. It answers the request itself, returning
// nil, when the page failed, asked for a status or headers of its own, or
// the template failed; a page whose reader turned out to be of another
// class than the key's (their roles changed meanwhile) comes back under
// no key, for them alone.
func (w *Web) drawKept(rw http.ResponseWriter, r *http.Request, fn pageFunc, key [32]byte, personal bool, class string, scope *app.Scope,
	unread int) *keptPage {
	var v *view
	if scope != nil {
		v = w.scopedView(r, *scope)
	} else {
		var err error
		if v, err = w.viewFor(r); err != nil {
			w.Fail(rw, r, err)
			return nil
		}
	}
	v.Unread, v.unreadCounted = unread, true
	shared := class != ""
	if shared {
		if classOf(v.May, v.Member) != class {
			key = [32]byte{}
		}
		v.Unread, v.badgeSlot = 0, true
	}
	name, err := fn(r, v)
	if err != nil {
		w.Fail(rw, r, err)
		return nil
	}
	if v.status != 0 || len(v.header) > 0 {
		for k, vs := range v.header {
			rw.Header()[k] = vs
		}
		w.render(rw, r, max(v.status, http.StatusOK), name, v)
		return nil
	}
	page, ok := w.draw(rw, r, name, v)
	if !ok {
		return nil
	}
	sum := sha256.Sum256(page)
	p := &keptPage{key: key, lang: v.Lang, etag: `"` + hex.EncodeToString(sum[:16]), plain: page, personal: personal, slot: shared}
	if !personal {
		p.gz, p.br = compress(page)
	}
	return p
}

// The compressors are reused: making one allocates far more than a page
// (brotli's and deflate's tables), which cost more than compressing.
var (
	gzipWriters   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression); return w }}
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterOptions(nil, brotli.WriterOptions{Quality: 6, LGWin: 18}) }}
)

// compress returns a page gzip- and brotli-compressed.
func compress(page []byte) (gz, br []byte) {
	var gb, bb bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&gb)
	zw.Write(page)
	zw.Close()
	gzipWriters.Put(zw)
	bw := brotliWriters.Get().(*brotli.Writer)
	bw.Reset(&bb)
	bw.Write(page)
	bw.Close()
	brotliWriters.Put(bw)
	return gb.Bytes(), bb.Bytes()
}

// writeKept answers with a kept page: a visitor's compressed as the
// browser accepts, with its ETag (304 when the browser has it already);
// a member's with fresh form tokens, private, and a page shared by role
// with the reader's own count of unread notifications in its slot.
func (w *Web) writeKept(rw http.ResponseWriter, r *http.Request, p *keptPage, unread int) {
	hd := rw.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Language", p.lang)
	hd.Set("Vary", "Accept-Encoding, Accept-Language, Cookie, HX-Request")
	if p.personal {
		hd.Set("Cache-Control", "private, no-store")
		rw.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			page := p.plain
			if p.slot {
				page = fillBadgeSlot(page, w.Badge(w.Catalog.Localizer(p.lang), unread))
			}
			rw.Write(addFormTokens(page))
		}
		return
	}
	body, encoding, suffix := p.plain, "", ""
	switch {
	case accepts(r, "br"):
		body, encoding, suffix = p.br, "br", "-br"
	case accepts(r, "gzip"):
		body, encoding, suffix = p.gz, "gzip", "-gz"
	}
	hd.Set("Cache-Control", "public, max-age="+pageMaxAge)
	hd.Set("ETag", p.etag+suffix+`"`)
	if etagMatches(r.Header.Get("If-None-Match"), p.etag) {
		rw.WriteHeader(http.StatusNotModified)
		return
	}
	if encoding != "" {
		hd.Set("Content-Encoding", encoding)
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	rw.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		rw.Write(body)
	}
}

// accepts says whether the request's Accept-Encoding takes an encoding
// (listed without q=0).
func accepts(r *http.Request, encoding string) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), encoding) {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return !(q == "q=0" || strings.HasPrefix(q, "q=0.0") && strings.Trim(q[len("q=0."):], "0") == "")
	}
	return false
}

// etagMatches says whether If-None-Match names the page in any of its
// encodings (etag is quoted without its closing quote and suffix).
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag+`"` || tag == etag+`-br"` || tag == etag+`-gz"` {
			return true
		}
	}
	return false
}

// badgeSlot marks, in a page shared by role, where the header's count of
// unread notifications goes. A comment no template writes and no value
// can make (values are escaped; a page's own markup comes after the
// header), filled once per answer.
const badgeSlot = "<!--commons:unread-->"

// BadgeSlot is what the header draws in place of the count of unread
// notifications: the slot in a page shared by role, "" otherwise.
func (v *view) BadgeSlot() template.HTML {
	if v.badgeSlot {
		return badgeSlot
	}
	return ""
}

// fillBadgeSlot puts a reader's badge into a page shared by role: the
// first slot only, which is the header's.
func fillBadgeSlot(page []byte, badge string) []byte {
	return bytes.Replace(page, []byte(badgeSlot), []byte(badge), 1)
}
