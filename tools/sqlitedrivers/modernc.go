//go:build !ncruces && !mattn

package main

import (
	_ "modernc.org/sqlite"
)

const driverName = "sqlite"

func readDSN(path string) string  { return "file:" + path + "?" + pragmas() }
func writeDSN(path string) string { return "file:" + path + "?" + pragmas("_txlock", "immediate") }
