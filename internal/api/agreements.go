package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// Agreements is a version of the community's agreements.
type Agreements struct {
	Version    int                `json:"version"`
	Body       string             `json:"body"`
	AuthorName string             `json:"author_name"`
	CreatedAt  time.Time          `json:"created_at"`
	Versions   []AgreementVersion `json:"versions" jsonschema:"description=Every version, newest first"`
}

// AgreementVersion names one version.
type AgreementVersion struct {
	Version    int       `json:"version"`
	AuthorName string    `json:"author_name"`
	CreatedAt  time.Time `json:"created_at"`
}

// AgreementsText is a new version's text.
type AgreementsText struct {
	Body string `json:"body" jsonschema:"minLength=1,maxLength=50000"`
}

func agreementsOut(a commons.Agreements, versions []commons.Agreements) Agreements {
	out := Agreements{Version: a.Version, Body: a.Body, AuthorName: a.AuthorName, CreatedAt: a.CreatedAt, Versions: []AgreementVersion{}}
	for _, v := range versions {
		out.Versions = append(out.Versions, AgreementVersion{Version: v.Version, AuthorName: v.AuthorName, CreatedAt: v.CreatedAt})
	}
	return out
}

func (api *API) routesAgreements() {
	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/agreements", id: "getAgreements",
		summary: "The community's agreements: the latest version, or ?version=N; 404 before the first",
		status:  http.StatusOK, query: []queryParam{{name: "version", typ: "integer"}}, errors: []int{400, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Agreements, error) {
			version := 0
			if s := r.URL.Query().Get("version"); s != "" {
				n64, err := strconv.ParseInt(s, 10, 32)
				n := int(n64)
				if err != nil || n < 1 {
					return Agreements{}, commons.Errorf(commons.CodeBadRequest, "error.field.number")
				}
				version = n
			}
			s, err := api.scope(ctx, r)
			if err != nil {
				return Agreements{}, err
			}
			a, versions, err := api.App.Agreements(ctx, s, version)
			if err == nil && len(versions) == 0 {
				err = commons.NotFound()
			}
			return agreementsOut(a, versions), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/communities/{slug}/agreements", id: "saveAgreements",
		summary: "Write a new version of the agreements (editors); earlier versions stay readable",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *AgreementsText) (Agreements, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Agreements{}, err
			}
			version, err := api.App.SaveAgreements(ctx, s, in.Body)
			if err != nil {
				return Agreements{}, err
			}
			a, versions, err := api.App.Agreements(ctx, s, version)
			return agreementsOut(a, versions), err
		})
}
