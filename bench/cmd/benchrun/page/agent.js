/**
 * The page's side of benchrun's agent (bench/cmd/benchrun/agent.go), which
 * drives this page in engines benchrun has no DevTools connection to
 * (Firefox, WebKit): it asks the agent for the next call of one of this
 * page's functions, runs it, and posts the result back; console.log lines
 * (the progress lines) go to the agent too. The agent listens on another
 * port: the requests are ones a page may send cross-origin without a
 * preflight (GET, and POST of text/plain), and the agent allows the page
 * to read its answers.
 *
 * @param {string} agent the agent's base URL, ending in '/'
 * @param {Object<string, function(*): Promise<*>>} fns what the agent may call
 */
export async function serve(agent, fns) {
  const log = console.log.bind(console);
  console.log = (...args) => {
    log(...args);
    fetch(agent + 'log', { method: 'POST', body: args.join(' '), keepalive: true }).catch(() => {});
  };
  for (;;) {
    const res = await fetch(agent + 'next');
    if (res.status === 204) return; // the agent is done with this page
    if (res.status !== 200) continue; // no call yet: ask again
    const { id, fn, arg } = await res.json();
    let reply;
    try {
      reply = { id, value: await fns[fn](arg) };
    } catch (err) {
      reply = { id, error: String((err && err.message) || err) };
    }
    await fetch(agent + 'result', { method: 'POST', body: JSON.stringify(reply) });
  }
}
