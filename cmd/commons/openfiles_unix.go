//go:build unix

package main

import "syscall"

// openFiles is how many files this process may hold open (Go raises the
// soft limit to the hard one at start), or 0 when it cannot tell.
func openFiles() uint64 {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0
	}
	return l.Cur
}
