// Package buildtags holds one test that checks the build constraints of the
// whole module, so each package need not carry its own copy: the browser
// transport and its native twin must say which target they are for.
package buildtags
