package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/invopop/jsonschema"
)

// OpenAPI returns the OpenAPI 3.1 document of every route the API serves,
// written from the same table that registers them.
func (api *API) OpenAPI() map[string]any {
	schemas := map[string]any{}
	ref := func(t reflect.Type) map[string]any {
		name := schemaName(t)
		if _, ok := schemas[name]; !ok {
			schemas[name] = reflectSchema(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	errRef := ref(reflect.TypeFor[ErrorBody]())
	paths := map[string]map[string]any{}
	for _, rt := range api.routes {
		operation := map[string]any{
			"operationId": rt.id,
			"summary":     rt.summary,
			"tags":        []string{tagOf(rt.path)},
		}
		var params []any
		for _, name := range pathParams(rt.path) {
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range rt.query {
			params = append(params, map[string]any{"name": q.name, "in": "query", "description": q.description,
				"schema": map[string]any{"type": q.typ}})
		}
		if rt.method == http.MethodPost && rt.auth {
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "schema": map[string]any{"type": "string", "maxLength": 255},
				"description": "Send the request again with the same key and body within 24 hours to get the first answer again " +
					"(with Idempotency-Replayed: true) instead of a second thing; another body under the key answers 422."})
		}
		if len(params) > 0 {
			operation["parameters"] = params
		}
		if rt.in != nil {
			operation["requestBody"] = map[string]any{
				"required": !rt.optionalBody,
				"content":  map[string]any{"application/json": map[string]any{"schema": ref(rt.in)}},
			}
		}
		if rt.auth {
			operation["security"] = []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}}
		}
		responses := map[string]any{}
		for _, st := range append([]int{rt.status}, rt.also...) {
			resp := map[string]any{"description": http.StatusText(st)}
			if rt.out != nil {
				ct := "application/json"
				if rt.contentType != "" {
					ct = rt.contentType
				}
				resp["content"] = map[string]any{ct: map[string]any{"schema": ref(rt.out)}}
			}
			responses[strconv.Itoa(st)] = resp
		}
		for _, st := range rt.errors {
			responses[strconv.Itoa(st)] = map[string]any{"description": http.StatusText(st),
				"content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
		}
		operation["responses"] = responses
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = operation
	}
	paths["/api/v1/resources/{id}/photo"] = map[string]any{"put": map[string]any{
		"operationId": "setResourcePhoto", "summary": "Replace a resource's photo: a JPEG, PNG or WebP body up to 5 MiB, kept as a JPEG at most 1200 pixels wide",
		"tags":       []string{"resources"},
		"parameters": []any{map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "string"}}},
		"security":   []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}},
		"requestBody": map[string]any{"required": true, "content": map[string]any{
			"image/jpeg": map[string]any{}, "image/png": map[string]any{}, "image/webp": map[string]any{}}},
		"responses": map[string]any{"204": map[string]any{"description": "No Content"},
			"401": map[string]any{"description": "Unauthorized", "content": map[string]any{"application/json": map[string]any{"schema": errRef}}},
			"403": map[string]any{"description": "Forbidden", "content": map[string]any{"application/json": map[string]any{"schema": errRef}}},
			"404": map[string]any{"description": "Not Found", "content": map[string]any{"application/json": map[string]any{"schema": errRef}}},
			"413": map[string]any{"description": "Request Entity Too Large", "content": map[string]any{"application/json": map[string]any{"schema": errRef}}},
			"422": map[string]any{"description": "Unprocessable Entity", "content": map[string]any{"application/json": map[string]any{"schema": errRef}}}},
	}}
	paths["/api/v1/openapi.json"] = map[string]any{"get": map[string]any{
		"operationId": "getOpenAPI", "summary": "This document", "tags": []string{"meta"},
		"responses": map[string]any{"200": map[string]any{"description": "OK",
			"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}},
	}}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Commons API",
			"version":     api.Version,
			"description": "The JSON API of Commons, a platform for learning communities. Errors have the shape {\"error\": {\"code\", \"message\", \"fields\"}}; lists have {\"items\", \"next_cursor\"}.",
		},
		"servers": []any{map[string]any{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "A token from POST /api/v1/tokens"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "commons_session"},
			},
		},
	}
}

// serveOpenAPI writes the document, built once on first request.
func (api *API) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	api.openAPI.Do(func() { api.openAPI.body, _ = json.MarshalIndent(api.OpenAPI(), "", "  ") })
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(api.openAPI.body)
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

func pathParams(path string) []string {
	var out []string
	for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}

// tagOf groups operations by the first segment after /api/v1/.
func tagOf(path string) string {
	seg := strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")[0]
	if seg == "me" || seg == "tokens" {
		return "users"
	}
	return seg
}

// schemaName names a type for components/schemas: List[Community] becomes
// CommunityList.
func schemaName(t reflect.Type) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		inner := name[i+1 : len(name)-1]
		inner = inner[strings.LastIndexByte(inner, '.')+1:]
		return inner + strings.ToUpper(name[:1]) + name[1:i]
	}
	return name
}

// reflectSchema writes a type's JSON Schema inline: fields without
// omitempty are required, and unknown fields are refused, as the decoder
// refuses them.
func reflectSchema(t reflect.Type) *jsonschema.Schema {
	r := &jsonschema.Reflector{Anonymous: true, DoNotReference: true, ExpandedStruct: true}
	s := r.ReflectFromType(t)
	s.Version = ""
	return s
}
