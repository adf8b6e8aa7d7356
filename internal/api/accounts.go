package api

import (
	"context"
	"net/http"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

func (api *API) routesAccounts() {
	handle(api, op{method: "POST", path: "/api/v1/users", id: "createUser", summary: "Sign up",
		status: http.StatusCreated, errors: []int{400, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewUser) (User, error) {
			u, err := api.App.SignUp(ctx, commons.NewUser{Email: in.Email, Name: in.Name, Password: in.Password, Locale: in.Locale,
				AcceptPrivacy: in.AcceptPrivacy})
			return userOut(u), err
		})

	handle(api, op{method: "POST", path: "/api/v1/tokens", id: "createToken",
		summary: "Exchange an e-mail address and password for an API token", status: http.StatusCreated,
		errors: []int{400, 401, 413, 422, 429}},
		func(ctx context.Context, r *http.Request, in *NewToken) (Token, error) {
			u, err := api.App.SignIn(ctx, in.Email, in.Password, reqctx.ClientAddr(ctx))
			if err != nil {
				return Token{}, err
			}
			secret, tok, err := api.App.CreateToken(ctx, &u, in.Label)
			return Token{ID: tok.ID, Token: secret, Label: tok.Label, CreatedAt: tok.CreatedAt}, err
		})

	handle(api, op{method: "GET", path: "/api/v1/tokens", id: "listTokens", summary: "List the caller's API tokens",
		status: http.StatusOK, auth: true, errors: []int{401}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[TokenInfo], error) {
			toks, err := api.App.Tokens(ctx, reqctx.User(ctx))
			return listOf(toks, "", func(t commons.APIToken) TokenInfo {
				return TokenInfo{ID: t.ID, Label: t.Label, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt}
			}), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/tokens/{id}", id: "deleteToken", summary: "Revoke one of the caller's API tokens",
		status: http.StatusNoContent, auth: true, errors: []int{401, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			return Empty{}, api.App.RevokeToken(ctx, reqctx.User(ctx), r.PathValue("id"))
		})

	handle(api, op{method: "GET", path: "/api/v1/me", id: "getMe", summary: "The caller's account",
		status: http.StatusOK, auth: true, errors: []int{401}},
		func(ctx context.Context, r *http.Request, _ *Empty) (User, error) {
			return userOut(*reqctx.User(ctx)), nil
		})

	handle(api, op{method: "PATCH", path: "/api/v1/me", id: "updateMe", summary: "Change the caller's name, language, time zone, password or e-mail address",
		status: http.StatusOK, auth: true, errors: []int{400, 401, 413, 422, 429}},
		func(ctx context.Context, r *http.Request, in *ProfileChange) (User, error) {
			u, err := api.App.UpdateProfile(ctx, reqctx.User(ctx), commons.ProfileChange{Name: in.Name, Locale: in.Locale, TimeZone: in.TimeZone,
				Password: in.Password, Email: in.Email, CurrentPassword: in.CurrentPassword})
			return userOut(u), err
		})
}
