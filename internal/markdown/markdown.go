// Package markdown turns what people write into HTML that is safe to show
// to everyone: goldmark renders CommonMark with GitHub's tables, strike-
// through and autolinks, and bluemonday keeps only harmless elements.
// Raw HTML, scripts, styles and images (which can track readers) never
// reach a page; links to other sites are marked nofollow and open nothing
// in the opener's window.
package markdown

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Renderer renders Markdown safely. It is safe for concurrent use; make one
// at start and pass it where it is needed.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New builds a Renderer.
func New() *Renderer {
	// Images load from wherever their author points them, telling that
	// server who read the page and when: no images in what people write.
	p := policy()
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return &Renderer{
		md: goldmark.New(
			// Raw HTML is left out by default (goldmark's html.WithUnsafe is not set).
			goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		),
		policy: p,
	}
}

// policy is bluemonday's UGC policy without <img> and without the
// attributes (class, id, title) that Markdown never produces.
func policy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs()
	p.AllowAttrs("href").OnElements("a")
	p.AllowElements("p", "br", "hr", "blockquote", "pre", "code", "em", "strong", "del", "s",
		"ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "thead", "tbody", "tr", "th", "td", "sup", "sub")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	return p
}

// HTML renders Markdown as sanitised HTML. Rendering in-memory text cannot
// fail, so an error from goldmark (none is known) shows the text escaped.
func (r *Renderer) HTML(source string) template.HTML {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(source), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(source))
	}
	return template.HTML(r.policy.SanitizeBytes(buf.Bytes())) //nolint:gosec // sanitised just now
}
