package encode

import (
	"encoding/csv"
	"io"
)

// StoriesCSV writes rows (the first the header) as CSV, each cell safe
// from being read as a formula: the stories export of Most Significant
// Change. The rows come already as the reader may read them.
func StoriesCSV(w io.Writer, rows [][]string) error {
	out := csv.NewWriter(w)
	for _, r := range rows {
		safe := make([]string, len(r))
		for i, c := range r {
			safe[i] = safeCell(c)
		}
		if err := out.Write(safe); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}
