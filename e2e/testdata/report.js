// report.js (a classic script, so it runs first) records the page's console
// errors and uncaught exceptions, and defines window.e2eReport(body), which
// posts body, with those errors, to /e2e-report/TOKEN (TOKEN from the query).
(() => {
  const errors = [];
  const original = console.error.bind(console);
  console.error = (...args) => {
    errors.push(`error: ${args.map(String).join(' ')}`);
    original(...args);
  };
  window.addEventListener('error', (ev) => errors.push(`exception: ${ev.message}`));
  window.addEventListener('unhandledrejection', (ev) => errors.push(`exception: ${ev.reason?.stack ?? ev.reason}`));
  window.e2eErrors = errors;
  const token = new URLSearchParams(location.search).get('token');
  window.e2eReport = (body) =>
    fetch(`/e2e-report/${token}`, { method: 'POST', body: JSON.stringify({ ...body, console: errors }) });
})();
