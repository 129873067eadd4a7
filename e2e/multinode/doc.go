// Package multinode is the client half of the multi-node resume chaos test
// (e2e/multinode_test.go): a [reconnect.Client] in resume mode that moves to
// another server node on every reconnect, sends sequence-numbered messages
// while the nodes cut its connections, and tallies the echoes.
//
// The same code runs natively, in the test process, and in a browser,
// compiled to wasm (the program in jsclient/, run by package
// internal/tools/wasmexec). The test starts the nodes, kills and restarts
// them when [Config.OnProgress] says the stream is far enough along, and
// checks the [Report]. In the browser the progress and the report reach the
// test as lines on standard output ([ProgressLine], [ReportLine],
// [ParseLine]).
//
// The package builds for both targets; it needs nothing but the SDK.
package multinode
