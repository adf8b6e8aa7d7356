package api

import (
	"context"
	"net/http"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// routesArchive: archiving a resource, an organization or an initiative
// is a sub-resource of it — PUT puts it in the archive, DELETE takes it
// out (restores it).
func (api *API) routesArchive() {
	kinds := []struct {
		typ        commons.SubjectType
		path, name string
		who        string
		set        func(a *app.App, ctx context.Context, s app.Scope, id string, archive bool) error
	}{
		{commons.SubjectResource, "resources", "Resource", "its owner or the owning organization's admins", (*app.App).ArchiveResource},
		{commons.SubjectOrganization, "organizations", "Organization", "its admins", (*app.App).ArchiveOrganization},
		{commons.SubjectInitiative, "initiatives", "Initiative", "its team", (*app.App).ArchiveInitiative},
	}
	for _, k := range kinds {
		for _, archive := range []bool{true, false} {
			method, id, summary := "PUT", "archive"+k.name, "Archive a "+string(k.typ)+": out of directories, search and open data, kept at its address ("+k.who+")"
			if !archive {
				method, id, summary = "DELETE", "restore"+k.name, "Restore an archived "+string(k.typ)+" ("+k.who+")"
			}
			handle(api, op{method: method, path: "/api/v1/" + k.path + "/{id}/archive", id: id, summary: summary,
				status: http.StatusNoContent, auth: true, errors: []int{401, 403, 404, 409}},
				func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
					s, err := api.scopeOf(ctx, r, k.typ)
					if err != nil {
						return Empty{}, err
					}
					return Empty{}, k.set(api.App, ctx, s, r.PathValue("id"), archive)
				})
		}
	}
}
