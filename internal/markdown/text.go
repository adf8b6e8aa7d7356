package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// plain parses Markdown the way Renderer does, for Text.
var plain = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))

// Text turns Markdown into plain text for places that cannot show HTML, such
// as an iCalendar DESCRIPTION or a CSV cell: the words as a reader would
// say them, paragraphs apart, list items on their own lines with "- " or
// their number, a link's address after its text when the two differ. Raw
// HTML is left out, as Renderer leaves it out.
func Text(source string) string {
	src := []byte(source)
	doc := plain.Parser().Parse(text.NewReader(src))
	var b strings.Builder
	// block ends a block: paragraphs, headings and lists are a blank line
	// apart, list items and table rows one line; a wider gap already
	// written stays.
	block := func(sep string) {
		all := b.String()
		s := strings.TrimRight(all, " \n")
		if s == "" {
			b.Reset()
			return
		}
		if n := strings.Count(all[len(s):], "\n"); n > len(sep) {
			sep = strings.Repeat("\n", n)
		}
		b.Reset()
		b.WriteString(s)
		b.WriteString(sep)
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(src))
				switch {
				case n.HardLineBreak():
					b.WriteString("\n")
				case n.SoftLineBreak():
					b.WriteString(" ")
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *ast.AutoLink:
			if entering {
				b.Write(n.URL(src))
			}
		case *ast.Link:
			if !entering {
				dest := string(n.Destination)
				if label := linkLabel(n, src); dest != "" && dest != label {
					b.WriteString(" (" + dest + ")")
				}
			}
		case *ast.Image, *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			if entering {
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					b.Write(seg.Value(src))
				}
				block("\n\n")
			}
			return ast.WalkSkipChildren, nil
		case *ast.ListItem:
			if entering {
				block("\n")
				if list, ok := n.Parent().(*ast.List); ok && list.IsOrdered() {
					i := list.Start
					for c := list.FirstChild(); c != nil && c != ast.Node(n); c = c.NextSibling() {
						i++
					}
					b.WriteString(strconv.Itoa(i) + ". ")
				} else {
					b.WriteString("- ")
				}
			}
		case *ast.Paragraph, *ast.TextBlock:
			if !entering {
				if _, inItem := n.Parent().(*ast.ListItem); inItem {
					block("\n")
				} else {
					block("\n\n")
				}
			}
		case *ast.Heading, *ast.List, *ast.Blockquote, *extast.Table:
			if !entering {
				block("\n\n")
			}
		case *ast.ThematicBreak:
			if entering {
				block("\n\n")
			}
		case *extast.TableRow, *extast.TableHeader:
			if !entering {
				block("\n")
			}
		case *extast.TableCell:
			if !entering && n.NextSibling() != nil {
				b.WriteString(" | ")
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// linkLabel is the text a link shows.
func linkLabel(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
