package api

import (
	"encoding/json"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/invopop/jsonschema"
)

// OpenAPI returns the OpenAPI 3.1 document of every route the API serves,
// written from the same table that registers them.
func (api *API) OpenAPI() map[string]any {
	schemas := map[string]any{}
	// ref names a type's schema in components; an unnamed type (an
	// anonymous struct) takes the name of the operation that uses it.
	ref := func(t reflect.Type, unnamed string) map[string]any {
		// Component names must match ^[a-zA-Z0-9._-]+$ (OpenAPI 3.1, 4.8.7.1).
		name := componentName.ReplaceAllString(schemaName(t), "")
		if name == "" {
			name = unnamed
		}
		if _, ok := schemas[name]; !ok {
			schemas[name] = reflectSchema(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	errRef := ref(reflect.TypeFor[ErrorBody](), "")
	paths := map[string]map[string]any{}
	tags := map[string]bool{}
	add := func(method, path string, operation map[string]any) {
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		tags[operation["tags"].([]string)[0]] = true
		paths[path][strings.ToLower(method)] = operation
	}
	for _, rt := range api.routes {
		operation := map[string]any{
			"operationId": rt.id,
			"summary":     rt.summary,
			"description": rt.summary,
			"tags":        []string{tagOf(rt.path)},
			"security":    security(rt.auth),
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
				"content":  map[string]any{"application/json": map[string]any{"schema": ref(rt.in, rt.id+"Request")}},
			}
		}
		if rt.bodyType != "" {
			operation["requestBody"] = map[string]any{"required": true,
				"content": map[string]any{rt.bodyType: map[string]any{"schema": map[string]any{"type": "string"}}}}
		}
		responses := errorResponses(rt.method, rt.errors, errRef)
		for _, st := range append([]int{rt.status}, rt.also...) {
			resp := map[string]any{"description": http.StatusText(st)}
			if rt.out != nil {
				ct := "application/json"
				if rt.contentType != "" {
					ct = rt.contentType
				}
				resp["content"] = map[string]any{ct: map[string]any{"schema": ref(rt.out, rt.id+"Response")}}
			}
			responses[strconv.Itoa(st)] = resp
		}
		operation["responses"] = responses
		add(rt.method, rt.path, operation)
	}
	photo := errorResponses("PUT", []int{401, 403, 404, 413, 422}, errRef)
	photo["204"] = map[string]any{"description": "No Content"}
	add("PUT", "/api/v1/resources/{id}/photo", map[string]any{
		"operationId": "setResourcePhoto", "summary": "Replace a resource's photo",
		"description": "Replace a resource's photo: a JPEG, PNG or WebP body up to 5 MiB, kept as a JPEG at most 1200 pixels wide",
		"tags":        []string{"resources"},
		"parameters":  []any{map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "string"}}},
		"security":    security(true),
		"requestBody": map[string]any{"required": true, "content": map[string]any{
			"image/jpeg": map[string]any{}, "image/png": map[string]any{}, "image/webp": map[string]any{}}},
		"responses": photo,
	})
	self := errorResponses("GET", nil, errRef)
	self["200"] = map[string]any{"description": "OK",
		"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}
	add("GET", "/api/v1/openapi.json", map[string]any{
		"operationId": "getOpenAPI", "summary": "This document", "description": "This document, OpenAPI 3.1", "tags": []string{"meta"},
		"security": security(false), "responses": self,
	})
	var tagList []any
	for _, name := range slices.Sorted(maps.Keys(tags)) {
		tagList = append(tagList, map[string]any{"name": name, "description": "Operations on " + name})
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Commons API",
			"version":     api.Version,
			"description": "The JSON API of Commons, a platform for learning communities. Errors have the shape {\"error\": {\"code\", \"message\", \"fields\"}}; lists have {\"items\", \"next_cursor\"}.",
		},
		"servers": []any{map[string]any{"url": "/"}},
		"tags":    tagList,
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

// security says who may call an operation: a signed-in caller (token or
// session) when it needs one, else anybody, though a signed-in caller may
// see more (the empty requirement makes authentication optional).
func security(auth bool) []any {
	signedIn := []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}}
	if auth {
		return signedIn
	}
	return append([]any{map[string]any{}}, signedIn...)
}

// errorResponses documents the error answers of an operation: those its
// route declares, plus those every API request can meet before its handler
// runs — 400 for text that is not valid UTF-8, 401 for a token that is
// unknown or revoked (server.authenticate), and, on a request that changes
// something, 403 when a browser sends it from another site.
func errorResponses(method string, declared []int, errRef map[string]any) map[string]any {
	codes := append([]int{http.StatusBadRequest, http.StatusUnauthorized}, declared...)
	if method != "GET" && method != "HEAD" {
		codes = append(codes, http.StatusForbidden)
	}
	out := map[string]any{}
	for _, st := range codes {
		out[strconv.Itoa(st)] = map[string]any{"description": http.StatusText(st),
			"content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
	}
	return out
}

// serveOpenAPI writes the document, built once on first request.
func (api *API) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	api.openAPI.Do(func() { api.openAPI.body, _ = json.MarshalIndent(api.OpenAPI(), "", "  ") })
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(api.openAPI.body)
}

var componentName = regexp.MustCompile(`[^a-zA-Z0-9._-]`)

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
	switch {
	case t.Kind() == reflect.Pointer:
		return schemaName(t.Elem())
	case t.Name() == "" && t.Kind() == reflect.Slice:
		return schemaName(t.Elem()) + "Array"
	case t.Name() == "" && t.Kind() == reflect.Map:
		return schemaName(t.Elem()) + "Map"
	}
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
