package app

import (
	"context"

	"github.com/commons-project/commons/internal/store"
)

// PageVersions are the data versions a community's pages depend on, for
// the web's page cache: a page kept under them is served again only while
// no write has changed what it shows (store/versions.go).
func (a *App) PageVersions(ctx context.Context, slug string) (store.PageVersions, error) {
	return a.Store.PageVersions(ctx, slug)
}
