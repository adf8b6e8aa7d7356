package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"

	"github.com/google/uuid"
)

// newID returns a fresh identifier. UUIDv7 ids sort by creation time, which
// keeps inserts at the end of indexes and gives lists a stable order.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// HashSecret returns the stored form of a session or token secret. A fast
// hash is right here: secrets are 32 random bytes, not guessable passwords.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// newSecretToken returns 24 random bytes as URL-safe text.
func newSecretToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
