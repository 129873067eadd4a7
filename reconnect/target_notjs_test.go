//go:build !js

package reconnect_test

// target names the target in logs.
const target = "native"

// replaysOnDrop: natively, a drop while the writer is busy always leaves
// messages never written, which are replayed.
const replaysOnDrop = true

// chaosWindow is how many messages TestChaos's sender keeps unaccounted for.
const chaosWindow = 100
