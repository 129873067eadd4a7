// harness.js runs the Go program of wasmexec, after wasm_exec.js (the Go
// class) and memfs.js (the file system) have loaded.
//
// It reports to wasmexec through the binding __wasmexec, which wasmexec adds
// with Runtime.addBinding before it loads the page. Each call carries one
// record, a tag and a value:
//
//   "1" + base64   bytes the program wrote to stdout
//   "2" + base64   bytes the program wrote to stderr
//   "x" + number   the program exited with this code
//   "e" + base64   the harness failed (UTF-8 text of the error, one line)
//
// Records are sent synchronously, at the moment of the write, so they keep
// their order with each other and with the console and exception events of
// the page.
"use strict";

(() => {
	const report = globalThis.__wasmexec;
	if (typeof report !== "function") {
		throw new Error("wasmexec: the __wasmexec binding is missing; open this page with wasmexec");
	}

	// A binding call carries a string; keep each one at most 1 MiB of bytes.
	const maxChunk = 1 << 20;

	const base64 = (bytes) => {
		if (bytes.toBase64) {
			return bytes.toBase64();
		}
		let s = "";
		for (let i = 0; i < bytes.length; i += 0x8000) {
			s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
		}
		return btoa(s);
	};

	const send = (fd, bytes) => {
		for (let i = 0; i < bytes.length; i += maxChunk) {
			report(fd + base64(bytes.subarray(i, i + maxChunk)));
		}
	};

	const fail = (err) => {
		report("e" + base64(new TextEncoder().encode(String(err))));
	};

	// Go's runtime writes (panics, print) with fs.writeSync; package syscall
	// writes os.Stdout and os.Stderr, and every file, with fs.write.
	const fs = wasmexecFS(send);
	globalThis.fs = fs;
	globalThis.process.cwd = () => fs.cwd();
	globalThis.process.chdir = (path) => fs.chdir(path);

	const fetchOK = async (url) => {
		const resp = await fetch(url);
		if (!resp.ok) {
			throw new Error(`wasmexec: fetching ${url}: ${resp.status} ${resp.statusText}`);
		}
		return resp;
	};

	const main = async () => {
		const go = new Go();
		// Report the exit at once, in order with the output before it and
		// before anything the page does after it.
		go.exit = (code) => report("x" + code);
		// Fetch the configuration and compile the program at the same time.
		const [config, { instance }] = await Promise.all([
			fetchOK("config.json").then((resp) => resp.json()),
			WebAssembly.instantiateStreaming(fetchOK("program.wasm"), go.importObject),
		]);
		go.argv = config.argv;
		go.env = config.env;
		await go.run(instance);
	};

	main().catch(fail);
})();
