// memfs.js defines wasmexecFS, a small in-memory file system in the shape of
// the Node.js fs module that Go's syscall package calls on GOOS=js. The page
// has no disk, yet the testing package needs one: it captures an example's
// output in a temporary file, and t.TempDir, os.CreateTemp and os.MkdirTemp
// create files under $TMPDIR. Everything lives in memory and dies with the
// page; the tree starts with / and /tmp only.
//
// wasmexecFS(output) returns the fs object; bytes written to fds 1 and 2 go
// to output(fd, bytes). It also has cwd() and chdir(path) for
// globalThis.process.
"use strict";

globalThis.wasmexecFS = (output) => {
	const S_IFDIR = 0o040000;
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
	const newNode = (mode) => {
		const now = Date.now();
		return {
			ino: ++lastIno, mode, data: new Uint8Array(0), size: 0,
			children: (mode & S_IFDIR) ? new Map() : null,
			atimeMs: now, mtimeMs: now, ctimeMs: now,
		};
	};
	const root = newNode(S_IFDIR | 0o755);
	root.children.set("tmp", newNode(S_IFDIR | 0o1777));
	let cwd = "/";

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

	const statOf = (node) => ({
		dev: 1, ino: node.ino, mode: node.mode, nlink: 1, uid: 0, gid: 0, rdev: 0,
		size: node.size, blksize: 4096, blocks: Math.ceil(node.size / 512),
		atimeMs: node.atimeMs, mtimeMs: node.mtimeMs, ctimeMs: node.ctimeMs,
		isDirectory: () => node.children !== null,
	});

	const resize = (node, size) => {
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
				node = newNode(S_IFREG | (mode & 0o7777));
				dir.children.set(name, node);
			}
			const writable = flags & (constants.O_WRONLY | constants.O_RDWR);
			if (node.children && writable) {
				throw fail("EISDIR");
			}
			if (!node.children && (flags & constants.O_DIRECTORY)) {
				throw fail("ENOTDIR");
			}
			if (writable && (flags & constants.O_TRUNC)) {
				resize(node, 0);
			}
			const fd = nextFD++;
			fds.set(fd, { node, flags, pos: 0 });
			return fd;
		},
		close(fd) {
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
				output(fd, bytes);
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
			if (pos + length > f.node.size) {
				resize(f.node, pos + length);
			}
			f.node.data.set(bytes, pos);
			f.node.mtimeMs = Date.now();
			if (position === null) {
				f.pos = pos + length;
			}
			return length;
		},
		fstat: (fd) => statOf(fileOf(fd).node),
		stat: (path) => statOf(lookup(path)),
		lstat: (path) => statOf(lookup(path)),
		mkdir(path, perm) {
			const [dir, name] = parentOf(path);
			if (dir.children.has(name)) {
				throw fail("EEXIST");
			}
			dir.children.set(name, newNode(S_IFDIR | (perm & 0o7777)));
		},
		readdir(path) {
			const node = lookup(path);
			if (!node.children) {
				throw fail("ENOTDIR");
			}
			return [...node.children.keys()];
		},
		unlink(path) {
			const [dir, name] = parentOf(path);
			const node = lookup(path);
			if (node.children) {
				throw fail("EISDIR");
			}
			dir.children.delete(name);
		},
		rmdir(path) {
			const [dir, name] = parentOf(path);
			const node = lookup(path);
			if (!node.children) {
				throw fail("ENOTDIR");
			}
			if (node.children.size > 0) {
				throw fail("ENOTEMPTY");
			}
			dir.children.delete(name);
		},
		rename(from, to) {
			const [fromDir, fromName] = parentOf(from);
			const node = walk(parts(from));
			const [toDir, toName] = parentOf(to);
			const old = toDir.children.get(toName);
			if (old && old.children && (!node.children || old.children.size > 0)) {
				throw fail(node.children ? "ENOTEMPTY" : "EISDIR");
			}
			fromDir.children.delete(fromName);
			toDir.children.set(toName, node);
		},
		truncate: (path, length) => resize(lookup(path), length),
		ftruncate: (fd, length) => resize(fileOf(fd).node, length),
		chmod(path, mode) {
			const node = lookup(path);
			node.mode = (node.mode & ~0o7777) | (mode & 0o7777);
		},
		fchmod(fd, mode) {
			const node = fileOf(fd).node;
			node.mode = (node.mode & ~0o7777) | (mode & 0o7777);
		},
		utimes(path, atime, mtime) {
			const node = lookup(path);
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
	};
	// The Node.js API: the last argument is a callback(err, result), called
	// before the function returns, as Go's syscall expects.
	for (const [name, op] of Object.entries(ops)) {
		fs[name] = (...args) => {
			const callback = args.pop();
			let result;
			try {
				result = op(...args);
			} catch (err) {
				if (err.code === undefined) {
					throw err;
				}
				callback(err);
				return;
			}
			callback(null, result);
		};
	}
	return fs;
};
