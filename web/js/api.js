// api.js — the one way the UI talks to the server: the JSON API under
// /api/v1 with the session cookie (HttpOnly, set at login) and, on every
// POST/PUT/DELETE, the X-CSRF-Token header. The token is kept in memory
// only: the login answer gives it, and GET /api/v1/me gives it again to a
// cookie session, so a reload or a new tab needs no new login and nothing
// is left in the browser's storage. Errors come back as ApiError carrying
// the server's {"error","field","message"}; when the server gives the
// message's id and values ("message_id", "params"), the message is said in
// the user's language from the translation file (error.<id>), and the
// server's English text stays in serverMessage. A GET that start.js has
// already started while the page loaded takes that answer (issue 13 part 9).

import { t, has, fmtNumber, fmtDate } from './i18n.js';
import { take } from './start.js';

const BASE = '/api/v1';
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// The message of an error body in the user's language, or the server's own
// text where the translation file has no error.<message_id>.
export function localMessage(body) {
  if (!body || !body.message_id || !has(`error.${body.message_id}`)) return body && body.message;
  const vars = {};
  for (const [name, value] of Object.entries(body.params || {})) {
    // the kind a four-eyes message names ("assessment"): its noun in the user's language
    if (name === 'kind' && has(`noun.${value}`)) vars[name] = t(`noun.${value}`);
    else if (NUMBER.test(value)) vars[name] = fmtNumber(Number(value), { useGrouping: false, maximumFractionDigits: 6 });
    else if (DATE.test(value)) vars[name] = fmtDate(value);
    else vars[name] = value;
  }
  return t(`error.${body.message_id}`, vars);
}

export class ApiError extends Error {
  constructor(status, body) {
    super(localMessage(body) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.error) || 'error';
    this.field = (body && body.field) || null;
    this.messageId = (body && body.message_id) || null;
    this.serverMessage = (body && body.message) || null;
    this.body = body || null; // the whole answer: some carry more (an approval's open points)
  }
}

let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

let csrfToken = null;
let csrfAsked = null; // GET /me for the token, when the page's own /me had none
function csrf() {
  return csrfToken;
}

// The session's CSRF token from the server itself: the page carries GET
// /me without it (http/page.c), so it is asked apart, in the background;
// a write waits for it.
function askToken() {
  csrfAsked = fetch(BASE + '/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((res) => (res.ok ? res.json() : null))
    .then((me) => { if (me && me.csrf) csrfToken = me.csrf; })
    .catch(() => {});
  return csrfAsked;
}

// body: a value sent as JSON; raw: bytes (a File or Blob) sent as they are.
export async function request(method, path, body, raw) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (raw !== undefined) headers['Content-Type'] = 'application/octet-stream';
  if (method !== 'GET') {
    if (!csrfToken && csrfAsked) await csrfAsked;
    const token = csrf();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let res = null;
  const early = method === 'GET' ? take(path) : null;
  if (early) {
    try { res = await early; } catch { res = null; } // asked again below
  }
  try {
    if (!res) {
      const answer = await fetch(BASE + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
      });
      res = { status: answer.status, text: answer.status === 204 ? '' : await answer.text() };
    }
  } catch (err) {
    throw new ApiError(0, { error: 'network', message: String(err && err.message) });
  }
  let data = null;
  if (res.text) {
    try { data = JSON.parse(res.text); } catch { data = { error: 'invalid_response', message: res.text.slice(0, 200) }; }
  }
  if (res.status < 200 || res.status > 299) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && path !== '/session') onUnauthorized(err);
    throw err;
  }
  return data;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const put = (path, body) => request('PUT', path, body);
export const del = (path) => request('DELETE', path);
// POSTs a file's bytes as the raw body (an attachment's upload).
export const postRaw = (path, blob) => request('POST', path, undefined, blob);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Every visible record of a kind (pages of 1000), with FIELD=VALUE filters.
export async function listAll(kind, filters) {
  const items = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await get(`/${kind}${query({ ...filters, limit: 1000, offset })}`);
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

export const getRecord = (kind, id) => get(`/${kind}/${encodeURIComponent(id)}`);
export const createRecord = (kind, record) => post(`/${kind}`, record);
export const replaceRecord = (kind, id, record) => put(`/${kind}/${encodeURIComponent(id)}`, record);
export const deleteRecord = (kind, id, version) =>
  del(`/${kind}/${encodeURIComponent(id)}${version ? `?version=${version}` : ''}`);

// extra: { totp } or { recovery_code } for an account with two-step
// verification (the server answers 401 mfa_required without it). The user
// comes back with enrol_only: true when its clearance needs a second factor
// it has not set up yet (the session may then only enrol).
export async function login(username, password, extra) {
  const answer = await post('/session', { username, password, ...(extra || {}) });
  csrfToken = answer.csrf;
  return { ...answer.user, enrol_only: answer.enrol_only === true };
}

// Who is logged in by the session cookie (throws ApiError 401 when nobody);
// keeps the session's CSRF token that comes with the answer.
export async function whoami() {
  const { csrf: token, ...user } = await get('/me');
  csrfToken = token || null;
  if (!csrfToken) askToken();
  return user;
}

export async function logout() {
  try {
    await del('/session');
  } finally {
    csrfToken = null;
  }
}

export function forgetSession() {
  csrfToken = null;
  csrfAsked = null;
}

// Polls a job (/api/v1/jobs/ID) until it is done or failed; onProgress(0..1,
// the job: status, phase, percent). A failed job rejects with its error
// (message_id "job_cancelled" when it was cancelled, "job_budget" when it ran
// over its time; said in the user's language like any error).
export async function waitForJob(location, onProgress, signal) {
  const path = location.replace(/^\/api\/v1/, '');
  for (;;) {
    if (signal && signal.aborted) throw new ApiError(0, { error: 'aborted', message: 'aborted' });
    const job = await get(path);
    if (onProgress) onProgress(job.progress || 0, job);
    if (job.status === 'done') return job.result;
    if (job.status === 'failed') {
      const body = job.error && typeof job.error === 'object' ? job.error : { error: 'job_failed', message: job.error || 'failed' };
      throw new ApiError(body.message_id === 'job_cancelled' ? 409 : 500, body);
    }
    await new Promise((r) => window.setTimeout(r, 300));
  }
}
