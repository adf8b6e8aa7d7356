package commons

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCutRecordValue(t *testing.T) {
	long := strings.Repeat("ŵ", RecordValueLimit+10)
	if got := CutRecordValue(long); got != strings.Repeat("ŵ", RecordValueLimit)+"…" {
		t.Errorf("cut to %d runes", utf8.RuneCountInString(got))
	}
	exact := strings.Repeat("a", RecordValueLimit)
	if got := CutRecordValue(exact); got != exact {
		t.Errorf("a value at the limit was cut")
	}
}
