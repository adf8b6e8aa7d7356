package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/region"
)

// generateRegion fills the database with a generated region (commons demo
// --scale N) and shows its progress: a bar on a terminal, a line per stage
// step otherwise (logs, CI).
func generateRegion(ctx context.Context, a *app.App, cfg config, stdout, stderr io.Writer) error {
	hash, err := argon2id.CreateHash(demo.Password, a.Argon2)
	if err != nil {
		return err
	}
	g := &region.Generator{
		Store:        a.Store,
		Counts:       region.CountsAt(cfg.scale),
		PasswordHash: hash,
		Seed:         cfg.seed,
		Now:          a.Now(),
		Progress:     progressPrinter(stderr, isTerminal(stderr)),
	}
	start := time.Now()
	if err := g.Run(ctx); err != nil {
		return fmt.Errorf("region: %w", err)
	}
	c := g.Counts
	fmt.Fprintf(stdout, "generated a region in %s (%s): %d communities, %d people, %d organizations, %d resources, %d bookings\n",
		time.Since(start).Round(100*time.Millisecond), a.Store.Engine(), c.Communities, c.People, c.Organizations, c.Resources, c.Bookings)
	fmt.Fprintf(stdout, "people sign in as %s … %s with the password %q; communities are /c/%s001 …\n",
		region.Email(0), region.Email(c.People-1), demo.Password, region.SlugPrefix)
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressPrinter draws a bar that redraws itself on a terminal, and
// otherwise prints a line each time a stage passes another tenth.
func progressPrinter(w io.Writer, terminal bool) region.Progress {
	lastTenth := map[string]int{}
	return func(stage string, done, total int) {
		if total <= 0 {
			return
		}
		if terminal {
			const width = 30
			filled := width * done / total
			fmt.Fprintf(w, "\r%-14s [%s%s] %3d%% %d/%d", stage, strings.Repeat("=", filled), strings.Repeat(" ", width-filled),
				100*done/total, done, total)
			if done == total {
				fmt.Fprintln(w)
			}
			return
		}
		tenth := 10 * done / total
		if t, seen := lastTenth[stage]; seen && t == tenth {
			return
		}
		lastTenth[stage] = tenth
		fmt.Fprintf(w, "%s: %d/%d (%d%%)\n", stage, done, total, 100*done/total)
	}
}
