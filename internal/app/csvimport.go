package app

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/store"
)

// ImportOptions say how to read and apply a CSV import.
type ImportOptions struct {
	// Mapping names the column each header of the file fills, "" for a
	// header to leave out; nil maps them by name (commons.AutoMap).
	Mapping []string
	// Labels are the column names in the reader's language, keyed by
	// commons.ColumnKey, for the automatic mapping.
	Labels map[string]string
	// Overrides change the automatic mapping by header name: the field
	// a header fills, "" to leave it out.
	Overrides map[string]string
	// Mode: all or nothing (the default), or skip the refused rows.
	Mode commons.ImportMode
	// Apply writes the import; without it the import is a dry run.
	Apply bool
}

// ImportReport is what an import did, or would do, row by row.
type ImportReport struct {
	Kind      commons.ImportKind
	Encoding  string
	Delimiter string
	Header    []string
	Mapping   []string
	Rows      []ImportRow
	Created   int
	Updated   int
	Unchanged int
	Refused   int
	// Applied is true when the import was written; false for a dry run, and
	// for an all-or-nothing import with refused rows.
	Applied bool
}

// ImportRow is one row's outcome: Key names the thing (its name or
// title), Changed the columns an update changes, Problems why a row is
// refused, each beside its column ("" for the row as a whole).
type ImportRow struct {
	Line     int
	Key      string
	Outcome  commons.ImportOutcome
	Changed  []string
	Problems []ImportProblem
	// Note says why a row is unchanged when that is not plain (a person
	// invited already); its Key is "" otherwise.
	Note commons.Message
}

// ImportProblem is one reason a row is refused.
type ImportProblem struct {
	Column  string
	Message commons.Message
}

// ImportCSV reads a CSV file of one kind, decides per row what it would
// create, update, leave unchanged or refuse, and — when asked and allowed
// by the mode — writes it all in one transaction. The community's editors
// may (ActionEditCommunity).
func (a *App) ImportCSV(ctx context.Context, s Scope, kind commons.ImportKind, data []byte, o ImportOptions) (ImportReport, error) {
	rep := ImportReport{Kind: kind}
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return rep, err
	}
	if !commons.ValidImportKind(kind) {
		return rep, invalid("kind", commons.Msg("error.field.one_of", "Allowed", "organizations, resources, activities, members"))
	}
	if o.Mode == "" {
		o.Mode = commons.ImportAllOrNothing
	}
	if o.Mode != commons.ImportAllOrNothing && o.Mode != commons.ImportSkipRefused {
		return rep, invalid("mode", commons.Msg("error.field.one_of", "Allowed", "all, skip"))
	}
	t, err := encode.ReadTable(data)
	if err != nil {
		return rep, err
	}
	rep.Encoding, rep.Delimiter, rep.Header = t.Encoding, string(t.Delimiter), t.Header
	rep.Mapping = o.Mapping
	if rep.Mapping == nil {
		rep.Mapping = commons.AutoMap(kind, t.Header, o.Labels)
		for i, h := range t.Header {
			if field, ok := o.Overrides[h]; ok {
				rep.Mapping[i] = field
			}
		}
	}
	if len(rep.Mapping) != len(t.Header) {
		return rep, commons.Errorf(commons.CodeInvalid, "csvimport.error.mapping_length", "Columns", len(t.Header))
	}
	if err := commons.CheckMapping(kind, rep.Mapping); err != nil {
		return rep, err
	}
	rows := make([]map[string]string, len(t.Rows))
	for i, r := range t.Rows {
		if t.Long[i] {
			continue // refused by the plan: more cells than columns
		}
		cells := map[string]string{}
		for j, field := range rep.Mapping {
			if field != "" {
				cells[field] = r[j]
			}
		}
		rows[i] = cells
	}
	var batch store.ImportBatch
	switch kind {
	case commons.ImportOrganizations:
		rep.Rows, batch, err = a.planOrganizations(ctx, s, rows)
	case commons.ImportResources:
		rep.Rows, batch, err = a.planResources(ctx, s, rows)
	case commons.ImportActivities:
		rep.Rows, batch, err = a.planActivities(ctx, s, rows)
	case commons.ImportMembers:
		rep.Rows, batch, err = a.planMembers(ctx, s, rows)
	}
	if err != nil {
		return rep, err
	}
	for i := range rep.Rows {
		rep.Rows[i].Line = t.Lines[i]
		switch rep.Rows[i].Outcome {
		case commons.OutcomeCreated:
			rep.Created++
		case commons.OutcomeUpdated:
			rep.Updated++
		case commons.OutcomeUnchanged:
			rep.Unchanged++
		case commons.OutcomeRefused:
			rep.Refused++
		}
	}
	if !o.Apply || (o.Mode == commons.ImportAllOrNothing && rep.Refused > 0) {
		return rep, nil
	}
	if err := a.Store.ApplyImport(ctx, s.Community, s.Actor.ID, batch); err != nil {
		return rep, err
	}
	for _, venue := range batch.TrustedVenues {
		if err := a.Store.TouchResourceTrust(ctx, s.Community.ID, venue, s.Actor.ID); err != nil {
			return rep, err
		}
	}
	rep.Applied = true
	return rep, nil
}

// rowKeys finds rows that name the same thing as an earlier row.
type rowKeys map[string]int

// claim records a row's key, or says which earlier line holds it.
func (k rowKeys) claim(key string, line int) (int, bool) {
	if prev, ok := k[key]; ok {
		return prev, false
	}
	k[key] = line
	return 0, true
}

// planRows plans each row of a file with plan, in order, sharing one
// rowKeys so that a row naming the same thing as an earlier one is caught.
// A row with more cells than columns (nil) is refused before plan sees it.
func planRows(rows []map[string]string, plan func(i int, r *ImportRow, cells map[string]string, keys rowKeys)) []ImportRow {
	out := make([]ImportRow, len(rows))
	keys := rowKeys{}
	for i, cells := range rows {
		r := &out[i]
		if cells == nil {
			refuse(r, "", commons.Msg("csvimport.error.long_row"))
			continue
		}
		plan(i, r, cells, keys)
	}
	return out
}

// planOrganizations plans rows of organizations: a new one as
// CreateOrganization makes it (the importer its admin), a change to one
// by UpdateOrganization's rule — its admins only (CanManageOrganization).
func (a *App) planOrganizations(ctx context.Context, s Scope, rows []map[string]string) ([]ImportRow, store.ImportBatch, error) {
	var batch store.ImportBatch
	if err := s.Require(commons.ActionCreateOrganization); err != nil {
		return nil, batch, err
	}
	existing, err := a.Store.AllOrganizations(ctx, s.Community.ID, false)
	if err != nil {
		return nil, batch, err
	}
	roles, err := a.orgRoles(ctx, s)
	if err != nil {
		return nil, batch, err
	}
	byID, byName := map[string]commons.Organization{}, map[string]commons.Organization{}
	for _, o := range existing {
		byID[o.ID] = o
		byName[strings.ToLower(o.Name)] = o
	}
	out := planRows(rows, func(i int, r *ImportRow, cells map[string]string, keys rowKeys) {
		id, name := strings.TrimSpace(cells["id"]), strings.TrimSpace(cells["name"])
		r.Key = name
		base, found := byID[id], id != ""
		if found {
			if _, ok := byID[id]; !ok {
				refuse(r, "id", commons.Msg("csvimport.error.no_such_id"))
				return
			}
		} else {
			base, found = byName[strings.ToLower(name)]
		}
		key := "name:" + strings.ToLower(name)
		if found {
			key = "id:" + base.ID
		}
		if prev, ok := keys.claim(key, i); !ok {
			refuse(r, "", commons.Msg("csvimport.error.duplicate", "Row", prev+1))
			return
		}
		f, problems := commons.OrganizationFromCells(cells, base)
		if r.Key == "" {
			r.Key = f.Name
		}
		if len(problems) > 0 {
			refuseAll(r, problems, nil, nil)
			return
		}
		after := base
		after.Name, after.Sector, after.Description, after.Website, after.Email, after.Address = f.Name, f.Sector, f.Description, f.Website, f.Email, f.Address
		after.Place, after.Contact = f.Place, f.Contact
		if !found {
			r.Outcome = commons.OutcomeCreated
			batch.NewOrganizations = append(batch.NewOrganizations, f)
			return
		}
		if r.Changed = commons.ChangedColumns(commons.ImportOrganizations, commons.OrganizationCells(base), commons.OrganizationCells(after)); len(r.Changed) == 0 {
			r.Outcome = commons.OutcomeUnchanged
			return
		}
		if !commons.CanManageOrganization(roles[base.ID]) {
			r.Changed = nil
			refuse(r, "", commons.Msg("csvimport.error.not_organization_editor", "Name", base.Name))
			return
		}
		r.Outcome = commons.OutcomeUpdated
		batch.Organizations = append(batch.Organizations, after)
	})
	return out, batch, nil
}

// organizationNames are a community's organizations by lower-case name,
// and their names by id, for rows that name them.
func (a *App) organizationNames(ctx context.Context, c commons.Community) (map[string]commons.Organization, map[string]string, error) {
	orgs, err := a.Store.AllOrganizations(ctx, c.ID, false)
	if err != nil {
		return nil, nil, err
	}
	byName, name := map[string]commons.Organization{}, map[string]string{}
	for _, o := range orgs {
		byName[strings.ToLower(o.Name)] = o
		name[o.ID] = o.Name
	}
	return byName, name, nil
}

// resourceColumnOf names the column of a resource's validated field.
var resourceColumnOf = map[string]string{"hours": "opening_hours", "closed": "closed_dates", "organization_id": "organization"}

// planResources plans rows of resources: a new one as CreateResource
// makes it (the importer's own, or an organization's they administer), a
// change to one by the rule of its edit form (MayEditResource: its owner
// or an admin of its organization).
func (a *App) planResources(ctx context.Context, s Scope, rows []map[string]string) ([]ImportRow, store.ImportBatch, error) {
	var batch store.ImportBatch
	if err := s.Require(commons.ActionPublishResource); err != nil {
		return nil, batch, err
	}
	c := s.Community
	orgByName, orgName, err := a.organizationNames(ctx, c)
	if err != nil {
		return nil, batch, err
	}
	roles, err := a.orgRoles(ctx, s)
	if err != nil {
		return nil, batch, err
	}
	existing, avs, err := a.Store.AllResources(ctx, c.ID, false)
	if err != nil {
		return nil, batch, err
	}
	owner := func(r commons.Resource) string {
		if r.OwnerOrgID != "" {
			return r.OwnerOrgID
		}
		return "user:" + r.OwnerUserID
	}
	byID, byKey := map[string]commons.Resource{}, map[string]commons.Resource{}
	for _, r := range existing {
		byID[r.ID] = r
		byKey[owner(r)+"\x00"+strings.ToLower(r.Title)] = r
	}
	features := AccessibilityFeatures(c)
	out := planRows(rows, func(i int, r *ImportRow, cells map[string]string, keys rowKeys) {
		id, title := strings.TrimSpace(cells["id"]), strings.TrimSpace(cells["title"])
		r.Key = title
		orgCell, hasOrg := cells["organization"]
		orgCell = strings.TrimSpace(orgCell)
		ownerKey := "user:" + s.Actor.ID
		if orgCell != "" {
			o, ok := orgByName[strings.ToLower(orgCell)]
			if !ok {
				refuse(r, "organization", commons.Msg("csvimport.error.no_such_organization", "Name", orgCell))
				return
			}
			ownerKey = o.ID
		}
		base, found := byID[id], id != ""
		if found {
			if _, ok := byID[id]; !ok {
				refuse(r, "id", commons.Msg("csvimport.error.no_such_id"))
				return
			}
			// An empty organization keeps a person's resource theirs.
			if hasOrg && owner(base) != ownerKey && !(orgCell == "" && base.OwnerUserID != "") {
				refuse(r, "organization", commons.Msg("csvimport.error.owner_change"))
				return
			}
		} else {
			base, found = byKey[ownerKey+"\x00"+strings.ToLower(title)]
		}
		key := "new:" + ownerKey + "\x00" + strings.ToLower(title)
		if found {
			key = "id:" + base.ID
		}
		if prev, ok := keys.claim(key, i); !ok {
			refuse(r, "", commons.Msg("csvimport.error.duplicate", "Row", prev+1))
			return
		}
		baseAv := avs[base.ID]
		f, av, problems := commons.ResourceFromCells(cells, base, baseAv)
		if !found && ownerKey != "user:"+s.Actor.ID {
			f.OwnerOrgID = ownerKey
		}
		var v commons.Validator
		f.Validate(&v, features)
		validateAvailability(&v, &av)
		if err := v.Err(); err != nil || len(problems) > 0 {
			refuseAll(r, problems, err, resourceColumnOf)
			return
		}
		_, setAv := cells["opening_hours"]
		if _, ok := cells["closed_dates"]; ok {
			setAv = true
		}
		after := resourceOf(base, f)
		if !found {
			if f.OwnerOrgID != "" && !commons.CanManageOrganization(roles[f.OwnerOrgID]) {
				refuse(r, "organization", commons.Msg("csvimport.error.not_organization_sharer", "Name", orgName[f.OwnerOrgID]))
				return
			}
			r.Outcome = commons.OutcomeCreated
			batch.NewResources = append(batch.NewResources, store.ImportedResource{Fields: f, Availability: av, SetAvailability: setAv})
			return
		}
		r.Changed = commons.ChangedColumns(commons.ImportResources, commons.ResourceCells(base, orgName[base.OwnerOrgID], baseAv),
			commons.ResourceCells(after, orgName[after.OwnerOrgID], av))
		if len(r.Changed) == 0 {
			r.Outcome = commons.OutcomeUnchanged
			return
		}
		if !commons.MayEditResource(ownerStanding(s.Actor.ID, base, roles[base.OwnerOrgID])) {
			r.Changed = nil
			refuse(r, "", commons.Msg("csvimport.error.not_resource_editor"))
			return
		}
		r.Outcome = commons.OutcomeUpdated
		batch.Resources = append(batch.Resources, store.ImportedResource{ID: base.ID, Fields: f, Availability: av, SetAvailability: setAv})
	})
	return out, batch, nil
}

// resourceOf is base with the fields f.
func resourceOf(base commons.Resource, f commons.ResourceFields) commons.Resource {
	r := base
	r.Kind, r.Title, r.Description, r.Address, r.Latitude, r.Longitude = f.Kind, f.Title, f.Description, f.Address, f.Latitude, f.Longitude
	r.Place = f.Place
	r.Capacity, r.Accessibility, r.Terms, r.TermsNote, r.Bookable, r.Approval = f.Capacity, f.Accessibility, f.Terms, f.TermsNote, f.Bookable, f.Approval
	r.MaxHoursPerWeek, r.MaxFutureBookings, r.PublicTitles, r.TrustLapseDays = f.MaxHoursPerWeek, f.MaxFutureBookings, f.PublicTitles, f.TrustLapseDays
	return r
}

func refuse(r *ImportRow, column string, m commons.Message) {
	r.Outcome = commons.OutcomeRefused
	r.Problems = append(r.Problems, ImportProblem{Column: column, Message: m})
}

// refuseAll refuses a row for the problems of its cells and of its
// validation, each beside its column, in the kind's column order.
func refuseAll(r *ImportRow, problems map[string]commons.Message, err error, columnOf map[string]string) {
	if e := commons.ErrorOf(err); err != nil {
		if len(e.Fields) == 0 {
			problems[""] = e.Message
		}
		for field, m := range e.Fields {
			col := field
			if c, ok := columnOf[field]; ok {
				col = c
			}
			if _, ok := problems[col]; !ok {
				problems[col] = m
			}
		}
	}
	r.Outcome = commons.OutcomeRefused
	for _, kind := range commons.ImportKinds {
		for _, col := range commons.ImportColumns(kind) {
			if m, ok := problems[col]; ok {
				r.Problems = append(r.Problems, ImportProblem{Column: col, Message: m})
				delete(problems, col)
			}
		}
	}
	for col, m := range problems {
		r.Problems = append(r.Problems, ImportProblem{Column: col, Message: m})
	}
}

// ExportCSV writes a community's organizations or resources in the shape
// ImportCSV reads (docs/CSV.md), as the reader sees them: what the
// directory shows, contacts only for members unless public.
func (a *App) ExportCSV(ctx context.Context, s Scope, kind commons.ImportKind, w io.Writer) error {
	header := commons.ImportColumns(kind)
	var rows [][]string
	line := func(cells map[string]string) {
		row := make([]string, len(header))
		for i, c := range header {
			row[i] = cells[c]
		}
		rows = append(rows, row)
	}
	switch kind {
	case commons.ImportOrganizations:
		os, err := a.Store.AllOrganizations(ctx, s.Community.ID, true)
		if err != nil {
			return err
		}
		for _, o := range os {
			o.Contact = o.Contact.ShownTo(s.Member != nil)
			line(commons.OrganizationCells(o))
		}
	case commons.ImportResources:
		_, names, err := a.organizationNames(ctx, s.Community)
		if err != nil {
			return err
		}
		rs, avs, err := a.Store.AllResources(ctx, s.Community.ID, true)
		if err != nil {
			return err
		}
		for _, r := range rs {
			line(commons.ResourceCells(r, names[r.OwnerOrgID], avs[r.ID]))
		}
	case commons.ImportActivities:
		if err := a.exportActivities(ctx, s, line); err != nil {
			return err
		}
	case commons.ImportMembers:
		if err := a.exportMembers(ctx, s, line); err != nil {
			return err
		}
	default:
		return commons.NotFound()
	}
	return encode.WriteTable(w, header, rows)
}

// importUploadLife is how long an uploaded file waits for its preview to
// be applied.
const importUploadLife = time.Hour

// SaveImportUpload keeps an uploaded CSV file in the database for an hour,
// so that the preview page and the apply form — served by any node — can
// name it by id instead of carrying it. Editors only.
func (a *App) SaveImportUpload(ctx context.Context, s Scope, kind commons.ImportKind, data []byte) (string, error) {
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return "", err
	}
	if !commons.ValidImportKind(kind) {
		return "", commons.NotFound()
	}
	if len(data) > encode.MaxImportBytes {
		return "", commons.Errorf(commons.CodeTooLarge, "csvimport.error.too_large", "MB", encode.MaxImportBytes>>20)
	}
	return a.Store.SaveImportUpload(ctx, s.Community.ID, s.Actor.ID, string(kind), data, importUploadLife)
}

// ImportUpload returns a file the actor uploaded in this community and its
// kind; another person's, or an expired one, is not found.
func (a *App) ImportUpload(ctx context.Context, s Scope, id string) (commons.ImportKind, []byte, error) {
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return "", nil, err
	}
	kind, data, err := a.Store.ImportUpload(ctx, s.Community.ID, s.Actor.ID, id)
	return commons.ImportKind(kind), data, err
}

// ImportLabels are a kind's column names in the reader's language, keyed
// by commons.ColumnKey, for commons.AutoMap.
func ImportLabels(l *i18n.Localizer, k commons.ImportKind) map[string]string {
	out := map[string]string{}
	for _, c := range commons.ImportColumns(k) {
		out[commons.ColumnKey(l.T("csvimport.column."+c))] = c
	}
	return out
}

// MayImport says whether the actor may import into the community: its
// editors may (ActionEditCommunity), as ImportCSV enforces.
func (a *App) MayImport(s Scope) error { return s.Require(commons.ActionEditCommunity) }
