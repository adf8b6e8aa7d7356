package store

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// SeriesOrganizers lists who runs a series of activities: the people and
// organizations, as an activity's page shows them. Lists of occurrences
// leave them out; the open-data export needs the organizations.
func (s *Store) SeriesOrganizers(ctx context.Context, communityID, seriesID string) ([]commons.Organizer, error) {
	return s.organizers(ctx, communityID, seriesID)
}
