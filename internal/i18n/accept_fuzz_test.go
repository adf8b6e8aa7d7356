package i18n

import (
	"log/slog"
	"testing"
)

// FuzzChoose: any Accept-Language header (and any stored choice) picks a
// language the catalogs hold.
func FuzzChoose(f *testing.F) {
	for _, s := range []string{"ru-RU,ru;q=0.9,en;q=0.8", "cy", "*", "en-GB;q=abc", "zz-ZZ-x-private", ";;;,,,q=0", ""} {
		f.Add(s, "")
	}
	f.Add("", "ru")
	c, err := Load(slog.New(slog.DiscardHandler))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, header, choice string) {
		if lang := c.Choose(choice, header, []string{"ru", "xx"}); !c.Supported(lang) {
			t.Fatalf("Choose(%q, %q) = %q, not a catalog", choice, header, lang)
		}
	})
}
