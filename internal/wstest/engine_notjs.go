//go:build !js

package wstest

// Engine names the target a test runs on: "native" here; in a browser
// "chromium", "firefox" or "webkit".
func Engine() string { return "native" }
