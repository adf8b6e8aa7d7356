package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/reqctx"
)

// PasswordResetRequest asks for a reset link by mail.
type PasswordResetRequest struct {
	Email string `json:"email" jsonschema:"format=email,maxLength=254"`
}

// NewPassword sets a password with a reset link's token.
type NewPassword struct {
	Password string `json:"password" jsonschema:"minLength=10,maxLength=256"`
}

// Session is one signed-in browser of the caller.
type Session struct {
	ID         string    `json:"id"`
	Browser    string    `json:"browser"`
	OS         string    `json:"os"`
	Device     string    `json:"device"`
	UserAgent  string    `json:"user_agent"`
	Address    string    `json:"address"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// SignOutEverywhere ends every web session, and the API tokens if asked.
type SignOutEverywhere struct {
	Tokens bool `json:"tokens,omitempty" jsonschema:"description=Revoke every API token too (the caller's included)"`
}

func (api *API) routesLifecycle() {
	handle(api, op{method: "POST", path: "/api/v1/password-resets", id: "requestPasswordReset",
		summary: "Mail a password reset link (the same answer whether or not the address has an account)",
		status:  http.StatusAccepted, errors: []int{400, 413, 422, 429}},
		func(ctx context.Context, r *http.Request, in *PasswordResetRequest) (Empty, error) {
			return Empty{}, api.App.RequestPasswordReset(ctx, in.Email, reqctx.ClientAddr(ctx), "")
		})

	handle(api, op{method: "POST", path: "/api/v1/password-resets/{token}", id: "resetPassword",
		summary: "Set a new password with a reset link's token; every session and API token ends",
		status:  http.StatusNoContent, errors: []int{400, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewPassword) (Empty, error) {
			_, err := api.App.ResetPassword(ctx, r.PathValue("token"), in.Password)
			return Empty{}, err
		})

	handle(api, op{method: "POST", path: "/api/v1/me/confirmation", id: "resendConfirmation",
		summary: "Mail the link that confirms the caller's address again", status: http.StatusAccepted,
		auth: true, optionalBody: true, errors: []int{401, 429}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			return Empty{}, api.App.ResendConfirmation(ctx, reqctx.User(ctx))
		})

	handle(api, op{method: "GET", path: "/api/v1/me/sessions", id: "listSessions", summary: "The caller's signed-in web sessions",
		status: http.StatusOK, auth: true, errors: []int{401}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Session], error) {
			ss, err := api.App.Sessions(ctx, reqctx.User(ctx), "")
			return listOf(ss, "", func(s app.SessionInfo) Session {
				return Session{ID: s.ID, Browser: s.Browser, OS: s.OS, Device: s.Device, UserAgent: s.UserAgent, Address: s.Address,
					CreatedAt: s.CreatedAt, LastUsedAt: s.LastUsedAt, ExpiresAt: s.ExpiresAt}
			}), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/me/sessions/{id}", id: "deleteSession", summary: "Sign one of the caller's web sessions out",
		status: http.StatusNoContent, auth: true, errors: []int{401, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			return Empty{}, api.App.EndSession(ctx, reqctx.User(ctx), r.PathValue("id"))
		})

	handle(api, op{method: "POST", path: "/api/v1/me/sign-out-everywhere", id: "signOutEverywhere",
		summary: "End every web session of the caller, and their API tokens if asked", status: http.StatusNoContent,
		auth: true, optionalBody: true, errors: []int{400, 401, 413}},
		func(ctx context.Context, r *http.Request, in *SignOutEverywhere) (Empty, error) {
			return Empty{}, api.App.SignOutEverywhere(ctx, reqctx.User(ctx), "", in.Tokens)
		})
}
