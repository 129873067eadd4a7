// watch.js defines wasmexecWatch(go, relay), which the harness calls just
// before it runs the program. It relays the page's console and uncaught
// exceptions to the runner, and it finds a deadlock as Node.js does.
//
// # Deadlock
//
// Under Node.js, a Go program whose goroutines all block with no timer and
// nothing pending in the event loop is reported at once: "fatal error: all
// goroutines are asleep - deadlock!" with every goroutine's stack. Node
// knows the event loop is empty; a page never ends, so it would wait
// forever. The watch keeps the count of what could still wake the program:
// live timers (the Go runtime's included), promises that something waits on
// with then (that is how syscall/js awaits one), and WebSockets not yet
// closed. When the program is paused and that count is zero, nothing can
// wake it: the watch sends the event Node sends (id 0), and Go's runtime
// prints the deadlock report and exits with code 2.
//
// A program that waits only for something else (a DOM event, a
// BroadcastChannel, a MessagePort) is reported deadlocked too.
"use strict";

globalThis.wasmexecWatch = (go, relay) => {
	const g = globalThis;
	const setTimer = g.setTimeout.bind(g);

	const show = (v) => {
		if (typeof v === "string") {
			return v;
		}
		if (v instanceof Error) {
			return v.stack && v.stack.includes(v.message) ? v.stack : `${v}\n${v.stack || ""}`;
		}
		try {
			const s = JSON.stringify(v);
			if (s !== undefined) {
				return s;
			}
		} catch {
			// a cycle: fall through
		}
		return String(v);
	};

	for (const kind of ["log", "info", "warn", "error", "debug", "trace"]) {
		const orig = console[kind];
		console[kind] = (...args) => {
			relay.console(kind, args.map(show).join(" "));
			orig.apply(console, args);
		};
	}
	g.addEventListener("error", (e) => {
		relay.console("exception", "Uncaught " + (e.error !== undefined ? show(e.error) : e.message));
	});
	g.addEventListener("unhandledrejection", (e) => {
		relay.console("exception", "Uncaught (in promise) " + show(e.reason));
	});

	// What could still wake the program.
	const timers = new Set();
	let waits = 0;
	let sockets = 0;

	let checkSet = false;
	const schedule = () => {
		if (!checkSet) {
			checkSet = true;
			setTimer(check, 0);
		}
	};
	const check = () => {
		checkSet = false;
		if (go.exited || timers.size > 0 || waits > 0 || sockets > 0) {
			return;
		}
		relay.flush();
		go._pendingEvent = { id: 0 };
		go._resume();
	};

	const origSetTimeout = g.setTimeout, origClearTimeout = g.clearTimeout;
	const origSetInterval = g.setInterval, origClearInterval = g.clearInterval;
	g.setTimeout = function (fn, ms, ...args) {
		if (typeof fn !== "function") {
			return origSetTimeout.call(g, fn, ms, ...args);
		}
		const id = origSetTimeout.call(g, () => {
			timers.delete(id);
			try {
				fn(...args);
			} finally {
				schedule();
			}
		}, ms);
		timers.add(id);
		return id;
	};
	g.clearTimeout = function (id) {
		timers.delete(id);
		origClearTimeout.call(g, id);
		schedule();
	};
	g.setInterval = function (...args) {
		const id = origSetInterval.call(g, ...args);
		timers.add(id);
		return id;
	};
	g.clearInterval = function (id) {
		timers.delete(id);
		origClearInterval.call(g, id);
		schedule();
	};

	const origThen = Promise.prototype.then;
	Promise.prototype.then = function (onFulfilled, onRejected) {
		waits++;
		let settled = false;
		const settle = () => {
			if (!settled) {
				settled = true;
				waits--;
				schedule();
			}
		};
		origThen.call(this, settle, settle);
		return origThen.call(this, onFulfilled, onRejected);
	};

	const OrigWebSocket = g.WebSocket;
	if (OrigWebSocket) {
		g.WebSocket = class WebSocket extends OrigWebSocket {
			constructor(...args) {
				super(...args);
				sockets++;
				super.addEventListener("close", () => {
					sockets--;
					schedule();
				});
			}
		};
	}

	// The program pauses each time run or _resume returns.
	const resume = go._resume.bind(go);
	go._resume = () => {
		resume();
		schedule();
	};
	return { schedule };
};
