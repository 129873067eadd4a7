// relay.js defines wasmexecRelay, the page's line to the runner: plain
// synchronous XMLHttpRequests to the runner's HTTP server, the one channel
// that works alike in Chromium, Firefox and WebKit (WebKit's classic
// WebDriver has no console or event stream at all).
//
// Every request completes before the next starts, so the runner sees them in
// the order the page sent them. Output is batched: bytes written to fds 1
// and 2 are sent at once when nothing was sent in the last 50 ms; else they
// wait in a buffer that is sent when the page's turn ends (a timer), when it
// holds 1 MiB, or when it is 50 ms old at the next write. So a program that
// prints and then never yields still shows what it printed last (unless it
// printed in the 50 ms before), and 500k lines cost a few hundred requests,
// not 500k.
"use strict";

globalThis.wasmexecRelay = (() => {
	// The timer functions as they were before the deadlock watch wrapped them.
	const setTimer = globalThis.setTimeout.bind(globalThis);

	const maxBuffer = 1 << 20;
	const maxAgeMs = 50;

	// post sends body to the runner at path and returns the response text.
	// It throws when the runner answers with an error.
	const request = (method, path, body) => {
		const xhr = new XMLHttpRequest();
		xhr.open(method, path, false);
		// Bytes as they are: each character of the text is one byte.
		xhr.overrideMimeType("text/plain; charset=x-user-defined");
		xhr.send(body === undefined ? null : body);
		if (xhr.status !== 200) {
			const err = new Error(`wasmexec: ${method} ${path}: ${xhr.status} ${xhr.responseText}`);
			err.status = xhr.status;
			err.body = xhr.responseText;
			throw err;
		}
		return xhr.responseText;
	};

	// Output waiting to be sent: chunks of one fd, in order.
	let pending = []; // [{fd, bytes}]
	let pendingSize = 0;
	let pendingSince = 0;
	let lastFlush = -Infinity;
	let timerSet = false;

	const flush = () => {
		timerSet = false;
		lastFlush = performance.now();
		const batch = pending;
		pending = [];
		pendingSize = 0;
		// Consecutive chunks of one fd go in one request.
		let i = 0;
		while (i < batch.length) {
			const fd = batch[i].fd;
			let n = 0, j = i;
			for (; j < batch.length && batch[j].fd === fd; j++) {
				n += batch[j].bytes.length;
			}
			const body = new Uint8Array(n);
			let off = 0;
			for (let k = i; k < j; k++) {
				body.set(batch[k].bytes, off);
				off += batch[k].bytes.length;
			}
			request("POST", "out?fd=" + fd, body);
			i = j;
		}
	};

	const write = (fd, bytes) => {
		if (bytes.length === 0) {
			return;
		}
		const now = performance.now();
		if (pending.length === 0) {
			pendingSince = now;
		}
		// Copy: the caller's buffer is Go's memory, reused at once.
		pending.push({ fd, bytes: bytes.slice() });
		pendingSize += bytes.length;
		if (pendingSize >= maxBuffer || now - pendingSince >= maxAgeMs || now - lastFlush >= maxAgeMs) {
			flush();
		} else if (!timerSet) {
			timerSet = true;
			setTimer(flush, 0);
		}
	};

	const text = (s) => new TextEncoder().encode(String(s));

	return {
		request,
		write,
		flush,
		// console reports a console message or an exception (kind
		// "exception"), after the output written before it.
		console(kind, message) {
			flush();
			request("POST", "console?kind=" + encodeURIComponent(kind), text(message));
		},
		// fail reports that the harness failed.
		fail(err) {
			flush();
			request("POST", "fail", text(err && err.stack ? err.stack : err));
		},
		// exit reports the program's exit code; nothing is sent after it.
		exit(code) {
			flush();
			request("POST", "exit?code=" + code);
		},
	};
})();
