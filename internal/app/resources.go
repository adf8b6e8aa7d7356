package app

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png" // photos may come as PNG; achievement images are kept as PNG
	"slices"
	"strings"
	"time"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // and as WebP

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// AccessibilityFeatures lists the features a community's resources may
// name: the standard ones and the community's own.
func AccessibilityFeatures(c commons.Community) []string {
	return append(slices.Clone(commons.StandardAccessibility), c.AccessibilityFeatures...)
}

// ResourceView is a resource as one reader sees it: with the answers of
// the rules about it for them (commons.MayEditResource, …), which pages
// show controls from and the use cases enforce.
type ResourceView struct {
	commons.Resource
	May ResourceMay
	// standing is what the reader is to the resource, for the bookings
	// and trust listed with it.
	standing commons.ResourceStanding
}

// ResourceMay answers, for one reader, what they may do to a resource.
type ResourceMay struct {
	// Edit: its fields, hours and photo (commons.MayEditResource).
	Edit bool
	// Decide: confirm or decline its booking requests, and trust others
	// for it (commons.MayDecideBookings).
	Decide bool
	// Book: ask for a slot (commons.MayBook).
	Book bool
	// Archive: archive it, or restore it (commons.MayArchiveResource).
	Archive bool
}

// CreateResource publishes a resource. A member may share what is theirs,
// or what an organization shares when they administer it.
func (a *App) CreateResource(ctx context.Context, s Scope, f commons.ResourceFields) (commons.Resource, error) {
	if err := s.Require(commons.ActionPublishResource); err != nil {
		return commons.Resource{}, err
	}
	c := s.Community
	f.Normalize()
	var v commons.Validator
	f.Validate(&v, AccessibilityFeatures(c))
	if err := v.Err(); err != nil {
		return commons.Resource{}, err
	}
	if f.OwnerOrgID != "" {
		o, err := a.Store.OrganizationInCommunity(ctx, c.ID, f.OwnerOrgID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return commons.Resource{}, invalid("organization_id", commons.Msg("error.resource.no_such_organization"))
		}
		if err != nil {
			return commons.Resource{}, err
		}
		role, err := a.orgRole(ctx, s, o)
		if err != nil {
			return commons.Resource{}, err
		}
		if !commons.CanManageOrganization(role) {
			return commons.Resource{}, commons.Errorf(commons.CodeForbidden, "error.resource.not_org_admin")
		}
	}
	return a.Store.CreateResource(ctx, c, f, s.Actor.ID)
}

// OrganizationsToShareFor lists the organizations on whose behalf the
// actor may share a resource: those they administer (as CreateResource
// checks).
func (a *App) OrganizationsToShareFor(ctx context.Context, s Scope) ([]commons.Organization, error) {
	if s.Actor == nil {
		return nil, nil
	}
	orgs, roles, err := a.Store.UserOrganizations(ctx, s.Community.ID, s.Actor.ID)
	if err != nil {
		return nil, err
	}
	var out []commons.Organization
	for i, o := range orgs {
		if commons.CanManageOrganization(roles[i]) {
			out = append(out, o)
		}
	}
	return out, nil
}

// Resource returns a resource of the scope's community as the reader sees
// it: not found when it is hidden from them.
func (a *App) Resource(ctx context.Context, s Scope, id string) (ResourceView, error) {
	r, err := a.Store.ResourceInCommunity(ctx, s.Community.ID, id)
	if err != nil {
		return ResourceView{}, err
	}
	if err := a.ShownResource(s, r); err != nil {
		return ResourceView{}, err
	}
	return a.resourceView(ctx, s, r)
}

// ResourceIn returns a resource of the given community, without the
// reader's view of it (for other use cases that name a resource: a venue).
func (a *App) ResourceIn(ctx context.Context, c commons.Community, id string) (commons.Resource, error) {
	return a.Store.ResourceInCommunity(ctx, c.ID, id)
}

// resourceView answers the rules about a resource for the scope's actor.
func (a *App) resourceView(ctx context.Context, s Scope, r commons.Resource) (ResourceView, error) {
	st, err := a.standing(ctx, s.Actor, r)
	if err != nil {
		return ResourceView{}, err
	}
	rs := []commons.Resource{r}
	if err := a.hideResourceOwners(ctx, s, rs); err != nil {
		return ResourceView{}, err
	}
	r = rs[0]
	return ResourceView{Resource: r, standing: st, May: ResourceMay{Edit: commons.MayEditResource(st),
		Decide: commons.MayDecideBookings(st), Book: commons.MayBook(s.Member, r), Archive: commons.MayArchiveResource(st)}}, nil
}

// standing finds what a person is to a resource.
func (a *App) standing(ctx context.Context, actor *commons.User, r commons.Resource) (commons.ResourceStanding, error) {
	if actor == nil {
		return commons.ResourceStanding{}, nil
	}
	var role commons.OrgRole
	if r.OwnerOrgID != "" {
		var err error
		if role, err = a.Store.OrgRole(ctx, r.CommunityID, r.OwnerOrgID, actor.ID); err != nil {
			return commons.ResourceStanding{}, err
		}
	}
	st := ownerStanding(actor.ID, r, role)
	var err error
	st.Trusted, err = a.trustHolds(ctx, actor, r)
	return st, err
}

// ownerStanding is what a person is to a resource as its owner, or by
// their role in the organization that owns it; trust is left out (what
// MayEditResource needs, for many resources at once).
func ownerStanding(userID string, r commons.Resource, role commons.OrgRole) commons.ResourceStanding {
	return commons.ResourceStanding{UserID: userID, Owner: r.OwnerUserID != "" && r.OwnerUserID == userID, OrgRole: role}
}

// ResourceFilter is what a directory reader asks for.
type ResourceFilter = store.ResourceFilter

// Resources lists a community's resources. Asked for those free between
// two times, it keeps the ones open then with no booking in the way.
func (a *App) Resources(ctx context.Context, s Scope, f ResourceFilter) ([]commons.Resource, string, error) {
	c := s.Community
	var v commons.Validator
	if f.Kind != "" {
		commons.OneOf(&v, "kind", f.Kind, commons.Kinds)
	}
	if f.Sector != "" {
		commons.OneOf(&v, "sector", f.Sector, commons.Sectors)
	}
	if f.FreeFrom.IsZero() != f.FreeTo.IsZero() {
		missing := "free_from"
		if f.FreeTo.IsZero() {
			missing = "free_to"
		}
		v.Fail(missing, commons.Msg("error.field.required"))
	} else if !f.FreeFrom.IsZero() && !f.FreeTo.After(f.FreeFrom) {
		v.Fail("free_to", commons.Msg("error.booking.end_before_start"))
	} else if !f.FreeFrom.IsZero() && f.FreeTo.Sub(f.FreeFrom) > commons.MaxBookingLength {
		v.Fail("free_to", commons.Msg("error.booking.too_long"))
	}
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	list, next, err := a.Store.ListResources(ctx, c, f)
	if err == nil {
		err = a.hideResourceOwners(ctx, s, list)
	}
	if err != nil || f.FreeFrom.IsZero() {
		return list, next, err
	}
	loc := location(c)
	kept := list[:0]
	for _, r := range list {
		av, err := a.Store.Availability(ctx, c.ID, r.ID)
		if err != nil {
			return nil, "", err
		}
		if av.Allows(f.FreeFrom, f.FreeTo, loc) {
			kept = append(kept, r)
		}
	}
	return kept, next, nil
}

// location is a community's time zone; validated when it was set.
func location(c commons.Community) *time.Location {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Location is the time zone a community's times are shown and checked in.
func (a *App) Location(c commons.Community) *time.Location { return location(c) }

// trustHolds reports whether a person holds trust for a resource that has
// not lapsed through disuse.
func (a *App) trustHolds(ctx context.Context, actor *commons.User, r commons.Resource) (bool, error) {
	if actor == nil {
		return false, nil
	}
	last, ok, err := a.Store.ResourceTrustLastUsed(ctx, r.CommunityID, r.ID, actor.ID)
	if err != nil || !ok {
		return false, err
	}
	if r.TrustLapseDays != nil && a.Now().Sub(last) > time.Duration(*r.TrustLapseDays)*24*time.Hour {
		return false, nil
	}
	return true, nil
}

// IsSteward reports whether a person decides a resource's bookings
// (commons.MayDecideBookings).
func (a *App) IsSteward(ctx context.Context, actor *commons.User, r commons.Resource) (bool, error) {
	st, err := a.standing(ctx, actor, r)
	return commons.MayDecideBookings(st), err
}

// resourceToManage finds a resource of the scope's community that the
// actor may edit (commons.MayEditResource).
func (a *App) resourceToManage(ctx context.Context, s Scope, id string) (ResourceView, error) {
	if s.Actor == nil {
		return ResourceView{}, commons.Unauthenticated()
	}
	r, err := a.Store.ResourceInCommunity(ctx, s.Community.ID, id)
	if err != nil {
		return ResourceView{}, err
	}
	rv, err := a.resourceView(ctx, s, r)
	if err == nil && !rv.May.Edit {
		err = commons.Forbidden()
	}
	return rv, err
}

// EditableResource returns a resource and its opening hours for the edit
// form; those who may edit it only.
func (a *App) EditableResource(ctx context.Context, s Scope, id string) (ResourceView, commons.Availability, error) {
	rv, err := a.resourceToManage(ctx, s, id)
	if err != nil {
		return rv, commons.Availability{}, err
	}
	av, err := a.Availability(ctx, rv.Resource)
	return rv, av, err
}

// UpdateResourceAndAvailability edits a resource and its opening hours
// together: everything is checked first, and saved in one transaction, so
// a mistake in the hours leaves the fields unsaved too.
func (a *App) UpdateResourceAndAvailability(ctx context.Context, s Scope, id string, f commons.ResourceFields, av commons.Availability) (commons.Resource, error) {
	rv, err := a.resourceToManage(ctx, s, id)
	if err != nil {
		return rv.Resource, err
	}
	f.OwnerOrgID = rv.OwnerOrgID
	f.Normalize()
	var v commons.Validator
	f.Validate(&v, AccessibilityFeatures(s.Community))
	validateAvailability(&v, &av)
	if err := v.Err(); err != nil {
		return rv.Resource, err
	}
	if err := a.Store.UpdateResourceAndAvailability(ctx, s.Community, rv.ID, f, av); err != nil {
		return rv.Resource, err
	}
	return a.Store.ResourceInCommunity(ctx, s.Community.ID, id)
}

// ReplaceResource edits a resource from a request that may leave parts
// of its location out, which stay (commons.ResourceReplacement); its
// managers only.
func (a *App) ReplaceResource(ctx context.Context, s Scope, id string, rp commons.ResourceReplacement) (commons.Resource, error) {
	rv, err := a.resourceToManage(ctx, s, id)
	if err != nil {
		return rv.Resource, err
	}
	f := rp.Apply(rv.Resource)
	f.OwnerOrgID = rv.OwnerOrgID
	f.Normalize()
	var v commons.Validator
	f.Validate(&v, AccessibilityFeatures(s.Community))
	if err := v.Err(); err != nil {
		return rv.Resource, err
	}
	if err := a.Store.UpdateResource(ctx, s.Community, rv.ID, f); err != nil {
		return rv.Resource, err
	}
	return a.Store.ResourceInCommunity(ctx, s.Community.ID, rv.ID)
}

// Availability returns when a resource may be booked.
func (a *App) Availability(ctx context.Context, r commons.Resource) (commons.Availability, error) {
	return a.Store.Availability(ctx, r.CommunityID, r.ID)
}

// SetAvailability replaces a resource's opening hours and closed dates.
func (a *App) SetAvailability(ctx context.Context, s Scope, id string, av commons.Availability) error {
	r, err := a.resourceToManage(ctx, s, id)
	if err != nil {
		return err
	}
	var v commons.Validator
	validateAvailability(&v, &av)
	if err := v.Err(); err != nil {
		return err
	}
	return a.Store.SetAvailability(ctx, r.CommunityID, r.ID, av)
}

// validateAvailability checks opening hours and closed dates.
func validateAvailability(v *commons.Validator, av *commons.Availability) {
	for i, h := range av.Hours {
		if h.Opens < 0 || h.Closes > 1440 || h.Closes <= h.Opens || h.Weekday < 0 || h.Weekday > 6 {
			v.Fail("hours", commons.Msg("error.availability.hours"))
		}
		for _, o := range av.Hours[:i] {
			if o.Weekday == h.Weekday && o.Opens < h.Closes && h.Opens < o.Closes {
				v.Fail("hours", commons.Msg("error.availability.overlap"))
			}
		}
	}
	if len(av.Hours) > 50 || len(av.Closed) > 400 {
		v.Fail("hours", commons.Msg("error.field.too_many", "Max", 400))
	}
	for i, c := range av.Closed {
		av.Closed[i].Reason = strings.TrimSpace(c.Reason)
		if _, err := time.Parse("2006-01-02", c.Day); err != nil {
			v.Fail("closed", commons.Msg("error.availability.day"))
		}
		v.Line("closed", av.Closed[i].Reason, false, commons.MaxShortTextLen)
		for _, o := range av.Closed[:i] {
			if o.Day == c.Day {
				v.Fail("closed", commons.Msg("error.availability.day_twice"))
			}
		}
	}
}

// Photo limits: what people may send, and the size the server keeps.
const (
	MaxPhotoBytes  = 5 << 20
	maxPhotoPixels = 40_000_000 // refuse decompression bombs before decoding
	// maxPhotoDecoded bounds the memory one decoded photo takes, worked
	// out from its header before decoding: a 300 KB PNG of 6,324 × 6,324
	// 16-bit pixels would otherwise take 320 MB (issue 21). 32 million
	// pixels of a camera's JPEG fit; photoDecodes bounds how many at once.
	maxPhotoDecoded = 96 << 20
	photoWidth      = 1200
)

// decodedBytes is how much memory Go's decoders take for an image of this
// header: its pixels times the bytes its colour model keeps per pixel.
func decodedBytes(cfg image.Config) int64 {
	per := int64(4)
	switch cfg.ColorModel {
	case color.GrayModel, color.AlphaModel:
		per = 1
	case color.Gray16Model, color.Alpha16Model:
		per = 2
	case color.YCbCrModel:
		per = 3 // at most: 4:4:4; subsampled JPEGs take less
	case color.NYCbCrAModel:
		per = 4
	case color.RGBA64Model, color.NRGBA64Model:
		per = 8
	default:
		if _, ok := cfg.ColorModel.(color.Palette); ok {
			per = 1
		}
	}
	return int64(cfg.Width) * int64(cfg.Height) * per
}

// SetPhoto decodes a JPEG, PNG or WebP photo, scales it to fit 1200 × 1200
// pixels and keeps it as JPEG. Re-encoding drops whatever else the
// file carried (location metadata, scripts in disguise).
func (a *App) SetPhoto(ctx context.Context, s Scope, id string, data []byte) error {
	r, err := a.resourceToManage(ctx, s, id)
	if err != nil {
		return err
	}
	if len(data) > MaxPhotoBytes {
		return commons.Errorf(commons.CodeTooLarge, "error.too_large", "Limit", "5 MiB")
	}
	// A few decodes at a time, as with password hashes: each may take
	// up to maxPhotoDecoded, and many at once would take the machine's
	// memory; the others wait their turn.
	select {
	case a.decodeSlots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	out, err := photoJPEG(data)
	<-a.decodeSlots
	if err != nil {
		return err
	}
	return a.Store.SetPhoto(ctx, r.CommunityID, r.ID, "image/jpeg", out)
}

// photoJPEG decodes a JPEG, PNG or WebP photo of untrusted origin and
// writes it as a JPEG that fits photoWidth × photoWidth. It refuses
// images whose decoded pixels would pass maxPhotoDecoded from their
// header alone, before decoding.
func photoJPEG(data []byte) ([]byte, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png" && format != "webp") {
		return nil, invalid("photo", commons.Msg("error.photo.format"))
	}
	if cfg.Width < 1 || cfg.Height < 1 || int64(cfg.Width)*int64(cfg.Height) > maxPhotoPixels || decodedBytes(cfg) > maxPhotoDecoded {
		return nil, invalid("photo", commons.Msg("error.photo.dimensions"))
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, invalid("photo", commons.Msg("error.photo.format"))
	}
	// Fit within photoWidth × photoWidth, keeping the proportions (JPEG
	// cannot hold a side over 65,535 pixels, and no page needs more).
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > photoWidth {
		w, h = photoWidth, max(1, h*photoWidth/b.Dx())
	}
	if h > photoWidth {
		w, h = max(1, w*photoWidth/h), photoWidth
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Over, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 82}); err != nil {
		return nil, commons.Internal(err)
	}
	return out.Bytes(), nil
}

// fittedPNG decodes an image of untrusted origin (JPEG, PNG or WebP), as
// photoJPEG does, and writes it as a PNG that fits side × side.
func fittedPNG(data []byte, side int) ([]byte, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png" && format != "webp") {
		return nil, invalid("image", commons.Msg("error.photo.format"))
	}
	if cfg.Width < 1 || cfg.Height < 1 || int64(cfg.Width)*int64(cfg.Height) > maxPhotoPixels || decodedBytes(cfg) > maxPhotoDecoded {
		return nil, invalid("image", commons.Msg("error.photo.dimensions"))
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, invalid("image", commons.Msg("error.photo.format"))
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > side {
		w, h = side, max(1, h*side/b.Dx())
	}
	if h > side {
		w, h = max(1, w*side/h), side
	}
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Over, nil)
	var out bytes.Buffer
	if err := png.Encode(&out, dst); err != nil {
		return nil, commons.Internal(err)
	}
	return out.Bytes(), nil
}

// Photo returns a resource's photo.
func (a *App) Photo(ctx context.Context, r commons.Resource) ([]byte, string, time.Time, error) {
	return a.Store.Photo(ctx, r.CommunityID, r.ID)
}

// TrustForResource lets a member book a resource without asking. Its
// stewards may give it, and so may those who already hold it.
func (a *App) TrustForResource(ctx context.Context, s Scope, resourceID, userID string) error {
	r, err := a.stewardOf(ctx, s, resourceID)
	if err != nil {
		return err
	}
	if userID == s.Actor.ID {
		return invalid("user_id", commons.Msg("error.trust.self"))
	}
	m, err := a.Store.Member(ctx, r.CommunityID, userID)
	if commons.CodeOf(err) == commons.CodeNotFound || (err == nil && m.Status != commons.MemberActive) {
		return invalid("user_id", commons.Msg("error.not_a_member"))
	}
	if err != nil {
		return err
	}
	return a.Store.TrustForResource(ctx, r.CommunityID, r.ID, userID, s.Actor.ID)
}

// RevokeResourceTrust takes trust for a resource back
// (commons.MayRevokeResourceTrust).
func (a *App) RevokeResourceTrust(ctx context.Context, s Scope, resourceID, userID string) error {
	r, err := a.stewardOf(ctx, s, resourceID)
	if err != nil {
		return err
	}
	giver := ""
	if !r.May.Edit { // only then does the giver matter
		if giver, err = a.Store.ResourceTrustGiver(ctx, r.CommunityID, r.ID, userID); err != nil {
			return err
		}
	}
	if !commons.MayRevokeResourceTrust(r.standing, giver) {
		return commons.Errorf(commons.CodeForbidden, "error.booking.not_steward")
	}
	return a.Store.RevokeResourceTrust(ctx, r.CommunityID, r.ID, userID, s.Actor.ID)
}

// TrustedView is a person trusted for a resource, with whether the reader
// may take that trust back.
type TrustedView struct {
	store.TrustedPerson
	May struct{ Revoke bool }
}

// ResourceTrusted lists who is trusted for a resource; its stewards only.
func (a *App) ResourceTrusted(ctx context.Context, r ResourceView) ([]TrustedView, error) {
	if !r.May.Decide {
		return nil, commons.Forbidden()
	}
	people, err := a.Store.ResourceTrusted(ctx, r.CommunityID, r.ID)
	if err != nil {
		return nil, err
	}
	out := make([]TrustedView, len(people))
	for i, p := range people {
		out[i].TrustedPerson = p
		out[i].May.Revoke = commons.MayRevokeResourceTrust(r.standing, p.GivenBy)
	}
	return out, nil
}

// stewardOf finds a resource of the scope's community whose bookings the
// actor decides (commons.MayDecideBookings).
func (a *App) stewardOf(ctx context.Context, s Scope, resourceID string) (ResourceView, error) {
	if s.Actor == nil {
		return ResourceView{}, commons.Unauthenticated()
	}
	r, err := a.Store.ResourceInCommunity(ctx, s.Community.ID, resourceID)
	if err != nil {
		return ResourceView{}, err
	}
	rv, err := a.resourceView(ctx, s, r)
	if err == nil && !rv.May.Decide {
		err = commons.Errorf(commons.CodeForbidden, "error.booking.not_steward")
	}
	return rv, err
}
