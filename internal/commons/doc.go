// Package commons holds the domain of Commons: the types a learning community
// is made of, the error codes every layer speaks, and the rules that need no
// I/O — what a valid name is, who may do what. Storage, HTTP and templates
// live in other packages and depend on this one, never the other way round.
package commons
