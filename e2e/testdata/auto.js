// auto.js runs the suite named by ?suite= and reports it (see auto.html):
// conformance: { name: { native: trace, wasmws: trace } }; rws: { name: result }.
const suite = new URLSearchParams(location.search).get('suite');
try {
  await window.e2e.ready;
  const results = {};
  if (suite === 'conformance') {
    for (const name of window.e2e.conformance.names) {
      results[name] = {
        native: await window.e2e.conformance.run(name, 'native'),
        wasmws: await window.e2e.conformance.run(name, 'wasmws'),
      };
    }
  } else if (suite === 'rws') {
    for (const name of window.e2e.rws.names) {
      results[name] = await window.e2e.rws.run(name);
    }
  } else {
    throw new Error(`unknown suite ${suite}`);
  }
  await window.e2eReport({ results });
} catch (e) {
  await window.e2eReport({ error: String(e?.stack ?? e) });
}
