// main.js loads wasmws and exposes the test code to the Go tests, which call
// window.e2e.* through the DevTools protocol once window.e2e.ready resolves.
import { load } from '../wasmws.js';
import * as conformance from './conformance.js';
import * as rws from './rws.js';
import * as resume from './resume.js';
import * as bench from './bench.js';

/** The echo endpoint's URL, with a query. */
function echo(query = '') {
  const u = new URL('/echo', location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.search = query;
  return u.href;
}

const env = { host: location.host, echo };

window.e2e = {
  ready: load().then((ns) => ns.version),
  env,
  conformance: {
    names: conformance.names,
    run: (name, which) => conformance.run(name, which, env),
  },
  rws: {
    names: rws.names,
    run: (name) => rws.run(name, env),
  },
  resume: {
    names: resume.names,
    run: (name, args) => resume.run(name, env, args),
  },
  bench: (opts) => bench.run({ ...opts, env }),
};
