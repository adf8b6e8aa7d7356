package encode

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/commons-project/commons/internal/commons"
)

// Registrant is one row of an occurrence's list of people: its position
// in arrival order, the person's name as the reader may see it ("" when
// they may not), and their place.
type Registrant struct {
	Position int
	Name     string
	Status   commons.RegistrationStatus
}

// RegistrationsCSV writes an occurrence's list of people for a
// spreadsheet, under a header row, names kept from being read as
// formulas.
func RegistrationsCSV(w io.Writer, rows []Registrant) error {
	out := csv.NewWriter(w)
	out.Write([]string{"position", "name", "status"})
	for _, r := range rows {
		out.Write([]string{strconv.Itoa(r.Position), safeCell(r.Name), string(r.Status)})
	}
	out.Flush()
	return out.Error()
}
