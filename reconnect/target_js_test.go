//go:build js && wasm

package reconnect_test

// target names the target in logs.
const target = "chromium"

// replaysOnDrop: in the browser, whether a drop leaves messages that never
// reached the network service depends on timing; it is logged, not asserted.
const replaysOnDrop = false

// chaosWindow is how many messages TestChaos's sender keeps unaccounted for.
const chaosWindow = 100
