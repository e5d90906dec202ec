// start.js — starts the first screen's reads at once (issue 13 part 9).
// index.html loads it as its own small module (async, no imports), so it
// runs as soon as it arrives, while the rest of the UI's modules are still
// on their way; without it the reads would wait for every module, then for
// the language, then for GET /me, then for each other: one network round
// trip (half a second on a slow mobile connection) per step.
//
// The built page carries those answers itself (see carried() below); else
// it reads GET /me and, when the page opens on the dashboard (#/ or
// #/dashboard, not a past day), the moment /me says who is logged in,
// every read the dashboard draws from, all at once. api.js takes an answer from here in
// place of asking the server again (the same path, GET only), until the
// first screen is drawn (app.js calls forget()): later reads always ask
// the server. Nothing is decided here: the server answers each read under
// the user's need-to-know as always.

const BASE = '/api/v1';
const started = new Map(); // path under /api/v1 -> Promise<{ status, text }>

function read(path) {
  const answer = fetch(BASE + path, { credentials: 'same-origin' })
    .then(async (res) => ({ status: res.status, text: res.status === 204 ? '' : await res.text() }));
  answer.catch(() => {}); // a failed read is the taker's to report (api.js asks again)
  started.set(path, answer);
  return answer;
}

// The dashboard's reads (views/dashboard.js, views/todo.js and the
// header's count of notifications).
export function dashboardReads() {
  // (a provider's risk picture too: the dashboard shows its common causes)
  return ['/status', '/measures?limit=1000&offset=0', '/incident-deadlines', '/review-status', '/notifications',
    '/risk-picture?residual=true&summary=true'];
}

function onDashboard() {
  const raw = decodeURIComponent(window.location.hash.replace(/^#\/?/, ''));
  const [path, search] = raw.split('?');
  const view = path.replace(/\/$/, '');
  return (view === '' || view === 'dashboard') && !new URLSearchParams(search || '').get('as_of');
}

// The answer started here for GET path, or null (then api.js asks itself).
export function take(path) {
  return started.get(path) || null;
}

// After the first screen: every later read asks the server.
export function forget() {
  started.clear();
}

// The answers the page itself carries (http/page.c): the server asked
// them for this user while it made the page, so on the first load no read
// waits for a round trip of its own. GET /me comes without the session's
// CSRF token there (api.js asks for it apart).
function carried() {
  const block = document.getElementById('first-reads');
  if (!block) return false;
  let reads;
  try { reads = JSON.parse(block.textContent); } catch { return false; }
  block.remove(); // read once: later reads ask the server
  for (const [path, { status, body }] of Object.entries(reads)) {
    started.set(path, Promise.resolve({ status, text: JSON.stringify(body) }));
  }
  return started.has('/me');
}

if (!carried()) read('/me').then(({ status, text }) => {
  if (status !== 200 || !onDashboard()) return;
  let user;
  try { user = JSON.parse(text); } catch { return; }
  if (user.enrol_only) return; // it sees only the set-up of two-step verification
  for (const path of dashboardReads()) if (!started.has(path)) read(path);
}).catch(() => {});
