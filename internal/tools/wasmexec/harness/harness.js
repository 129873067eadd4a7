// harness.js runs the Go program of wasmexec, after wasm_exec.js (the Go
// class), relay.js (the line to the runner), memfs.js (the file system) and
// watch.js (the console, exception and deadlock watch) have loaded.
//
// It fetches config.json: {argv, env, cwd, readDirs, writeDirs}. The runner
// answers it only once it is ready to record the run (a CPU profile starts
// first), so the program starts after that.
"use strict";

(() => {
	const relay = globalThis.wasmexecRelay;

	const fetchOK = async (url) => {
		const resp = await fetch(url);
		if (!resp.ok) {
			throw new Error(`wasmexec: fetching ${url}: ${resp.status} ${resp.statusText}`);
		}
		return resp;
	};

	const main = async () => {
		const go = new Go();
		const [config, { instance }] = await Promise.all([
			fetchOK("config.json").then((resp) => resp.json()),
			WebAssembly.instantiateStreaming(fetchOK("program.wasm"), go.importObject),
		]);

		// Go's runtime writes (panics, print) with fs.writeSync; package
		// syscall writes os.Stdout and os.Stderr, and every file, with fs.write.
		const fs = wasmexecFS(relay, config);
		globalThis.fs = fs;
		globalThis.process.cwd = () => fs.cwd();
		globalThis.process.chdir = (path) => fs.chdir(path);
		// A real process id: coverage names its counter files with it, and
		// go test's reader skips names with the default -1.
		globalThis.process.pid = 1;
		globalThis.process.ppid = 0;

		// Report the exit at once, in order with the output before it and
		// before anything the page does after it; the files the program
		// wrote under writeDirs go to the host first.
		go.exit = (code) => {
			try {
				relay.flush();
				fs.upload();
			} catch (err) {
				relay.fail(err);
				return;
			}
			relay.exit(code);
		};
		go.argv = config.argv;
		go.env = config.env;
		const watch = wasmexecWatch(go, relay);
		const done = go.run(instance);
		watch.schedule();
		await done;
	};

	main().catch((err) => relay.fail(err));
})();
