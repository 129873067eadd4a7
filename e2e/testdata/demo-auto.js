// demo-auto.js drives the demo in the frame (see demo-auto.html): connect,
// echo text and binary, drop the connection and see it reconnect, echo
// again. The frame's console errors and exceptions count as the page's.
const frame = document.getElementById('demo');
const step = { name: 'loading the demo' };

/** Resolves once cond() is true (checked every 50 ms); rejects after 20 s. */
function waitFor(name, cond) {
  step.name = name;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const check = () => {
      if (cond()) {
        resolve();
      } else if (performance.now() - start > 20000) {
        reject(new Error(`timed out waiting for: ${name}`));
      } else {
        setTimeout(check, 50);
      }
    };
    check();
  });
}

/** Copies the frame's console errors and exceptions into the page's. */
function watch(w) {
  const original = w.console.error.bind(w.console);
  w.console.error = (...args) => {
    window.e2eErrors.push(`error: ${args.map(String).join(' ')}`);
    original(...args);
  };
  w.addEventListener('error', (ev) => window.e2eErrors.push(`exception: ${ev.message}`));
  w.addEventListener('unhandledrejection', (ev) => window.e2eErrors.push(`exception: ${ev.reason?.stack ?? ev.reason}`));
}

try {
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = '/index.html';
  await loaded;
  const w = frame.contentWindow;
  const d = frame.contentDocument;
  watch(w);
  const $ = (id) => d.getElementById(id);
  const logHas = (text, n) => [...d.querySelectorAll('#log li')].filter((li) => li.textContent.includes(text)).length >= n;
  const sendText = (text) => {
    $('text').value = text;
    $('send-text').click();
  };

  await waitFor('the demo ready', () => d.body.dataset.ready === 'true');
  $('connect').click();
  await waitFor('state open', () => $('state').textContent === 'open');
  sendText('hello from the test');
  await waitFor('the text echo', () => logHas('echo: hello from the test', 1));
  $('send-binary').click();
  await waitFor('the binary echo', () => logHas('echo: 1024 bytes (binary', 1));
  $('fault-drop').click();
  await waitFor('the reconnect to the drop fault', () => logHas('close 1000 "reconnect" clean', 1));
  await waitFor('the probe echo', () => logHas('echo: probe', 1));
  await waitFor('the drop', () => logHas('close 1006', 1));
  await waitFor('reconnecting', () => logHas('reconnecting: attempt', 1));
  await waitFor('the third open', () => logHas('open ws://', 3) && $('state').textContent === 'open');
  sendText('back again');
  await waitFor('the echo after the drop', () => logHas('echo: back again', 1));
  // Let the chart draw a few samples before the screenshot.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await window.e2eReport({ results: { log: [...d.querySelectorAll('#log li')].map((li) => li.textContent) } });
} catch (e) {
  const log = frame.contentDocument ? [...frame.contentDocument.querySelectorAll('#log li')].map((li) => li.textContent) : [];
  await window.e2eReport({ error: `${step.name}: ${e?.stack ?? e}`, results: { log } });
}
