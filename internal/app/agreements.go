package app

import (
	"context"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// Agreements returns a version of a community's agreements (0: the
// latest) and the list of versions. Agreements are public, like the
// community's page.
func (a *App) Agreements(ctx context.Context, s Scope, version int) (commons.Agreements, []commons.Agreements, error) {
	versions, err := a.Store.AgreementVersions(ctx, s.Community.ID)
	if err != nil || len(versions) == 0 {
		return commons.Agreements{}, versions, err
	}
	ag, err := a.Store.Agreements(ctx, s.Community.ID, version)
	if err != nil {
		return ag, versions, err
	}
	ids := []string{ag.AuthorID}
	for _, v := range versions {
		ids = append(ids, v.AuthorID)
	}
	p, err := a.people(ctx, s, ids...)
	p.name(ag.AuthorID, &ag.AuthorName)
	for i := range versions {
		p.name(versions[i].AuthorID, &versions[i].AuthorName)
	}
	return ag, versions, err
}

// AgreementsToEdit returns the latest agreements (empty before the first
// version) for an editor to start the next version from; editors only.
func (a *App) AgreementsToEdit(ctx context.Context, s Scope) (commons.Agreements, error) {
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return commons.Agreements{}, err
	}
	ag, _, err := a.Agreements(ctx, s, 0)
	return ag, err
}

// SaveAgreements adds a new version of the agreements; editors only.
func (a *App) SaveAgreements(ctx context.Context, s Scope, body string) (int, error) {
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return 0, err
	}
	body = strings.TrimSpace(body)
	var v commons.Validator
	v.Text("body", body, true, commons.MaxAgreementsLen)
	if err := v.Err(); err != nil {
		return 0, err
	}
	return a.Store.SaveAgreements(ctx, s.Community.ID, body, s.Actor.ID)
}
