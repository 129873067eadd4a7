// Compiled by e2e/npm_test.go in a project that installed the packed
// package: the types come through the package's "exports".
import { load } from '@wasmws/wasmws';

const wasmws = await load();
const ws = new wasmws.WebSocket('wss://example.com/feed');
const pending: Promise<void> = ws.sendAsync('hello');
const rws = new wasmws.ReconnectingWebSocket(() => 'wss://example.com/feed', [], { maxRetries: 3 });
rws.close();
void pending;
ws.close();
