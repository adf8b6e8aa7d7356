//go:build ncruces

package main

import (
	"github.com/ncruces/go-sqlite3"
	_ "github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/ext/fts5"
)

// The wasm build leaves FTS5 out until it is registered; the store's
// search needs it on every connection.
func init() { sqlite3.AutoExtension(fts5.Register) }

const driverName = "sqlite3"

func readDSN(path string) string  { return "file:" + path + "?" + pragmas() }
func writeDSN(path string) string { return "file:" + path + "?" + pragmas("_txlock", "immediate") }
