// Package msgqueue holds the two small concurrency pieces that sdk and
// reconnect share: [Notifier], a broadcast of "something changed", and
// [Queue], a FIFO bounded in bytes (sdk's receive buffer, reconnect's inbox).
package msgqueue
