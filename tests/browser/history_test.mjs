// history_test.mjs — the history of a record and the dashboard's as-of day
// in the browser, against the real server (tests/integration/browser_test.sh
// runs it on the demo database): a department user changes the summary of
// one of its ministry's analyses, opens the analysis's history and reads the
// change in words, in Dutch and in English, with the time in Amsterdam's
// zone as the API's version gives it; it is offered no restore. The
// coordinator restores the version before: the record goes back (API and
// form), and a new "restore" version heads the history; the process page
// (the process and its latest assessment) and a measure's page show their
// histories too, a status change in words; a restore the server refuses
// (the version names a risk that is gone) is said in the history's place
// and changes nothing. A department user of another ministry finds
// neither the analysis nor its history (404). The dashboard with a
// peildatum in 2019 shows the clock and the risk diagram of GET
// /api/v1/status?as_of= and /risk-picture?as_of=, marked as such; a day in
// the future is refused beside the field. Every screen passes an axe-core
// scan and is photographed; no page error, no CSP refusal, no request to
// another host.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, waitView, axe, shot, check, step, summary, apiClient,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const user = (role) => users.find((u) => u.role === role);
const dept = user('department');
const coord = user('coordinator');
const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const dialogs = [];
page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
const started = Date.now();
const stamp = Date.now().toString(36);
const admin = await apiClient(coord.username, coord.password);
const deptApi = await apiClient(dept.username, dept.password);
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();

// an analysis of the demo (imported, with a summary), of the department's
// own ministry, that it may still change: not one the other suites made
const mine = (await deptApi.list('analyses'))
  .filter((a) => a.owner === dept.org && a.status !== 'final' && a.summary)
  .map((a) => a.id).sort();
let analysisId = null;
for (const id of mine) {
  const versions = (await deptApi.get(`/analyses/${id}/history`)).body.versions;
  if (versions[versions.length - 1].via === 'import') { analysisId = id; break; }
}
const original = analysisId ? (await admin.get(`/analyses/${analysisId}`)).body : null;
const changed = `Samenvatting aangepast in de browser (${stamp}): de betaalketen hield stand.`;
const amsterdam = (lang, iso) => new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
  dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam',
}).format(new Date(iso));

async function openHistory() {
  await page.click('#history-details > summary');
  await page.waitForSelector('#history[data-loaded="1"] #history-list > li');
}

check(`the demo holds an analysis of ${dept.org} with a summary that is not final`, Boolean(original), mine.join(', '));

await step('a department user changes the summary and reads the history', async () => {
  await login(page, dept.username, dept.password);
  await go(page, `#/analyses/${analysisId}`, 'analysis');
  check('the history is not read before it is opened', (await page.$('#history[data-loaded="1"]')) === null
    && (await page.isVisible('#history-details > summary')));
  await page.fill('#analysis-summary', changed);
  await page.click('#save-analysis');
  await page.waitForSelector('#analysis-messages .alert.success');
  const stored = (await deptApi.get(`/analyses/${analysisId}`)).body;
  check('the summary is stored at a new version', stored.summary === changed && stored.version === original.version + 1,
    JSON.stringify(stored).slice(0, 300));

  await openHistory();
  const versions = (await deptApi.get(`/analyses/${analysisId}/history`)).body.versions;
  const newest = versions[0];
  const items = await page.$$eval('#history-list > li', (els) => els.map((e) => e.dataset.version));
  check('every version is listed, newest first, as the API gives them',
    JSON.stringify(items) === JSON.stringify(versions.map((v) => String(v.version))), `${items} / ${versions.map((v) => v.version)}`);
  const head = await text('#history-list > li:first-child .history-head');
  check('the newest version: its number, the time in Amsterdam, the user and the door, in Dutch',
    head === `Versie ${newest.version} — ${amsterdam('nl', newest.at)}, door ${dept.username} via de API`, head);
  const first = await text('#history-list > li:first-child .history-changes');
  check('... and the change in words: "Samenvatting gewijzigd"', newest.changes.length === 1 && newest.changes[0].field === 'summary'
    && /^Samenvatting gewijzigd/.test(first) && !first.includes('summary'), first);
  await page.click('#history-list > li:first-child details.history-text > summary');
  const full = await text('#history-list > li:first-child details.history-text dl');
  check('the long text is shown in full on request, before and after', full.includes(changed)
    && full.includes(String(original.summary).slice(0, 40)), full);
  const oldest = await text('#history-list > li:last-child');
  check('the first version says it was imported, by whom',
    oldest.includes('Aangemaakt') && oldest.includes('via een import') && oldest.includes(versions[versions.length - 1].actor), oldest);
  check('a department user is offered no restore', (await page.$('#history button[data-action="restore"]')) === null);
  await axe(page, 'analysis with its history (Dutch)');
  await shot(page, '40-history');
  await page.setViewportSize({ width: 320, height: 700 });
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  check('at 320 px the open history fits the screen (no sideways scrolling)', widths.scroll <= widths.inner, JSON.stringify(widths));
  await axe(page, 'analysis with its history at 320 px');
  await page.setViewportSize({ width: 1400, height: 1000 });

  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.body.dataset.ready === '1');
  await openHistory();
  const headEn = await text('#history-list > li:first-child .history-head');
  const firstEn = await text('#history-list > li:first-child .history-changes');
  check('in English: "Version N — <Amsterdam time>, by <user> through the API: Summary changed"',
    headEn === `Version ${newest.version} — ${amsterdam('en', newest.at)}, by ${dept.username} through the API`
    && /^Summary changed/.test(firstEn), `${headEn} / ${firstEn}`);
  await axe(page, 'analysis with its history (English)');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'nl' && document.body.dataset.ready === '1');
  await logout(page);
});

await step('the coordinator restores the version before', async () => {
  await login(page, coord.username, coord.password);
  await go(page, `#/analyses/${analysisId}`, 'analysis');
  await openHistory();
  const before = original.version;
  const newest = original.version + 1;
  check('the coordinator is offered a restore for earlier versions, not for the current one',
    (await page.$(`#history-list > li[data-version="${before}"] button[data-action="restore"]`)) !== null
    && (await page.$(`#history-list > li[data-version="${newest}"] button[data-action="restore"]`)) === null);
  await page.click(`#history-list > li[data-version="${before}"] button[data-action="restore"]`);
  await page.waitForSelector('#analysis-messages .alert.success');
  await page.waitForSelector('#history[data-loaded="1"] #history-list > li[data-op="restore"]');
  check('a confirm step came first, naming the version', dialogs.some((m) => m.includes(`Versie ${before}`)), dialogs.join(' | '));
  const stored = (await admin.get(`/analyses/${analysisId}`)).body;
  check('the record is back as it was, at a new version',
    stored.summary === original.summary && stored.version === newest + 1, JSON.stringify(stored).slice(0, 300));
  check('the form shows the summary as it was', (await page.inputValue('#analysis-summary')) === original.summary);
  const flash = await text('#analysis-messages .alert.success');
  check('the page says which version came back as which', flash.includes(`Versie ${before}`) && flash.includes(`versie ${newest + 1}`), flash);
  const versions = (await admin.get(`/analyses/${analysisId}/history`)).body.versions;
  check('the API\'s history heads with a restore by the coordinator',
    versions[0].op === 'restore' && versions[0].version === newest + 1 && versions[0].actor === coord.username,
    JSON.stringify(versions[0]));
  const top = await text('#history-list > li:first-child');
  check('the history, opened again, heads with the restore in words',
    (await page.getAttribute('#history-list > li:first-child', 'data-version')) === String(newest + 1)
    && top.includes('Teruggezet') && top.includes('Samenvatting gewijzigd') && top.includes(`door ${coord.username}`), top);
  await axe(page, 'analysis history after a restore');
  await shot(page, '41-history-restored');

  // the same history on the process page (the process and its latest
  // assessment) and on a measure's page
  const pid = original.process;
  await go(page, `#/processes/${pid}`, 'process');
  for (const [sel, kind, id] of [['#history', 'processes', pid], ['#assessment-history', 'assessments', await page.getAttribute('#assessment-history', 'data-id')]]) {
    await page.click(`${sel}-details > summary`);
    await page.waitForSelector(`${sel}[data-loaded="1"] ${sel}-list > li`);
    const want = (await admin.get(`/${kind}/${id}/history`)).body.versions.map((v) => String(v.version));
    const got = await page.$$eval(`${sel}-list > li`, (els) => els.map((e) => e.dataset.version));
    check(`process page: the history of the ${kind === 'processes' ? 'process' : 'latest assessment'} lists the API's versions`,
      Boolean(id) && JSON.stringify(got) === JSON.stringify(want), `${id}: ${got} / ${want}`);
  }
  await axe(page, 'process page with the process\'s and the assessment\'s history');
  const measure = (await admin.list('measures')).filter((m) => m.status === 'planned').map((m) => m.id).sort()[0];
  const was = (await admin.get(`/measures/${measure}`)).body;
  const put = await admin.put(`/measures/${measure}`, { ...was, status: 'in_progress' });
  await go(page, `#/measures/${measure}`, 'measure');
  await openHistory();
  const line = await text('#history-list > li:first-child');
  check('measure page: a status change in words, "Status gewijzigd van gepland naar in uitvoering"',
    put.status === 200 && line.includes(`door ${coord.username} via de API`) && line.includes('Status gewijzigd van gepland naar in uitvoering'), line);
  await admin.put(`/measures/${measure}`, { ...put.body, status: 'planned' });
  await logout(page);
});

await step('a restore the server refuses is said, and nothing changes', async () => {
  // a measure whose first version names a risk that is gone since
  const riskId = `r-hist-${stamp}`;
  const msId = `ms-hist-${stamp}`;
  const threat = (await admin.list('threats'))[0].id;
  const made = [
    await admin.post('/risks', {
      id: riskId, analysis: analysisId, threat, scenario: 'Tijdelijk risico', likelihood: 'B',
      classification: original.classification, owner: original.owner,
    }),
    await admin.post('/measures', {
      id: msId, name: 'Tijdelijke maatregel', kind: 'other', scope: 'sectoral', processes: [original.process],
      risks: [riskId], classification: original.classification, owner: original.owner,
    }),
  ];
  const first = (await admin.get(`/measures/${msId}`)).body;
  const second = (await admin.put(`/measures/${msId}`, { ...first, risks: [] })).body;
  const gone = await admin.del(`/risks/${riskId}`);
  check('set up: a measure of two versions, the risk of the first deleted',
    made.every((r) => r.status === 201) && second.version === first.version + 1 && gone.status === 204,
    JSON.stringify(made.map((r) => r.status)));
  await login(page, coord.username, coord.password);
  await go(page, `#/measures/${msId}`, 'measure');
  await openHistory();
  await page.click(`#history-list > li[data-version="${first.version}"] button[data-action="restore"]`);
  await page.waitForSelector('#history-messages .alert.error');
  const said = await text('#history-messages .alert.error');
  check('the refusal (409) is said in Dutch in the history, with the focus on it',
    said.includes('Niet teruggezet') && said.includes('records die er niet meer zijn')
    && await page.evaluate(() => document.activeElement.closest('#history-messages') !== null), said);
  check('... and the measure stays as it was', (await admin.get(`/measures/${msId}`)).body.version === second.version);
  await axe(page, 'measure history with a refused restore');
  await logout(page);
});

await step('another ministry\'s user does not reach the history', async () => {
  const other = { username: `hist-ezk-${stamp}`, password: `pw-hist-ezk-${stamp}-0123456789` };
  const made = await admin.post('/users', {
    username: other.username, password: other.password, role: 'department', org: dept.org === 'ezk' ? 'ienw' : 'ezk', clearance: 'secret',
  });
  check('a department user of another ministry is added', made.status === 201 || made.status === 200, JSON.stringify(made.body));
  const otherApi = await apiClient(other.username, other.password);
  check('the API: the analysis and its history are 404 for it',
    (await otherApi.get(`/analyses/${analysisId}`)).status === 404 && (await otherApi.get(`/analyses/${analysisId}/history`)).status === 404);
  await login(page, other.username, other.password);
  await go(page, `#/analyses/${analysisId}`, 'analysis');
  check('the browser: the analysis page says "not found" and shows no history',
    (await text('main h1')) === 'Niet gevonden' && (await page.$('#history')) === null);
  await logout(page);
});

await step('the dashboard on an earlier day', async () => {
  const day = '2019-12-31';
  const counts = (status) => {
    const c = { overdue: 0, due_soon: 0, never: 0, current: 0 };
    for (const p of status.processes) c[p.state] += 1;
    return c;
  };
  const shown = async () => Object.fromEntries(await page.$$eval('a[data-clock]', (els) =>
    els.map((e) => [e.dataset.clock, e.querySelector('.count').textContent.trim()])));
  const then = (await admin.get(`/status?as_of=${day}`)).body;
  const now = (await admin.get('/status')).body;
  await login(page, coord.username, coord.password);
  await go(page, '#/dashboard', 'dashboard');
  check('today: no as-of notice', (await page.$('#as-of-notice')) === null);
  await page.fill('#as-of', day);
  await page.click('#as-of-show');
  await page.waitForSelector('#as-of-notice');
  await waitView(page, 'dashboard');
  check('the heading says "Stand per 31 december 2019"', (await text('main h1')).endsWith('Stand per 31 december 2019'), await text('main h1'));
  const want = Object.fromEntries(Object.entries(counts(then)).map(([k, v]) => [k, String(v)]));
  const got = await shown();
  check('the clock is that of GET /api/v1/status?as_of=2019-12-31',
    JSON.stringify(got) === JSON.stringify(Object.fromEntries(Object.keys(got).map((k) => [k, want[k]]))) && Object.keys(got).length === 4,
    `${JSON.stringify(got)} / ${JSON.stringify(want)}`);
  check('... which is not today\'s', JSON.stringify(counts(then)) !== JSON.stringify(counts(now)),
    `${JSON.stringify(counts(then))} / ${JSON.stringify(counts(now))}`);
  const picture = await admin.get(`/risk-picture?as_of=${day}`);
  if (picture.status === 200) {
    const cells = await page.$$eval('#risk-table td[data-cell]', (els) => els.map((e) => [e.dataset.cell, e.textContent.trim()]));
    const cellWant = new Map(picture.body.diagram.cells.map((c) => [`${c.likelihood}${c.impact}`, String(c.count)]));
    check('the risk diagram is that of /api/v1/risk-picture?as_of=2019-12-31',
      cells.length === 25 && cells.every(([k, v]) => v === (cellWant.get(k) || '0')), JSON.stringify(cells));
  }
  await axe(page, 'dashboard as of an earlier day');
  await shot(page, '42-dashboard-as-of');

  await page.fill('#as-of', '2999-01-01');
  await page.click('#as-of-show');
  await page.waitForSelector('#as-of[aria-invalid="true"]');
  check('a day in the future: the server\'s refusal beside the field, no figures',
    (await page.isVisible('#as-of-error')) && (await text('#as-of-error')).length > 0 && (await page.$('a[data-clock]')) === null);
  await axe(page, 'dashboard with a refused as-of day');

  await page.fill('#as-of', '');
  await page.click('#as-of-show');
  await page.waitForSelector('a[data-clock]');
  const today = await shown();
  check('empty is today again: no notice, today\'s clock',
    (await page.$('#as-of-notice')) === null
    && Object.entries(counts(now)).every(([k, v]) => today[k] === String(v)), JSON.stringify(today));
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# history browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
