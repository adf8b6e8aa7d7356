package web

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
)

// routesCSVImport adds the spreadsheet import (upload → preview → apply)
// and the CSV exports of the directories.
func (w *Web) routesCSVImport(m router) {
	m.Page("GET /c/{slug}/import", w.importPage)
	m.Raw("POST /c/{slug}/import", w.uploadImport)
	m.Page("GET /c/{slug}/import/{id}", w.importPreview)
	m.Form("POST /c/{slug}/import/{id}", w.applyImport, w.importPreview)
	m.Raw("GET /c/{slug}/export/{file}", w.exportCSV)
}

// importData is the upload page's and the preview's data.
type importData struct {
	Kinds    []commons.ImportKind
	Kind     commons.ImportKind
	UploadID string
	// Columns are the kind's fields, for the mapping's selects.
	Columns []string
	Report  app.ImportReport
	Mode    commons.ImportMode
}

// importPage shows the upload form and the export links; editors only.
func (w *Web) importPage(r *http.Request, v *view) (string, error) {
	if err := w.App.MayImport(v.Scope); err != nil {
		return "", err
	}
	v.Title = v.L.T("csvimport.title")
	v.Data = importData{Kinds: commons.ImportKinds, Kind: commons.ImportKind(r.URL.Query().Get("kind"))}
	return "csv_import", nil
}

// uploadImport keeps the uploaded file in the database and shows its
// preview; a missing or refused file shows the form again.
func (w *Web) uploadImport(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, encode.MaxImportBytes+64<<10)
	v, err := w.viewFor(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	var id string
	file, _, err := r.FormFile("file")
	switch {
	case err != nil && strings.Contains(err.Error(), "too large"):
		err = commons.Errorf(commons.CodeTooLarge, "csvimport.error.too_large", "MB", encode.MaxImportBytes>>20)
	case err != nil:
		err = commons.Errorf(commons.CodeInvalid, "csvimport.error.no_file")
	default:
		defer file.Close()
		var data []byte
		if data, err = io.ReadAll(io.LimitReader(file, encode.MaxImportBytes+1)); err == nil {
			id, err = w.App.SaveImportUpload(r.Context(), v.Scope, commons.ImportKind(r.FormValue("kind")), data)
		}
	}
	if err == nil {
		redirect(rw, r, "/c/"+v.Community.Slug+"/import/"+id, "")
		return
	}
	f := &form{Values: url.Values{"kind": {r.FormValue("kind")}}, Errors: map[string]string{}}
	if !formFailed(f, err, v.L) {
		w.Fail(rw, r, err)
		return
	}
	if f.Error != "" {
		f.Errors["file"], f.Error = f.Error, ""
	}
	v.Form, v.status = f, commons.CodeOf(err).Status()
	w.serve(rw, r, v, w.importPage)
}

// importRun reads the upload and runs the import with the mapping and
// mode of the request (the preview's selects, the apply form's fields).
func (w *Web) importRun(r *http.Request, v *view, values url.Values, apply bool) (importData, error) {
	kind, data, err := w.App.ImportUpload(r.Context(), v.Scope, r.PathValue("id"))
	if commons.CodeOf(err) == commons.CodeNotFound {
		err = commons.Errorf(commons.CodeNotFound, "csvimport.error.upload_gone")
	}
	if err != nil {
		return importData{}, err
	}
	d := importData{Kind: kind, UploadID: r.PathValue("id"), Columns: commons.ImportColumns(kind),
		Mode: commons.ImportMode(values.Get("mode"))}
	o := app.ImportOptions{Labels: app.ImportLabels(v.L, kind), Mode: d.Mode, Apply: apply}
	if values.Has("col0") {
		for i := 0; values.Has("col" + strconv.Itoa(i)); i++ {
			o.Mapping = append(o.Mapping, values.Get("col"+strconv.Itoa(i)))
		}
	}
	d.Report, err = w.App.ImportCSV(r.Context(), v.Scope, kind, data, o)
	if d.Mode == "" {
		d.Mode = commons.ImportAllOrNothing
	}
	return d, err
}

// importPreview is the dry run: how the columns are read and what each
// row would do, with the form that applies it.
func (w *Web) importPreview(r *http.Request, v *view) (string, error) {
	values := r.URL.Query()
	if v.Form != nil && v.Form.Values != nil {
		values = v.Form.Values
	}
	d, err := w.importRun(r, v, values, false)
	if err != nil {
		return "", err
	}
	v.Title = v.L.T("csvimport.preview_title")
	v.Data = d
	return "csv_import_preview", nil
}

// applyImport writes the import; with refused rows and all-or-nothing it
// writes nothing and shows the preview again saying so.
func (w *Web) applyImport(r *http.Request, v *view, f *form) (done, error) {
	d, err := w.importRun(r, v, f.Values, true)
	if err != nil {
		return done{}, err
	}
	if !d.Report.Applied {
		return done{}, commons.Errorf(commons.CodeConflict, "csvimport.not_applied")
	}
	return done{To: "/c/" + v.Community.Slug + "/import", Flash: "flash.csv_imported"}, nil
}

// exportCSV answers /c/{slug}/export/organizations.csv or resources.csv.
func (w *Web) exportCSV(rw http.ResponseWriter, r *http.Request) {
	s, err := w.App.Scope(r.Context(), w.user(r), r.PathValue("slug"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	file := r.PathValue("file")
	kind := commons.ImportKind(strings.TrimSuffix(file, ".csv"))
	if !strings.HasSuffix(file, ".csv") || !commons.ValidImportKind(kind) {
		w.Fail(rw, r, commons.NotFound())
		return
	}
	var b bytes.Buffer
	if err := w.App.ExportCSV(r.Context(), s, kind, &b); err != nil {
		w.Fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	_, _ = rw.Write(b.Bytes())
}
