package main

import (
	"context"
	"fmt"
	"io"

	"github.com/commons-project/commons/internal/app"
)

const adminUsage = `commons admin [--db …] COMMAND ARGUMENT — what only the operator does:
  make-admin EMAIL      make the person a site administrator
  remove-admin EMAIL    take it back
  confirm EMAIL         confirm the person's address by hand (no working mail, scripts)
  suspend EMAIL         the person cannot sign in; their sessions and API tokens end
  unsuspend EMAIL       lift a suspension
  delete EMAIL          delete a (spam) account and what is only theirs
  starters WHO          who may start communities: anyone, confirmed or admins
`

// admin runs one operator's command on the database.
func admin(ctx context.Context, a *app.App, args []string, stdout io.Writer) error {
	if len(args) != 2 {
		return fmt.Errorf("admin needs a command and its argument\n\n%s", adminUsage)
	}
	cmd, arg := args[0], args[1]
	var err error
	switch cmd {
	case "make-admin":
		err = a.AdminSetSiteAdmin(ctx, arg, true)
	case "remove-admin":
		err = a.AdminSetSiteAdmin(ctx, arg, false)
	case "confirm":
		err = a.AdminConfirm(ctx, arg)
	case "suspend":
		err = a.AdminSuspend(ctx, arg, true)
	case "unsuspend":
		err = a.AdminSuspend(ctx, arg, false)
	case "delete":
		err = a.AdminDelete(ctx, arg)
	case "starters":
		err = a.AdminSetStarters(ctx, arg)
	default:
		return fmt.Errorf("unknown admin command %q\n\n%s", cmd, adminUsage)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "done: %s %s\n", cmd, arg)
	return nil
}
