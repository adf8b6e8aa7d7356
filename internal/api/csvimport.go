package api

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/reqctx"
)

// ImportReport is a CSV import's outcome row by row (docs/CSV.md).
type ImportReport struct {
	Kind      string         `json:"kind" jsonschema:"enum=organizations,enum=resources,enum=activities,enum=members"`
	Encoding  string         `json:"encoding" jsonschema:"description=How the file was read: UTF-8, Windows-1251 or Windows-1252"`
	Delimiter string         `json:"delimiter" jsonschema:"description=The column separator found: , or ;"`
	Columns   []ImportColumn `json:"columns"`
	DryRun    bool           `json:"dry_run"`
	Mode      string         `json:"mode" jsonschema:"enum=all,enum=skip"`
	Applied   bool           `json:"applied" jsonschema:"description=True when the import was written; false for a dry run or an all-or-nothing import with refused rows"`
	Created   int            `json:"created"`
	Updated   int            `json:"updated"`
	Unchanged int            `json:"unchanged"`
	Refused   int            `json:"refused"`
	Rows      []ImportRow    `json:"rows"`
}

// ImportColumn is one column of the file and the field it fills ("" for none).
type ImportColumn struct {
	Header string `json:"header"`
	Field  string `json:"field"`
}

// ImportRow is one row's outcome.
type ImportRow struct {
	Line     int             `json:"line" jsonschema:"description=The line of the file the row starts on"`
	Key      string          `json:"key" jsonschema:"description=The row's name or title"`
	Outcome  string          `json:"outcome" jsonschema:"enum=created,enum=updated,enum=unchanged,enum=refused"`
	Changed  []string        `json:"changed,omitempty" jsonschema:"description=The columns an update changes"`
	Problems []ImportProblem `json:"problems,omitempty"`
	Note     string          `json:"note,omitempty" jsonschema:"description=Why an unchanged row is unchanged when that is not plain: an address that is a member's already or invited already"`
}

// ImportProblem is why a row is refused, beside its column ("" for the row).
type ImportProblem struct {
	Column  string `json:"column"`
	Message string `json:"message"`
}

func (api *API) routesCSVImport() {
	imp := route{method: "POST", path: "/api/v1/communities/{slug}/imports/{kind}", id: "importCSV",
		summary: "Import organizations, resources, activities or members (invitations by mail) from a CSV body (text/csv, at most 10 MB and 20,000 rows): a dry run unless dry_run=false; the community's editors",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 413, 422}, out: reflect.TypeFor[ImportReport](),
		bodyType: "text/csv",
		query: []queryParam{
			{"dry_run", "false to write the import; anything else, or nothing, only shows what would happen", "boolean"},
			{"mode", "all (the default): nothing is written when a row is refused; skip: write the rows that pass", "string"},
			{"map", "Header=field, repeatable: fill a field from a column of another name, or leave a column out with Header=", "string"},
		}}
	imp.handler = func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if reqctx.User(ctx) == nil {
			api.WriteError(w, r, commons.Unauthenticated())
			return
		}
		s, err := api.scope(ctx, r)
		if err != nil {
			api.WriteError(w, r, err)
			return
		}
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, encode.MaxImportBytes))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				err = commons.Errorf(commons.CodeTooLarge, "csvimport.error.too_large", "MB", encode.MaxImportBytes>>20)
			} else {
				err = commons.Errorf(commons.CodeBadRequest, "error.json.read")
			}
			api.WriteError(w, r, err)
			return
		}
		q := r.URL.Query()
		o := app.ImportOptions{Mode: commons.ImportMode(q.Get("mode")), Apply: q.Get("dry_run") == "false",
			Labels: app.ImportLabels(api.localizer(r), commons.ImportKind(r.PathValue("kind")))}
		if maps := q["map"]; len(maps) > 0 {
			o.Overrides = map[string]string{}
			for _, m := range maps {
				header, field, ok := strings.Cut(m, "=")
				if !ok {
					api.WriteError(w, r, commons.Errorf(commons.CodeBadRequest, "csvimport.error.map_param"))
					return
				}
				o.Overrides[header] = field
			}
		}
		kind := commons.ImportKind(r.PathValue("kind"))
		if !commons.ValidImportKind(kind) {
			api.WriteError(w, r, commons.NotFound())
			return
		}
		rep, err := api.App.ImportCSV(ctx, s, kind, data, o)
		if err != nil {
			api.WriteError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, importReportOut(api.localizer(r), rep, o))
	}
	api.routes = append(api.routes, imp)
	api.mux.HandleFunc(imp.method+" "+imp.path, imp.handler)

	exp := route{method: "GET", path: "/api/v1/communities/{slug}/exports/{file}", id: "exportCSV",
		summary: "A community's organizations.csv, resources.csv, activities.csv or members.csv, in the shape the import reads; contacts only for members unless public; members as the directory shows them, never an address, with the open invitations for those who may invite",
		status:  http.StatusOK, errors: []int{404}, out: reflect.TypeFor[string](), contentType: "text/csv"}
	exp.handler = func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		s, err := api.scope(ctx, r)
		if err != nil {
			api.WriteError(w, r, err)
			return
		}
		kind := commons.ImportKind(strings.TrimSuffix(r.PathValue("file"), ".csv"))
		if !commons.ValidImportKind(kind) || !strings.HasSuffix(r.PathValue("file"), ".csv") {
			api.WriteError(w, r, commons.NotFound())
			return
		}
		var b bytes.Buffer
		if err := api.App.ExportCSV(ctx, s, kind, &b); err != nil {
			api.WriteError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+string(kind)+`.csv"`)
		_, _ = w.Write(b.Bytes())
	}
	api.routes = append(api.routes, exp)
	api.mux.HandleFunc(exp.method+" "+exp.path, exp.handler)
}

func importReportOut(l *i18n.Localizer, rep app.ImportReport, o app.ImportOptions) ImportReport {
	out := ImportReport{Kind: string(rep.Kind), Encoding: rep.Encoding, Delimiter: rep.Delimiter, DryRun: !o.Apply, Mode: string(o.Mode),
		Applied: rep.Applied, Created: rep.Created, Updated: rep.Updated, Unchanged: rep.Unchanged, Refused: rep.Refused,
		Columns: []ImportColumn{}, Rows: []ImportRow{}}
	if out.Mode == "" {
		out.Mode = string(commons.ImportAllOrNothing)
	}
	for i, h := range rep.Header {
		out.Columns = append(out.Columns, ImportColumn{Header: h, Field: rep.Mapping[i]})
	}
	for _, row := range rep.Rows {
		rr := ImportRow{Line: row.Line, Key: row.Key, Outcome: string(row.Outcome), Changed: row.Changed}
		if row.Note.Key != "" {
			rr.Note = l.Msg(row.Note)
		}
		for _, p := range row.Problems {
			rr.Problems = append(rr.Problems, ImportProblem{Column: p.Column, Message: l.Msg(p.Message)})
		}
		out.Rows = append(out.Rows, rr)
	}
	return out
}
