//go:build mattn

package main

import _ "github.com/mattn/go-sqlite3"

const driverName = "sqlite3"

const settings = "_journal_mode=WAL&_foreign_keys=on&_busy_timeout=10000&_synchronous=NORMAL"

func readDSN(path string) string  { return "file:" + path + "?" + settings }
func writeDSN(path string) string { return "file:" + path + "?" + settings + "&_txlock=immediate" }
