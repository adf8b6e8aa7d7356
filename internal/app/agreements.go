package app

import (
	"context"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// Agreements returns a version of a community's agreements (0: the
// latest) and the list of versions. Agreements are public, like the
// community's page.
func (a *App) Agreements(ctx context.Context, slug string, version int) (commons.Agreements, []commons.Agreements, error) {
	c, err := a.Community(ctx, slug)
	if err != nil {
		return commons.Agreements{}, nil, err
	}
	versions, err := a.Store.AgreementVersions(ctx, c.ID)
	if err != nil || len(versions) == 0 {
		return commons.Agreements{}, versions, err
	}
	ag, err := a.Store.Agreements(ctx, c.ID, version)
	return ag, versions, err
}

// SaveAgreements adds a new version of the agreements; editors only.
func (a *App) SaveAgreements(ctx context.Context, actor *commons.User, slug, body string) (int, error) {
	c, err := a.Community(ctx, slug)
	if err != nil {
		return 0, err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionEditCommunity); err != nil {
		return 0, err
	}
	body = strings.TrimSpace(body)
	var v commons.Validator
	v.Text("body", body, true, commons.MaxAgreementsLen)
	if err := v.Err(); err != nil {
		return 0, err
	}
	return a.Store.SaveAgreements(ctx, c.ID, body, actor.ID)
}
