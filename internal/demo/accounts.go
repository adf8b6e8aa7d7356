package demo

import "github.com/commons-project/commons/internal/app"

// confirmedPeople makes the demo's sign-ups confirmed at once, as if
// each had followed their link: their addresses are made up, so no
// confirmation mail should go to them. It returns what restores the
// site's setting, for when the demo is loaded.
func confirmedPeople(a *app.App) func() {
	was := a.ConfirmEmail
	a.ConfirmEmail = false
	return func() { a.ConfirmEmail = was }
}
