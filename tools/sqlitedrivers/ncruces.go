//go:build ncruces

package main

import (
	_ "github.com/ncruces/go-sqlite3/driver"
	_ "github.com/ncruces/go-sqlite3/embed"
)

const driverName = "sqlite3"

func readDSN(path string) string  { return "file:" + path + "?" + pragmas() }
func writeDSN(path string) string { return "file:" + path + "?" + pragmas("_txlock", "immediate") }
