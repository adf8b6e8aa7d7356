// Command commons runs Commons, a platform for learning communities.
//
//	commons serve [--addr HOST:PORT] [--db PATH|postgres://…] [--demo]
//	commons migrate [--db …]
//	commons demo [--db …] [--scale N]
//	commons admin [--db …] COMMAND ARGUMENT
//	commons export [--db …] [--to FILE] | commons import [--db …] [--from FILE]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	netmail "net/mail"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"
	_ "time/tzdata" // time zones work on machines without a zoneinfo database

	"github.com/commons-project/commons/internal/api"
	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/fetch"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/live"
	"github.com/commons-project/commons/internal/mail"
	"github.com/commons-project/commons/internal/server"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/web"
)

const usage = `Commons — a platform for learning communities.

Usage:
  commons serve   [--addr HOST:PORT] [--db PATH|postgres://…] [--demo] [--catalog-overrides DIR]
  commons migrate [--db PATH|postgres://…]
  commons demo    [--db PATH|postgres://…] [--scale N]
  commons admin   [--db PATH|postgres://…] COMMAND ARGUMENT   (commons admin -h)
  commons backup  [--db PATH|postgres://…] --to FILE [--force]
  commons restore [--db PATH|postgres://…] --from FILE [--force]
  commons export  [--db PATH|postgres://…] [--to FILE]     (a logical dump; stdout by default)
  commons import  [--db PATH|postgres://…] [--from FILE]   (into a new database; stdin by default)

Run "commons COMMAND -h" for a command's flags. Every flag can also be set by
its environment variable (COMMONS_ADDR, COMMONS_DB, …); a flag wins over it.
`

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "commons:", err)
		os.Exit(1)
	}
}

// config is everything the command line and environment set.
type config struct {
	addr       string
	pageCache  bool
	db         string
	demo       bool
	smtpURL    string
	mailFrom   string
	publicURL  string
	trustProxy bool
	logFormat  string
	tileURL    string
	scale      float64
	seed       uint64
	debugAddr  string
	// confirmEmail and privacyFile: the account lifecycle's settings.
	confirmEmail bool
	privacyFile  string
	// backupFile is where backup writes and restore reads; force lets
	// them replace what is there.
	backupFile string
	force      bool
	// fetchCalendars lets resources' stewards import calendar feeds from
	// other sites (public addresses only).
	fetchCalendars bool
	// catalogOverrides is a folder of <part>.<lang>.toml files that
	// correct or add interface strings over the built-in catalogs.
	catalogOverrides string
}

func flags(name string, cfg *config, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("commons "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.db, "db", env("COMMONS_DB", "commons.db"), "an SQLite file `path`, or a postgres:// URL (COMMONS_DB)")
	fs.StringVar(&cfg.logFormat, "log-format", env("COMMONS_LOG_FORMAT", "text"), "log lines as `text` or json (COMMONS_LOG_FORMAT)")
	if name == "admin" {
		fs.Usage = func() {
			fmt.Fprint(stderr, adminUsage)
			fs.PrintDefaults()
		}
	}
	if name == "demo" {
		fs.Float64Var(&cfg.scale, "scale", 0, "instead of the demo community, generate a region `N` times 100 communities, 20,000 people, 50,000 resources and 500,000 bookings (0.01 for a small one)")
		fs.Uint64Var(&cfg.seed, "seed", 1, "the generated region's random `seed`")
	}
	if name == "backup" {
		fs.StringVar(&cfg.backupFile, "to", "", "the backup `file` to write: an SQLite copy, or pg_dump's custom format for PostgreSQL")
		fs.BoolVar(&cfg.force, "force", false, "replace the file if it exists")
	}
	if name == "restore" {
		fs.StringVar(&cfg.backupFile, "from", "", "the backup `file` to restore, made by commons backup")
		fs.BoolVar(&cfg.force, "force", false, "replace what the database holds; without it only an empty database (or a new SQLite file) is restored into")
	}
	if name == "export" {
		fs.StringVar(&cfg.backupFile, "to", "", "the `file` to write the dump to; standard output when empty")
	}
	if name == "import" {
		fs.StringVar(&cfg.backupFile, "from", "", "the dump `file` to read, made by commons export on either engine; standard input when empty")
	}
	if name == "serve" {
		fs.StringVar(&cfg.addr, "addr", env("COMMONS_ADDR", "127.0.0.1:8080"), "the `host:port` to listen on (COMMONS_ADDR)")
		fs.BoolVar(&cfg.demo, "demo", env("COMMONS_DEMO", "") == "true", "load the demo community when the database has no community yet (COMMONS_DEMO=true)")
		fs.StringVar(&cfg.smtpURL, "smtp-url", env("COMMONS_SMTP_URL", ""), "send mail through `smtp://user:pass@host:port` (COMMONS_SMTP_URL); without it mail is logged")
		fs.StringVar(&cfg.mailFrom, "mail-from", env("COMMONS_MAIL_FROM", ""), "the `address` mail comes from (COMMONS_MAIL_FROM); default commons@ the public URL's host")
		fs.StringVar(&cfg.publicURL, "public-url", env("COMMONS_PUBLIC_URL", ""), "the `URL` people reach this site at, for links in mail (COMMONS_PUBLIC_URL); default http://ADDR")
		fs.StringVar(&cfg.tileURL, "tile-url", env("COMMONS_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"), "map tiles' `URL` template; empty shows maps without a background (COMMONS_TILE_URL)")
		fs.StringVar(&cfg.debugAddr, "debug-addr", env("COMMONS_DEBUG_ADDR", ""), "serve Go's profiles (/debug/pprof/) on this private `host:port`; off when empty (COMMONS_DEBUG_ADDR)")
		fs.BoolVar(&cfg.confirmEmail, "confirm-email", env("COMMONS_CONFIRM_EMAIL", "true") == "true", "new accounts confirm their address by a mailed link before they act (COMMONS_CONFIRM_EMAIL); turn off only where the site sends no mail")
		fs.StringVar(&cfg.privacyFile, "privacy-notice", env("COMMONS_PRIVACY_NOTICE", ""), "a Markdown `file` with the site's privacy notice, shown and accepted at sign-up (COMMONS_PRIVACY_NOTICE); default: a notice that says what Commons stores and why")
		fs.BoolVar(&cfg.fetchCalendars, "fetch-calendars", env("COMMONS_FETCH_CALENDARS", "") == "true", "let resources' stewards import busy times from a calendar feed's address; the server fetches public addresses only, within 20 seconds (COMMONS_FETCH_CALENDARS=true)")
		fs.StringVar(&cfg.catalogOverrides, "catalog-overrides", env("COMMONS_CATALOG_OVERRIDES", ""), "a `folder` of <part>.<lang>.toml files that correct or add interface strings over the built-in catalogs, checked at start (COMMONS_CATALOG_OVERRIDES)")
		fs.BoolVar(&cfg.pageCache, "page-cache", env("COMMONS_PAGE_CACHE", "on") != "off", "keep drawn pages in memory and serve them again until a write changes them (COMMONS_PAGE_CACHE=off turns it off)")
		fs.BoolVar(&cfg.trustProxy, "trust-proxy", env("COMMONS_TRUST_PROXY", "") == "true", "take client addresses from X-Forwarded-For, set by a reverse proxy (COMMONS_TRUST_PROXY=true)")
	}
	return fs
}

func env(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return fallback
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runWith(ctx, args, os.Stdin, stdout, stderr)
}

// runWith is run reading standard input from stdin (commons import).
func runWith(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd := args[0]
	var cfg config
	fs := flags(cmd, &cfg, stderr)
	switch cmd {
	case "serve", "migrate", "demo", "admin", "backup", "restore", "export", "import":
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 && cmd != "admin" {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	log, err := newLogger(cfg.logFormat, stderr)
	if err != nil {
		return err
	}

	if cmd == "backup" || cmd == "restore" {
		return backupOrRestore(ctx, cmd, cfg, stdout)
	}
	if cmd == "export" || cmd == "import" {
		return exportOrImport(ctx, cmd, cfg, stdin, stdout, stderr)
	}

	st, err := store.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer st.Close()
	applied, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		log.Info("migrated", "engine", st.Engine(), "versions", applied)
	}
	if cmd == "migrate" {
		fmt.Fprintf(stdout, "database is up to date (%s)\n", st.Engine())
		return nil
	}

	catalog, err := i18n.LoadWithOverrides(log, cfg.catalogOverrides)
	if err != nil {
		return err
	}
	a := app.New(st, catalog, log)
	if cmd == "admin" {
		return admin(ctx, a, fs.Args(), stdout)
	}
	if cmd == "demo" && cfg.scale > 0 {
		return generateRegion(ctx, a, cfg, stdout, stderr)
	}
	if cmd == "demo" || cfg.demo {
		// The demo's badges carry the site's address for good: give it
		// before they are issued.
		if cfg.publicURL != "" {
			a.PublicURL = cfg.publicURL
		} else if cmd != "demo" {
			a.PublicURL = "http://" + cfg.addr
		}
		loaded, err := demo.Load(ctx, a, cmd == "demo")
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if loaded {
			log.Info("demo community loaded", "community", demo.Slug, "password", demo.Password)
		}
		if cmd == "demo" {
			if !loaded {
				fmt.Fprintln(stdout, "the demo community is already there")
			}
			return nil
		}
	}
	return serve(ctx, cfg, a, catalog, log)
}

func newLogger(format string, w io.Writer) (*slog.Logger, error) {
	var h slog.Handler
	switch format {
	case "text":
		h = slog.NewTextHandler(w, nil)
	case "json":
		h = slog.NewJSONHandler(w, nil)
	default:
		return nil, fmt.Errorf("--log-format must be text or json, not %q", format)
	}
	return slog.New(server.LogHandler{Handler: h}), nil
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func serve(ctx context.Context, cfg config, a *app.App, catalog *i18n.Catalog, log *slog.Logger) error {
	if cfg.publicURL == "" {
		cfg.publicURL = "http://" + cfg.addr
	}
	if u, err := url.Parse(cfg.publicURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("--public-url must be an http(s) URL such as https://commons.example.org")
	} else if cfg.mailFrom == "" {
		cfg.mailFrom = "commons@" + u.Hostname()
	}
	if _, err := netmail.ParseAddress(cfg.mailFrom); err != nil {
		return fmt.Errorf("--mail-from must be an address such as commons@example.org or \"Commons <commons@example.org>\"")
	}
	a.PublicURL, a.MailFrom = cfg.publicURL, cfg.mailFrom
	a.ConfirmEmail = cfg.confirmEmail
	a.MailPace = 3 // a backlog of digests takes a quarter of a core at most (app.App.MailPace)
	if cfg.privacyFile != "" {
		text, err := os.ReadFile(cfg.privacyFile)
		if err != nil {
			return fmt.Errorf("--privacy-notice: %w", err)
		}
		a.PrivacyText = string(text)
	}
	if cfg.fetchCalendars {
		a.Fetch = fetch.New(20*time.Second, commons.MaxBusyFileBytes, nil)
	}
	if cfg.smtpURL != "" {
		sender, err := mail.NewSMTP(cfg.smtpURL)
		if err != nil {
			return err
		}
		a.Mail = sender
		u, _ := url.Parse(cfg.smtpURL)
		log.Info("mail", "via", "smtp", "host", u.Host, "from", cfg.mailFrom)
	} else {
		log.Info("mail", "via", "log", "from", cfg.mailFrom)
	}
	w, err := web.New(a, catalog, log)
	if err != nil {
		return err
	}
	w.TileURL = cfg.tileURL
	if !cfg.pageCache {
		w.SetPageCache(0)
	}
	// The hub feeds live notification streams: on PostgreSQL it hears
	// every node (LISTEN/NOTIFY), on SQLite this one.
	hub := live.New()
	apiHandler := api.New(a, catalog, log, version())
	apiHandler.Hub = hub
	// Event streams each hold a descriptor for long: keep them to half of
	// what the process may open, so ordinary requests always find room.
	apiHandler.Streams = live.NewStreams(live.DefaultStreamLimits(openFiles()))
	srv := server.New(a, apiHandler, w, log)
	srv.TrustProxy = cfg.trustProxy
	if cfg.tileURL != "" {
		u, err := url.Parse(cfg.tileURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("--tile-url must be an http(s) URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png")
		}
		srv.ImageOrigins = []string{u.Scheme + "://" + u.Host}
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	httpServer := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Streams never finish on their own: end them when shutting down.
	httpServer.RegisterOnShutdown(hub.Close)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go sweep(ctx, a, log)
	if cfg.debugAddr != "" {
		if err := serveDebug(ctx, cfg.debugAddr, log); err != nil {
			return err
		}
	}
	var background sync.WaitGroup
	background.Go(func() {
		if err := hub.Run(ctx, a.Store, log); err != nil {
			log.Error("live updates stopped", "err", err)
		}
	})
	// Mail goes out from every node; the outbox's leases keep each mail to
	// one sender. Waited for at shutdown, so claimed mail is handed back.
	background.Go(func() {
		// A new notification on any node wakes the loop at once; the
		// poll catches retries and digests that come due.
		wake, cancel := hub.SubscribeAll()
		defer cancel()
		a.RunMail(ctx, 30*time.Second, wake)
	})
	defer func() {
		stop() // ends the background work's context, if the server failed
		background.Wait()
	}()

	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	log.Info("serving", "url", "http://"+ln.Addr().String(), "engine", a.Store.Engine(), "version", version())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// sweep deletes expired sessions and old failed mails, asks partnerships'
// parties for the reports due at their review dates, and closes reviews
// whose period is over, now and then. Every node may do it; both are idempotent.
func sweep(ctx context.Context, a *app.App, log *slog.Logger) {
	t := time.NewTicker(15 * time.Minute)
	defer t.Stop()
	for {
		if n, err := a.Store.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			log.Warn("session sweep failed", "err", err)
		} else if n > 0 {
			log.Info("expired sessions removed", "count", n)
		}
		if n, err := a.Store.DeleteExpiredLinks(ctx); err != nil && ctx.Err() == nil {
			log.Warn("link sweep failed", "err", err)
		} else if n > 0 {
			log.Info("expired one-time links removed", "count", n)
		}
		// Mails given up stay a month for an operator to look into.
		if n, err := a.Store.DeleteFailedMailJobs(ctx, a.Now().AddDate(0, -1, 0)); err != nil && ctx.Err() == nil {
			log.Warn("mail sweep failed", "err", err)
		} else if n > 0 {
			log.Info("failed mails forgotten", "count", n)
		}
		if n, err := a.RefreshBusyFeeds(ctx); err != nil && ctx.Err() == nil {
			log.Warn("calendar feed refresh failed", "err", err)
		} else if n > 0 {
			log.Info("calendar feeds refreshed", "count", n)
		}
		if n, err := a.RequestDueReports(ctx); err != nil && ctx.Err() == nil {
			log.Warn("partner report requests failed", "err", err)
		} else if n > 0 {
			log.Info("partner reports asked for", "count", n)
		}
		if n, err := a.CloseDueReviews(ctx); err != nil && ctx.Err() == nil {
			log.Warn("review sweep failed", "err", err)
		} else if n > 0 {
			log.Info("reviews decided", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// backupOrRestore runs commons backup or commons restore. A backup is made
// while the server runs; a restore needs the server stopped.
func backupOrRestore(ctx context.Context, cmd string, cfg config, stdout io.Writer) error {
	if cfg.backupFile == "" {
		if cmd == "backup" {
			return errors.New("say where to write the backup: --to FILE")
		}
		return errors.New("say which backup to restore: --from FILE")
	}
	if cmd == "restore" {
		if err := store.Restore(ctx, cfg.db, cfg.backupFile, cfg.force); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "restored %s into %s\n", cfg.backupFile, cfg.db)
		return nil
	}
	st, err := store.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	how, err := st.Backup(ctx, cfg.backupFile, cfg.force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s with %s in %s\n", st.Engine(), cfg.backupFile, how, time.Since(start).Round(time.Millisecond))
	return nil
}
