//go:build !js && !linux

package main

// becomeSubreaper does nothing: only Linux lets a process adopt orphans.
func becomeSubreaper() {}

// reapOrphans does nothing; see becomeSubreaper.
func reapOrphans() {}
