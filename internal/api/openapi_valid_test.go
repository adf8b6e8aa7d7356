package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// TestOpenAPIDocumentValidates checks the served document with tools that
// are not Commons' own: libopenapi-validator against the OpenAPI 3.1 schema,
// then the rules that common linters (Spectral, Redocly) hold as errors,
// then every example against its schema with a JSON Schema 2020-12
// validator. It reads the document generically, so routes added later are
// checked without touching this test.
func TestOpenAPIDocumentValidates(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	s := ts.New(t, st)
	rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/openapi.json"})
	ts.Status(t, rec, 200)
	body := rec.Body.Bytes()

	doc, err := libopenapi.NewDocument(body)
	if err != nil {
		t.Fatal(err)
	}
	if ok, errs := schema_validation.ValidateOpenAPIDocument(doc); !ok {
		for _, e := range errs {
			t.Errorf("%s: %s", e.Message, e.Reason)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  %s at %s", se.Reason, se.FieldPath)
			}
		}
	}
	if _, err := doc.BuildV3Model(); err != nil {
		t.Errorf("libopenapi cannot build the model: %v", err)
	}

	var d struct {
		Tags  []struct{ Name string } `json:"tags"`
		Paths map[string]map[string]struct {
			Description string                `json:"description"`
			Tags        []string              `json:"tags"`
			Security    []map[string][]string `json:"security"`
			Responses   map[string]any        `json:"responses"`
			Parameters  []struct{ Name, In string }
		} `json:"paths"`
		Components struct {
			Schemas         map[string]any `json:"schemas"`
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	tags := map[string]bool{}
	for _, tg := range d.Tags {
		tags[tg.Name] = true
	}
	validName := regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)
	for name := range d.Components.Schemas {
		if !validName.MatchString(name) {
			t.Errorf("component schema name %q is not valid", name)
		}
	}
	for path, ops := range d.Paths {
		for method, op := range ops {
			where := strings.ToUpper(method) + " " + path
			if op.Security == nil {
				t.Errorf("%s: no security requirement (the document has no global one)", where)
			}
			for _, req := range op.Security {
				for scheme := range req {
					if d.Components.SecuritySchemes[scheme] == nil {
						t.Errorf("%s: security scheme %q is not declared", where, scheme)
					}
				}
			}
			client := false
			for code := range op.Responses {
				n, err := strconv.Atoi(code)
				if err != nil || http.StatusText(n) == "" {
					t.Errorf("%s: response %q is not a status code", where, code)
				}
				client = client || (n >= 400 && n < 500)
			}
			if !client {
				t.Errorf("%s: no 4xx response", where)
			}
			if op.Description == "" {
				t.Errorf("%s: no description", where)
			}
			for _, tg := range op.Tags {
				if !tags[tg] {
					t.Errorf("%s: tag %q is not in the document's tags", where, tg)
				}
			}
			for _, name := range pathParams(path) {
				found := false
				for _, p := range op.Parameters {
					found = found || (p.In == "path" && p.Name == name)
				}
				if !found {
					t.Errorf("%s: path parameter %s is not declared", where, name)
				}
			}
		}
	}

	// Every example, wherever a schema carries one, validates against it.
	var raw any
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("openapi.json", parsed); err != nil {
		t.Fatal(err)
	}
	examples := 0
	walkExamples(raw, "", func(pointer string, schema map[string]any, example any) {
		examples++
		sch, err := c.Compile("openapi.json#" + pointer)
		if err != nil {
			t.Errorf("schema at %s does not compile: %v", pointer, err)
			return
		}
		if err := sch.Validate(example); err != nil {
			t.Errorf("example at %s does not match its schema: %v", pointer, err)
		}
	})
	if examples == 0 {
		t.Error("the document has no examples to check; ErrorBody carries one")
	}
}

// walkExamples calls fn for each example of each schema in the document:
// the items of "examples" in a JSON Schema, or the "example" of a media
// type next to its "schema".
func walkExamples(v any, pointer string, fn func(pointer string, schema map[string]any, example any)) {
	switch v := v.(type) {
	case map[string]any:
		if ex, ok := v["examples"].([]any); ok && (v["type"] != nil || v["properties"] != nil || v["anyOf"] != nil) {
			for _, e := range ex {
				fn(pointer, v, e)
			}
		}
		if ex, ok := v["example"]; ok {
			if sch, ok := v["schema"].(map[string]any); ok {
				fn(pointer+"/schema", sch, ex)
			}
		}
		for k, child := range v {
			walkExamples(child, pointer+"/"+escapePointer(k), fn)
		}
	case []any:
		for i, child := range v {
			walkExamples(child, pointer+"/"+strconv.Itoa(i), fn)
		}
	}
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

var pathParamName = regexp.MustCompile(`\{([a-z_]+)\}`)

func pathParams(path string) []string {
	var out []string
	for _, m := range pathParamName.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}
