// app.js — the UI's entry point: loads the language, finds out who is
// logged in (GET /api/v1/me), draws the header (menu, language switch,
// logout) and routes the hash (#/processes/drinkwater) to a view. Views are
// modules under views/ with render(ctx) -> optional cleanup function. What a
// user may not use is not drawn at all (users and the audit log are only
// in the coordinator's menu); the server enforces the same rules. A user
// whose clearance needs two-step verification and who has none yet
// (enrol_only) sees only its set-up (#/mfa) until it is confirmed.

import * as api from './api.js';
import { forget as forgetEarlyReads } from './start.js';
import { h, clear, announce, alertBox, upgradeBreadcrumbs } from './dom.js';
import { t, loadLang, storedLang, currentLang, enumLabel, labelsComplete } from './i18n.js';

const routes = [
  { pattern: /^$/, view: 'dashboard', nav: 'dashboard' },
  { pattern: /^dashboard$/, view: 'dashboard', nav: 'dashboard' },
  { pattern: /^processes$/, view: 'processes', nav: 'processes' },
  { pattern: /^processes\/([^/]+)$/, view: 'process', nav: 'processes', params: ['id'] },
  { pattern: /^graph$/, view: 'graph', nav: 'graph' },
  { pattern: /^analyses\/new$/, view: 'analysis', nav: 'processes', params: [] },
  { pattern: /^analyses\/([^/]+)$/, view: 'analysis', nav: 'processes', params: ['id'] },
  { pattern: /^measures$/, view: 'measures', nav: 'measures' },
  { pattern: /^measures\/new$/, view: 'measure_new', nav: 'measures' },
  { pattern: /^measures\/([^/]+)$/, view: 'measure', nav: 'measures', params: ['id'] },
  { pattern: /^frameworks$/, view: 'frameworks', nav: 'frameworks' },
  { pattern: /^frameworks\/([^/]+)$/, view: 'frameworks', nav: 'frameworks', params: ['id'] },
  { pattern: /^compliance$/, view: 'compliance', nav: 'compliance' },
  { pattern: /^compliance\/([^/]+)$/, view: 'compliance', nav: 'compliance', params: ['id'] },
  { pattern: /^incidents$/, view: 'incidents', nav: 'incidents' },
  { pattern: /^requests$/, view: 'requests', nav: 'requests' },
  { pattern: /^requests\/([^/]+)$/, view: 'requests', nav: 'requests', params: ['id'] },
  { pattern: /^events$/, view: 'events', nav: 'events' },
  { pattern: /^audit$/, view: 'audit', nav: 'audit', roles: ['coordinator'] },
  { pattern: /^report$/, view: 'report', nav: 'report', roles: ['coordinator'] },
  { pattern: /^users$/, view: 'users', nav: 'users', roles: ['coordinator'] },
  { pattern: /^notifications$/, view: 'notifications', nav: 'notifications' },
  { pattern: /^mfa$/, view: 'mfa', nav: 'mfa' },
];

const navItems = [
  { id: 'dashboard', href: '#/dashboard' },
  { id: 'processes', href: '#/processes' },
  { id: 'graph', href: '#/graph' },
  { id: 'measures', href: '#/measures' },
  { id: 'frameworks', href: '#/frameworks' },
  { id: 'compliance', href: '#/compliance' },
  { id: 'incidents', href: '#/incidents' },
  { id: 'requests', href: '#/requests' },
  { id: 'events', href: '#/events' },
  { id: 'users', href: '#/users', roles: ['coordinator'] },
  { id: 'audit', href: '#/audit', roles: ['coordinator'] },
  { id: 'report', href: '#/report', roles: ['coordinator'] },
];

// A view's module: the one the page carries (the built page holds the
// dashboard's, scripts/web-first.mjs) or else from the server. A URL in a
// variable, so that a bundler leaves the other views out.
function loadView(name) {
  const url = `/assets/js/views/${name}.js`;
  const carried = globalThis.__vitaalModules && globalThis.__vitaalModules[url];
  return carried ? Promise.resolve(carried) : import(url);
}

// The whole stylesheets. The built page carries only the rules of the first
// screen and names the stylesheets in a data block (scripts/web-first.mjs);
// linked here, by a script, they do not hold up the first screen. Settles
// when each has loaded or failed (at once on an unbuilt page, which links
// them itself).
function loadStylesheets() {
  const block = document.getElementById('stylesheets');
  if (!block) return Promise.resolve();
  let sheets = [];
  try { sheets = JSON.parse(block.textContent); } catch { /* none then */ }
  block.remove();
  return Promise.all(sheets.map(({ href, id }) => new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    if (id) link.id = id; // cytoscape's own, see index.html
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve);
    document.head.appendChild(link);
  })));
}
let stylesheets = Promise.resolve();

const state = { user: null, cleanup: null, renderId: 0, returnTo: null, notifyTimer: null };
const NOTIFY_POLL_MS = 60000;

export function currentUser() {
  return state.user;
}

// After the set-up of two-step verification: the session may do everything.
export function enrolled() {
  if (state.user) state.user = { ...state.user, enrol_only: false, mfa: 'enrolled' };
}

function parseHash() {
  const raw = decodeURIComponent(window.location.hash.replace(/^#\/?/, ''));
  const [path, search] = raw.split('?');
  return { path: path.replace(/\/$/, ''), query: new URLSearchParams(search || '') };
}

export function navigate(hash) {
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

function drawHeader() {
  document.getElementById('skip-link').textContent = t('app.skip');
  document.getElementById('brand-name').textContent = t('app.name');
  const nav = clear(document.getElementById('nav'));
  nav.setAttribute('aria-label', t('nav.label'));
  const tools = clear(document.getElementById('header-tools'));
  const other = currentLang() === 'nl' ? 'en' : 'nl';
  tools.appendChild(h('button', {
    type: 'button', id: 'lang-switch', lang: other, class: 'subtle',
    onclick: () => switchLanguage(other),
  }, t(`app.switch_to_${other}`)));
  if (!state.user) return;
  if (state.user.enrol_only) {
    // nothing but the set-up of two-step verification, and logging out
    tools.insertBefore(h('span', { class: 'who', id: 'who' },
      t('app.logged_in_as', { user: state.user.username, role: enumLabel('role', state.user.role), org: state.user.org })),
    tools.firstChild);
    tools.appendChild(h('button', { type: 'button', id: 'logout', onclick: doLogout }, t('app.logout')));
    return;
  }
  const { active } = matchRoute(parseHash().path);
  // on a narrow screen the menu folds behind a disclosure button (app.css
  // shows the button and hides the list below 48em); each route closes it
  const toggle = h('button', {
    type: 'button', id: 'nav-toggle', class: 'nav-toggle subtle', 'aria-expanded': 'false', 'aria-controls': 'nav-list',
    onclick: () => toggle.setAttribute('aria-expanded', String(toggle.getAttribute('aria-expanded') !== 'true')),
  }, h('span', { class: 'nav-toggle-icon', 'aria-hidden': 'true' }), t('nav.menu'));
  nav.appendChild(toggle);
  nav.appendChild(h('ul', {
    id: 'nav-list', class: 'rhc-nav-bar__list',
    onclick: (ev) => { if (ev.target.closest('a')) toggle.setAttribute('aria-expanded', 'false'); },
    onkeydown: (ev) => {
      if (ev.key !== 'Escape' || toggle.getAttribute('aria-expanded') !== 'true' || !toggle.offsetParent) return;
      toggle.setAttribute('aria-expanded', 'false');
      toggle.focus();
    },
  }, navItems
    .filter((item) => !item.roles || item.roles.includes(state.user.role))
    .map((item) => h('li', { class: 'rhc-nav-bar__item' }, h('a', {
      href: item.href, class: 'rhc-nav-bar__link', 'aria-current': active === item.id ? 'page' : null, 'data-nav': item.id,
    }, t(`nav.${item.id}`))))));
  tools.insertBefore(h('span', { class: 'who', id: 'who' },
    t('app.logged_in_as', { user: state.user.username, role: enumLabel('role', state.user.role), org: state.user.org })),
  tools.firstChild);
  tools.insertBefore(h('a', {
    href: '#/notifications', id: 'notify-link', class: 'notify-link',
    'aria-current': active === 'notifications' ? 'page' : null,
  }, h('span', { class: 'notify-label' }, t('notifications.link')), ' ', h('span', { class: 'nl-number-badge notify-count', id: 'notify-count', hidden: true })), tools.firstChild.nextSibling);
  tools.appendChild(h('a', {
    href: '#/mfa', id: 'mfa-link', class: 'notify-link', 'aria-current': active === 'mfa' ? 'page' : null,
  }, t('mfa.link')));
  tools.appendChild(h('button', { type: 'button', id: 'logout', class: 'subtle', onclick: doLogout }, t('app.logout')));
  refreshNotificationCount();
}

// The header's count of unread notifications (GET /api/v1/notifications),
// read on every page and every minute while logged in.
export async function refreshNotificationCount() {
  window.clearTimeout(state.notifyTimer);
  if (!state.user) return;
  state.notifyTimer = window.setTimeout(refreshNotificationCount, NOTIFY_POLL_MS);
  let unread;
  try {
    unread = (await api.get('/notifications')).unread;
  } catch {
    return; // the header stands without it
  }
  const count = document.getElementById('notify-count');
  const link = document.getElementById('notify-link');
  if (!count || !link) return;
  count.textContent = String(unread);
  count.hidden = unread === 0;
  link.setAttribute('aria-label', t('notifications.link_count', { n: unread }));
  link.dataset.unread = String(unread);
}

function matchRoute(path) {
  for (const r of routes) {
    const m = path.match(r.pattern);
    if (!m) continue;
    if (r.roles && (!state.user || !r.roles.includes(state.user.role))) return { route: null, active: null };
    const params = {};
    (r.params || []).forEach((name, i) => { params[name] = m[i + 1]; });
    return { route: r, params, active: r.nav };
  }
  return { route: null, active: null };
}

async function switchLanguage(next) {
  await loadLang(next);
  announce(t('app.language_changed'));
  route({ keepFocus: true });
  document.getElementById('lang-switch').focus();
}

async function doLogout() {
  try { await api.logout(); } catch { /* the session may be gone already */ }
  state.user = null;
  window.clearTimeout(state.notifyTimer);
  window.location.hash = '#/';
  showLogin();
  announce(t('login.logged_out'));
}

function runCleanup() {
  if (state.cleanup) {
    try { state.cleanup(); } catch { /* a view's cleanup must not stop navigation */ }
    state.cleanup = null;
  }
}

async function showLogin(message) {
  forgetEarlyReads();
  runCleanup();
  state.renderId += 1;
  document.body.dataset.ready = '0';
  drawHeader();
  const main = clear(document.getElementById('main'));
  await Promise.all([stylesheets, labelsComplete()]);
  const view = await loadView('login');
  view.render({
    main,
    message,
    onLogin: (user) => {
      state.user = user;
      const back = state.returnTo;
      state.returnTo = null;
      if (back && back !== window.location.hash) window.location.hash = back;
      else route();
    },
  });
  document.title = `${t('login.title')} — ${t('app.name')}`;
  document.body.dataset.view = 'login';
  document.body.dataset.ready = '1';
}

async function route(opts = {}) {
  if (!state.user) return showLogin();
  runCleanup();
  const id = ++state.renderId;
  document.body.dataset.ready = '0';
  drawHeader();
  const { path, query } = parseHash();
  const main = clear(document.getElementById('main'));
  const { route: r, params } = matchRoute(state.user.enrol_only ? 'mfa' : path);
  if (!r) {
    main.appendChild(h('h1', { tabindex: '-1' }, t('app.not_found')));
    main.appendChild(h('p', null, h('a', { href: '#/dashboard' }, t('nav.dashboard'))));
    finishRender(main, opts, 'not_found');
    return;
  }
  const container = h('div', { class: `view view-${r.view}` });
  main.appendChild(container);
  try {
    // the dashboard draws with the rules and labels the page carries; the
    // other views wait for the whole stylesheets and labels (issue 13 part 9)
    if (r.view !== 'dashboard') await Promise.all([stylesheets, labelsComplete()]);
    const view = await loadView(r.view);
    if (id !== state.renderId) return;
    const cleanup = await view.render({
      main: container, params, query, user: state.user, navigate,
      alive: () => id === state.renderId,
    });
    if (id !== state.renderId) {
      if (typeof cleanup === 'function') cleanup();
      return;
    }
    state.cleanup = typeof cleanup === 'function' ? cleanup : null;
  } catch (err) {
    if (id !== state.renderId) return;
    if (err instanceof api.ApiError && err.status === 401) return;
    clear(container);
    container.appendChild(h('h1', { tabindex: '-1' }, t(err.status === 404 ? 'app.not_found' : 'app.error_title')));
    container.appendChild(alertBox('error', h('p', null, err.message)));
  }
  finishRender(main, opts, r.view);
}

// Titles the page after its h1, moves focus there on navigation, and marks
// the view as drawn (body[data-view][data-ready="1"], which the browser
// tests wait for).
function finishRender(main, opts, view) {
  forgetEarlyReads(); // what start.js read served the first screen only
  upgradeBreadcrumbs(main);
  document.body.dataset.view = view;
  document.body.dataset.ready = '1';
  const h1 = main.querySelector('h1');
  document.title = h1 ? `${h1.textContent} — ${t('app.name')}` : t('app.name');
  if (h1 && !opts.keepFocus && !opts.initial) {
    if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
    h1.focus();
  }
}

async function boot() {
  stylesheets = loadStylesheets();
  // the labels and who is logged in at once (GET /me is under way already:
  // start.js), not one after the other
  const who = api.whoami().catch(() => null);
  await loadLang(storedLang());
  api.setUnauthorizedHandler(() => {
    if (!state.user) return;
    state.user = null;
    state.returnTo = window.location.hash;
    showLogin(t('login.expired'));
  });
  window.addEventListener('hashchange', () => route());
  // the skip link must not change the hash: that is the router's
  document.getElementById('skip-link').addEventListener('click', (ev) => {
    ev.preventDefault();
    document.getElementById('main').focus();
  });
  state.user = await who;
  if (!state.user) {
    api.forgetSession();
    showLogin();
  } else {
    route({ initial: true });
  }
}

// Starts the UI (js/main.js, or the first screen's script in the built page).
export function start() {
  boot().catch((err) => {
    const main = document.getElementById('main');
    clear(main).appendChild(alertBox('error', h('p', null, String(err && err.message))));
  });
}
