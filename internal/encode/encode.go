// Package encode holds the open formats Commons writes for other programs:
// iCalendar feeds, schema.org JSON-LD, CSV exports, and the open-data
// formats to come. Each encoder takes domain values, and whatever links
// and words the caller has already made (it builds no web addresses and
// knows no language), and writes to an io.Writer; encoders of what can be
// large take their input a page at a time.
package encode
