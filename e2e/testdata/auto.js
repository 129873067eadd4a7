// auto.js runs the suite named by ?suite= and reports it (see auto.html):
// conformance: { name: { native: trace, wasmws: trace } }; rws: { name: result };
// resume: { label: result } for each [label, scenario, args] of ?cases= (JSON).
const query = new URLSearchParams(location.search);
const suite = query.get('suite');
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
  } else if (suite === 'resume') {
    for (const [label, name, args] of JSON.parse(query.get('cases'))) {
      results[label] = await window.e2e.resume.run(name, args);
    }
  } else {
    throw new Error(`unknown suite ${suite}`);
  }
  await window.e2eReport({ results });
} catch (e) {
  await window.e2eReport({ error: String(e?.stack ?? e) });
}
