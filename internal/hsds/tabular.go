package hsds

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// datapackage is the HSDS 3.0 Tabular Data Package description, as Open
// Referral publishes it (openreferral/specification, branch 3.0, commit
// 279fd2e; CC BY-SA 4.0): one CSV per object, with its fields in order.
//
//go:embed datapackage.json
var datapackage []byte

// WriteTabular writes the dataset as an HSDS Tabular Data Package: a zip
// of one CSV per kind of object Commons publishes, with the columns the
// standard's datapackage.json gives, and that datapackage.json restricted
// to those files. It writes as it goes, one table at a time.
func (d Dataset) WriteTabular(w io.Writer, at time.Time) error {
	var pkg map[string]any
	if err := json.Unmarshal(datapackage, &pkg); err != nil {
		return err
	}
	tables := d.tables()
	z := zip.NewWriter(w)
	var kept []any
	for _, r := range pkg["resources"].([]any) {
		res := r.(map[string]any)
		rows, ok := tables[res["name"].(string)]
		if !ok {
			continue
		}
		kept = append(kept, res)
		var cols []string
		for _, f := range res["schema"].(map[string]any)["fields"].([]any) {
			cols = append(cols, f.(map[string]any)["name"].(string))
		}
		f, err := z.CreateHeader(&zip.FileHeader{Name: res["path"].(string), Method: zip.Deflate, Modified: at})
		if err != nil {
			return err
		}
		cw := csv.NewWriter(f)
		if err := cw.Write(cols); err != nil {
			return err
		}
		for _, row := range rows {
			rec, err := cells(row, cols)
			if err != nil {
				return err
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	}
	pkg["resources"] = kept
	pkg["created"] = at.UTC().Format(time.RFC3339)
	f, err := z.CreateHeader(&zip.FileHeader{Name: "datapackage.json", Method: zip.Deflate, Modified: at})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pkg); err != nil {
		return err
	}
	return z.Close()
}

// tables lists the rows of each table, by the datapackage's resource name.
func (d Dataset) tables() map[string][]any {
	t := map[string][]any{}
	add := func(name string, v any) { t[name] = append(t[name], v) }
	for _, name := range []string{"organization", "service", "attribute", "service_at_location", "location", "schedule",
		"language", "accessibility", "taxonomy", "taxonomy_term", "cost_option", "address", "contact", "phone"} {
		t[name] = []any{}
	}
	for _, o := range d.Organizations {
		add("organization", o)
		for _, a := range o.Attributes {
			add("attribute", a)
		}
		for _, c := range o.Contacts {
			add("contact", c)
		}
		for _, p := range o.Phones {
			add("phone", p)
		}
	}
	for _, s := range d.Services {
		add("service", s)
		for _, a := range s.Attributes {
			add("attribute", a)
		}
		for _, x := range s.Schedules {
			add("schedule", x)
		}
		for _, x := range s.Languages {
			add("language", x)
		}
		for _, x := range s.CostOptions {
			add("cost_option", x)
		}
	}
	for _, x := range d.ServiceAtLocations {
		add("service_at_location", x)
	}
	for _, l := range d.Locations {
		add("location", l)
		for _, x := range l.Accessibility {
			add("accessibility", x)
		}
		for _, x := range l.Addresses {
			add("address", x)
		}
	}
	for _, x := range d.Taxonomies {
		add("taxonomy", x)
	}
	for _, x := range d.Terms {
		add("taxonomy_term", x)
	}
	return t
}

// cells writes an object's fields in the columns' order: its JSON values,
// numbers as JSON writes them, absent ones empty. Arrays and nested
// objects have their own tables, so they are never a column.
func cells(v any, cols []string) ([]string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		switch x := m[c].(type) {
		case nil:
		case string:
			out[i] = x
		case json.Number:
			out[i] = x.String()
		case bool:
			out[i] = fmt.Sprint(x)
		default:
			return nil, fmt.Errorf("hsds: column %s is not a single value", c)
		}
	}
	return out, nil
}
