package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Every version of the agreements is kept whole, so the versions kept are
// bounded: a save that changes nothing keeps none, and a day keeps at
// most MaxAgreementVersionsPerDay; both refusals name the field (422).
func TestAgreementVersionsAreBounded(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newApp(t, st, mailtest.New(t))
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		a.SetClock(func() time.Time { return now })
		founder := signUp(t, a, "Founder", "en")
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		s := scopeIn(t, a, &founder, "cwm")
		body := strings.Repeat("We share. ", 4000) // 40,000 characters, under the limit
		if v, err := a.SaveAgreements(ctx, s, body); err != nil || v != 1 {
			t.Fatalf("first version: %d %v", v, err)
		}
		_, err := a.SaveAgreements(ctx, s, body+"  ")
		if e := commons.ErrorOf(err); e.Code != commons.CodeInvalid || e.Fields["body"].Key != "error.agreements.unchanged" {
			t.Fatalf("unchanged agreements: %v", err)
		}
		for i := 2; i <= commons.MaxAgreementVersionsPerDay; i++ {
			now = now.Add(time.Minute)
			if v, err := a.SaveAgreements(ctx, s, body+strconv.Itoa(i)); err != nil || v != i {
				t.Fatalf("version %d: %d %v", i, v, err)
			}
		}
		now = now.Add(time.Minute)
		_, err = a.SaveAgreements(ctx, s, body+"one more")
		if e := commons.ErrorOf(err); e.Code != commons.CodeInvalid || e.Fields["body"].Key != "error.agreements.too_many" {
			t.Fatalf("version past the day's cap: %v", err)
		}
		if vs, err := st.AgreementVersions(ctx, s.Community.ID); err != nil || len(vs) != commons.MaxAgreementVersionsPerDay {
			t.Fatalf("%d versions kept, %v", len(vs), err)
		}
		// A day after the first, there is room again.
		now = time.Date(2026, 3, 3, 9, 0, 30, 0, time.UTC)
		if v, err := a.SaveAgreements(ctx, s, body+"next day"); err != nil || v != commons.MaxAgreementVersionsPerDay+1 {
			t.Fatalf("the next day: %d %v", v, err)
		}
	})
}
