//go:build js && wasm

package reconnect_test

import "github.com/wasmws/wasmws/internal/wstest"

// target names the target in logs: the browser engine.
var target = wstest.Engine()

// replaysOnDrop: in the browser, whether a drop leaves messages that never
// reached the network service depends on timing; it is logged, not asserted.
const replaysOnDrop = false

// chaosWindow is how many messages TestChaos's sender keeps unaccounted for.
const chaosWindow = 100
