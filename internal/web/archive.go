package web

import (
	"context"
	"net/http"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
)

// Archiving a resource, an organization or an initiative (issue 15): the
// thing's page links to a confirmation page (it works without
// JavaScript), whose form archives it; an archived thing's page says so
// and offers its people to restore it in one step.

// archivable is what the pages need of one kind of archivable thing.
type archivable struct {
	typ commons.SubjectType
	// find returns the thing's title, its archive and whether the reader
	// may archive or restore it.
	find func(ctx context.Context, v *view, id string) (string, commons.Archive, bool, error)
	set  func(ctx context.Context, v *view, id string, archive bool) error
}

func (w *Web) archivables() []archivable {
	return []archivable{
		{typ: commons.SubjectResource,
			find: func(ctx context.Context, v *view, id string) (string, commons.Archive, bool, error) {
				r, err := w.App.Resource(ctx, v.Scope, id)
				return r.Title, r.Archive, r.May.Archive, err
			},
			set: func(ctx context.Context, v *view, id string, archive bool) error {
				return w.App.ArchiveResource(ctx, v.Scope, id, archive)
			}},
		{typ: commons.SubjectOrganization,
			find: func(ctx context.Context, v *view, id string) (string, commons.Archive, bool, error) {
				o, err := w.App.Organization(ctx, v.Scope, id)
				return o.Organization.Name, o.Organization.Archive, o.May.Archive, err
			},
			set: func(ctx context.Context, v *view, id string, archive bool) error {
				return w.App.ArchiveOrganization(ctx, v.Scope, id, archive)
			}},
		{typ: commons.SubjectInitiative,
			find: func(ctx context.Context, v *view, id string) (string, commons.Archive, bool, error) {
				i, err := w.App.Initiative(ctx, v.Scope, id)
				return i.Initiative.Title, i.Initiative.Archive, i.May.Archive, err
			},
			set: func(ctx context.Context, v *view, id string, archive bool) error {
				return w.App.ArchiveInitiative(ctx, v.Scope, id, archive)
			}},
	}
}

// archiveData fills the confirmation page.
type archiveData struct {
	Type     commons.SubjectType
	Title    string
	Back     string
	Archived bool
	// Conflicts are the bookings still to come that keep a resource from
	// being archived, as the refusal listed them.
	Conflicts []string
}

func (w *Web) routesArchive(m router) {
	for _, a := range w.archivables() {
		base := commons.PagePath(a.typ, "{slug}", "{id}")
		m.Page("GET "+base+"/archive", w.archivePage(a))
		m.Form("POST "+base+"/archive", w.setArchived(a, true), w.archivePage(a))
		m.Form("POST "+base+"/restore", w.setArchived(a, false), nil)
	}
}

// archivePage asks whether to archive the thing, and says what follows.
func (w *Web) archivePage(a archivable) pageFunc {
	return func(r *http.Request, v *view) (string, error) {
		if v.User == nil {
			return "", commons.Unauthenticated()
		}
		id := r.PathValue("id")
		title, arch, may, err := a.find(r.Context(), v, id)
		if err != nil {
			return "", err
		}
		if !may {
			return "", commons.Forbidden()
		}
		d := archiveData{Type: a.typ, Title: title, Back: commons.PagePath(a.typ, v.Community.Slug, id), Archived: arch.Archived()}
		if v.Form != nil {
			d.Conflicts = v.Form.Values["conflict"]
		}
		v.Title, v.Data = v.L.T("archive.title", "Title", title), d
		return "archive", nil
	}
}

// setArchived archives or restores the thing and goes back to its page.
func (w *Web) setArchived(a archivable, archive bool) formFunc {
	return func(r *http.Request, v *view, f *form) (done, error) {
		id := r.PathValue("id")
		err := a.set(r.Context(), v, id, archive)
		if err != nil {
			loc := w.App.Location(*v.Community)
			for _, c := range commons.ErrorOf(err).Conflicts {
				f.Values.Add("conflict", when(v.L, c.Start.In(loc))+"–"+v.L.Time(c.End.In(loc)))
			}
			return done{}, err
		}
		flash := "flash.restored"
		if archive {
			flash = "flash.archived"
		}
		return done{To: commons.PagePath(a.typ, v.Community.Slug, id), Flash: flash}, nil
	}
}

// archiveBox is what a thing's page shows about archiving: the notice
// that it is archived, and the link to archive it or the button to
// restore it for those who may.
type archiveBox struct {
	L       *i18n.Localizer
	Type    commons.SubjectType
	Path    string
	Archive commons.Archive
	May     bool
}

// ArchiveBox gathers the "archive-box" partial's arguments, for a thing
// of kind typ (a subject type's name) and id.
func (v *view) ArchiveBox(typ, id string, a commons.Archive, may bool) archiveBox {
	t := commons.SubjectType(typ)
	return archiveBox{L: v.L, Type: t, Path: commons.PagePath(t, v.Community.Slug, id), Archive: a, May: may}
}
