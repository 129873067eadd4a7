// memfs.js defines wasmexecFS, a small file system in the shape of the
// Node.js fs module that Go's syscall package calls on GOOS=js. The page has
// no disk, yet tests need one: the testing package captures an example's
// output in a temporary file; t.TempDir, os.CreateTemp and os.MkdirTemp
// create files under $TMPDIR; tests read testdata; coverage and profiles are
// files that go test reads afterwards.
//
// The tree lives in memory and dies with the page. It starts with / and
// /tmp, plus host directories the runner lends:
//
//   - config.readDirs: host directories (the package's) that the program
//     reads, fetched from the runner lazily, one listing or file at a time;
//     they are read-only (EROFS).
//   - config.writeDirs: host directories the program writes its outputs in
//     (coverage, profiles, the test log). Files written there stay in memory
//     until upload(), which the harness calls at exit, sends them to the
//     runner, which writes them on the host.
//
// wasmexecFS(relay, config) returns the fs object; bytes written to fds 1
// and 2 go to relay.write(fd, bytes). It also has cwd() and chdir(path) for
// globalThis.process, and upload().
"use strict";

globalThis.wasmexecFS = (relay, config) => {
	const S_IFDIR = 0o040000;
	// The usual umask, as a Node.js started from a shell has: a file
	// created with 0o666 gets 0o644, a directory made with 0o777 0o755.
	const umask = 0o022;
	const S_IFREG = 0o100000;
	// Go translates its O_* flags into these, whatever the values.
	const constants = {
		O_WRONLY: 0o1, O_RDWR: 0o2, O_CREAT: 0o100, O_EXCL: 0o200,
		O_TRUNC: 0o1000, O_APPEND: 0o2000, O_DIRECTORY: 0o200000,
	};

	// Go maps the code of an error to an Errno; it must be one Go knows.
	const fail = (code) => {
		const err = new Error(code);
		err.code = code;
		return err;
	};

	let lastIno = 0;
	// A node is a file or a directory. hostPath is set on one the host lent:
	// its children or data are fetched on first use (then hostPath is
	// cleared). ro forbids changing it or, for a directory, its entries.
	const newNode = (mode, ro = false) => {
		const now = Date.now();
		return {
			ino: ++lastIno, mode, data: new Uint8Array(0), size: 0,
			children: (mode & S_IFDIR) ? new Map() : null,
			atimeMs: now, mtimeMs: now, ctimeMs: now,
			hostPath: null, ro, dirty: false,
		};
	};
	const root = newNode(S_IFDIR | 0o755);
	root.children.set("tmp", newNode(S_IFDIR | 0o1777));
	let cwd = "/";

	// The runner's file service; see hostfs.go.
	const hostNode = (path, e, ro) => {
		const node = newNode(e.mode, ro);
		node.size = e.size;
		node.atimeMs = node.mtimeMs = node.ctimeMs = e.mtimeMs;
		node.hostPath = path;
		return node;
	};
	const hostCall = (op, path) => {
		try {
			return relay.request("GET", "fs/" + op + "?path=" + encodeURIComponent(path));
		} catch (err) {
			throw err.status === 404 ? fail(err.body.trim() || "ENOENT") : err;
		}
	};
	// load fetches what the host has of node, once.
	const load = (node) => {
		const path = node.hostPath;
		if (path === null) {
			return;
		}
		node.hostPath = null;
		if (node.children) {
			for (const e of JSON.parse(hostCall("list", path))) {
				if (!node.children.has(e.name)) {
					node.children.set(e.name, hostNode(path + "/" + e.name, e, node.ro));
				}
			}
			return;
		}
		const text = hostCall("read", path);
		node.data = new Uint8Array(text.length);
		for (let i = 0; i < text.length; i++) {
			node.data[i] = text.charCodeAt(i) & 0xff;
		}
		node.size = node.data.length;
	};
	const writable = (node) => {
		if (node.ro) {
			throw fail("EROFS");
		}
	};

	const parts = (path) => {
		const out = [];
		for (const p of (path.startsWith("/") ? path : cwd + "/" + path).split("/")) {
			if (p === "..") {
				out.pop();
			} else if (p !== "" && p !== ".") {
				out.push(p);
			}
		}
		return out;
	};
	const walk = (names) => {
		let node = root;
		for (const name of names) {
			if (!node.children) {
				throw fail("ENOTDIR");
			}
			load(node);
			node = node.children.get(name);
			if (!node) {
				throw fail("ENOENT");
			}
		}
		return node;
	};
	const lookup = (path) => walk(parts(path));
	// parentOf returns the directory that holds path, and path's last name.
	const parentOf = (path) => {
		const names = parts(path);
		const name = names.pop();
		if (name === undefined) {
			throw fail("EBUSY"); // the root
		}
		const dir = walk(names);
		if (!dir.children) {
			throw fail("ENOTDIR");
		}
		load(dir);
		return [dir, name];
	};

	const fds = new Map(); // fd -> { node, flags, pos }
	let nextFD = 3;
	const fileOf = (fd) => {
		const f = fds.get(fd);
		if (!f) {
			throw fail("EBADF");
		}
		return f;
	};
	// Fds 0, 1 and 2 have a node of their own, for fstat: under go test a
	// test binary's stdout and stderr are pipes to go test, and its stdin,
	// empty, is like /dev/null. Code that checks for a terminal with
	// os.Stdout.Stat() must get an answer, not EBADF. Their reads and
	// writes never reach these nodes.
	const S_IFCHR = 0o020000;
	const S_IFIFO = 0o010000;
	const stdio = [newNode(S_IFCHR | 0o666), newNode(S_IFIFO | 0o600), newNode(S_IFIFO | 0o600)];

	const statOf = (node) => ({
		dev: 1, ino: node.ino, mode: node.mode, nlink: 1, uid: 0, gid: 0, rdev: 0,
		size: node.size, blksize: 4096, blocks: Math.ceil(node.size / 512),
		atimeMs: node.atimeMs, mtimeMs: node.mtimeMs, ctimeMs: node.ctimeMs,
		isDirectory: () => node.children !== null,
	});

	const resize = (node, size) => {
		load(node);
		node.dirty = true;
		if (size > node.data.length) {
			const data = new Uint8Array(Math.max(size, 2 * node.data.length, 4096));
			data.set(node.data.subarray(0, node.size));
			node.data = data;
		} else if (size < node.size) {
			node.data.fill(0, size, node.size);
		}
		node.size = size;
		node.mtimeMs = Date.now();
	};

	// The operations, synchronous; they throw an error with a code.
	const ops = {
		open(path, flags, mode) {
			let node;
			try {
				node = lookup(path);
				if ((flags & constants.O_CREAT) && (flags & constants.O_EXCL)) {
					throw fail("EEXIST");
				}
			} catch (err) {
				if (err.code !== "ENOENT" || !(flags & constants.O_CREAT)) {
					throw err;
				}
				const [dir, name] = parentOf(path);
				writable(dir);
				node = newNode(S_IFREG | (mode & 0o7777 & ~umask));
				node.dirty = true;
				dir.children.set(name, node);
			}
			const forWriting = flags & (constants.O_WRONLY | constants.O_RDWR);
			if (node.children && forWriting) {
				throw fail("EISDIR");
			}
			if (forWriting) {
				writable(node);
			}
			if (!node.children && (flags & constants.O_DIRECTORY)) {
				throw fail("ENOTDIR");
			}
			if (forWriting && (flags & constants.O_TRUNC)) {
				resize(node, 0);
			}
			const fd = nextFD++;
			fds.set(fd, { node, flags, pos: 0 });
			return fd;
		},
		close(fd) {
			if (stdio[fd]) {
				return; // Go's runtime still writes panics to fd 2
			}
			fileOf(fd);
			fds.delete(fd);
		},
		read(fd, buf, offset, length, position) {
			if (fd === 0) {
				return 0; // stdin is empty
			}
			const f = fileOf(fd);
			if (f.node.children) {
				throw fail("EISDIR");
			}
			load(f.node);
			const pos = position === null ? f.pos : position;
			const n = Math.max(0, Math.min(length, f.node.size - pos));
			buf.set(f.node.data.subarray(pos, pos + n), offset);
			if (position === null) {
				f.pos += n;
			}
			return n;
		},
		write(fd, buf, offset, length, position) {
			const bytes = buf.subarray(offset, offset + length);
			if (fd === 1 || fd === 2) {
				relay.write(fd, bytes);
				return length;
			}
			const f = fileOf(fd);
			if (!(f.flags & (constants.O_WRONLY | constants.O_RDWR))) {
				throw fail("EBADF");
			}
			let pos = position === null ? f.pos : position;
			if (f.flags & constants.O_APPEND) {
				pos = f.node.size;
			}
			load(f.node);
			if (pos + length > f.node.size) {
				resize(f.node, pos + length);
			}
			f.node.data.set(bytes, pos);
			f.node.mtimeMs = Date.now();
			f.node.dirty = true;
			if (position === null) {
				f.pos = pos + length;
			}
			return length;
		},
		fstat: (fd) => statOf(stdio[fd] || fileOf(fd).node),
		stat: (path) => statOf(lookup(path)),
		lstat: (path) => statOf(lookup(path)),
		mkdir(path, perm) {
			const [dir, name] = parentOf(path);
			if (dir.children.has(name)) {
				throw fail("EEXIST");
			}
			writable(dir);
			dir.children.set(name, newNode(S_IFDIR | (perm & 0o7777 & ~umask)));
		},
		readdir(path) {
			const node = lookup(path);
			if (!node.children) {
				throw fail("ENOTDIR");
			}
			load(node);
			return [...node.children.keys()];
		},
		unlink(path) {
			const [dir, name] = parentOf(path);
			const node = lookup(path);
			if (node.children) {
				throw fail("EISDIR");
			}
			writable(dir);
			dir.children.delete(name);
		},
		rmdir(path) {
			const [dir, name] = parentOf(path);
			const node = lookup(path);
			if (!node.children) {
				throw fail("ENOTDIR");
			}
			load(node);
			if (node.children.size > 0) {
				throw fail("ENOTEMPTY");
			}
			writable(dir);
			dir.children.delete(name);
		},
		rename(from, to) {
			const [fromDir, fromName] = parentOf(from);
			const node = walk(parts(from));
			const [toDir, toName] = parentOf(to);
			writable(fromDir);
			writable(toDir);
			load(node);
			const old = toDir.children.get(toName);
			if (old === node) {
				return;
			}
			// As rename(2): a directory cannot move into itself, nor
			// replace a file; a file cannot replace a directory.
			const fromNames = parts(from), toNames = parts(to);
			if (node.children && toNames.length > fromNames.length && fromNames.every((n, i) => toNames[i] === n)) {
				throw fail("EINVAL");
			}
			if (old && node.children && !old.children) {
				throw fail("ENOTDIR");
			}
			if (old && old.children) {
				if (!node.children) {
					throw fail("EISDIR");
				}
				load(old);
				if (old.children.size > 0) {
					throw fail("ENOTEMPTY");
				}
			}
			fromDir.children.delete(fromName);
			toDir.children.set(toName, node);
		},
		truncate(path, length) {
			const node = lookup(path);
			writable(node);
			resize(node, length);
		},
		ftruncate(fd, length) {
			const node = fileOf(fd).node;
			writable(node);
			resize(node, length);
		},
		chmod(path, mode) {
			const node = lookup(path);
			writable(node);
			node.mode = (node.mode & ~0o7777) | (mode & 0o7777);
		},
		fchmod(fd, mode) {
			const node = fileOf(fd).node;
			node.mode = (node.mode & ~0o7777) | (mode & 0o7777);
		},
		utimes(path, atime, mtime) {
			const node = lookup(path);
			writable(node);
			node.atimeMs = atime * 1000;
			node.mtimeMs = mtime * 1000;
		},
		fsync: (fd) => { fileOf(fd); },
		chown: (path) => { lookup(path); },
		fchown: (fd) => { fileOf(fd); },
		lchown: (path) => { lookup(path); },
		link: () => { throw fail("ENOSYS"); },
		symlink: () => { throw fail("ENOSYS"); },
		readlink: () => { throw fail("EINVAL"); },
	};

	const fs = {
		constants,
		writeSync: (fd, buf) => ops.write(fd, buf, 0, buf.length, null),
		cwd: () => cwd,
		chdir(path) {
			if (!lookup(path).children) {
				throw fail("ENOTDIR");
			}
			cwd = "/" + parts(path).join("/");
		},
		// upload sends every file written under a directory of
		// config.writeDirs to the runner.
		upload() {
			for (const dir of config.writeDirs) {
				let node;
				try {
					node = lookup(dir);
				} catch {
					continue;
				}
				const visit = (node, path) => {
					if (node.children) {
						for (const [name, child] of node.children) {
							visit(child, path + "/" + name);
						}
					} else if (node.dirty) {
						relay.request("POST", "fs/write?path=" + encodeURIComponent(path), node.data.subarray(0, node.size));
						node.dirty = false;
					}
				};
				visit(node, dir === "/" ? "" : dir);
			}
		},
	};

	// Lend the host's directories: first the readable ones, then the
	// writable ones, which may lie inside them.
	const mkdirAll = (path) => {
		let node = root;
		for (const name of parts(path)) {
			load(node);
			let child = node.children.get(name);
			if (!child) {
				child = newNode(S_IFDIR | 0o755);
				node.children.set(name, child);
			}
			node = child;
		}
		return node;
	};
	for (const d of config.readDirs) {
		const names = parts(d.path);
		const name = names.pop();
		const parent = mkdirAll("/" + names.join("/"));
		parent.children.set(name, hostNode(d.path, d, true));
	}
	for (const path of config.writeDirs) {
		mkdirAll(path).ro = false;
	}
	cwd = config.cwd;
	// The Node.js API: the last argument is a callback(err, result). The
	// operation is done at once, but, as in Node.js, the callback runs
	// after the function returns (in a microtask). Called before, it would
	// run on the calling goroutine, and a goroutine in a testing/synctest
	// bubble panics there ("goroutine is already bubbled"): Go's
	// syscall/js runs a js.Func made in a bubble inside that bubble.
	for (const [name, op] of Object.entries(ops)) {
		fs[name] = (...args) => {
			const callback = args.pop();
			let err = null;
			let result;
			try {
				result = op(...args);
			} catch (e) {
				if (e.code === undefined) {
					throw e;
				}
				err = e;
			}
			queueMicrotask(() => err === null ? callback(null, result) : callback(err));
		};
	}
	return fs;
};
