// ui_test.mjs — the browser UI end to end against the real server (started
// by tests/integration/browser_test.sh on the demo database): every role
// logs in and sees exactly the processes the API gives it (a department
// user only its ministry's), with the coordinator-only and write controls
// absent for the others; a department user creates an analysis, meets a
// field error from the API beside the field, a 409 conflict with reload,
// adds a risk and sends the analysis for review, and a second user of the
// same ministry approves it (four eyes: final only so); the cascade
// of the national electricity process for 24 h is stepped through with the
// keyboard and matches `vitaal cascade` hour by hour; the criticality
// ranking matches `vitaal criticality`, the what-if comparison `vitaal
// whatif`; the language switches to English
// and back and is remembered; every screen passes an axe-core scan and is
// photographed; coordinators see the users, a measure is edited and a
// review recorded, counting once a second user approves it, the residual risk diagram is beside the inherent one, a
// new tab is logged in already; no page error, no CSP refusal, no request to another host.

import { readFileSync } from 'node:fs';
import {
  BASE, launch, watch, login, logout, go, waitView, axe, shot, check, ok, notOk, step, summary,
  sameSet, setDiff, apiClient, checklistChoose, checklistValues,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const cascade = JSON.parse(readFileSync(process.env.VITAAL_CASCADE_JSON, 'utf8'));
const ranking = JSON.parse(readFileSync(process.env.VITAAL_CRITICALITY_JSON, 'utf8'));
const whatif = JSON.parse(readFileSync(process.env.VITAAL_WHATIF_JSON, 'utf8'));
const user = (role) => users.find((u) => u.role === role);

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();

const texts = (sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent.trim()));
const attrs = (sel, name) => page.$$eval(sel, (els, n) => els.map((e) => e.getAttribute(n)), name);

// --- login, keyboard and focus --------------------------------------------------
await step('login screen', async () => {
  await page.goto(`${BASE}/`);
  await waitView(page, 'login');
  check('the login screen is Dutch by default', (await page.getAttribute('html', 'lang')) === 'nl'
    && (await page.textContent('#login-submit')).trim() === 'Inloggen');
  check('the login form has the focus in its first field', await page.evaluate(() => document.activeElement.id === 'login-username'));
  await axe(page, 'login');
  await shot(page, '01-login', false);
  await page.fill('#login-username', user('department').username);
  await page.fill('#login-password', 'not-the-password');
  await page.click('#login-submit');
  await page.waitForSelector('#login-messages .alert.error');
  check('a wrong password is refused with a message, the name kept',
    (await page.inputValue('#login-username')) === user('department').username);
});

// --- every role sees its own records ----------------------------------------------
const coordinatorApi = await apiClient(user('coordinator').username, user('coordinator').password);
const allProcesses = await coordinatorApi.list('processes');

for (const u of users) {
  await step(`role ${u.role}`, async () => {
    const api = await apiClient(u.username, u.password);
    const visible = (await api.list('processes')).map((p) => p.id);
    await login(page, u.username, u.password);
    await go(page, '#/processes', 'processes');
    const shown = await attrs('#process-results a[data-process]', 'data-process');
    check(`${u.role} ${u.username}: the process list is what the API lets it see (${visible.length})`,
      shown.length > 0 && sameSet(shown, visible), () => setDiff(shown, visible));
    if (u.role === 'department') {
      const ministry = allProcesses.filter((p) => p.ministry === u.org).map((p) => p.id);
      check(`department ${u.username}: exactly the processes of ministry ${u.org}`, sameSet(shown, ministry),
        () => setDiff(shown, ministry));
    }
    if (u.role === 'auditor') {
      check(`auditor ${u.username}: only the processes of its scope`, sameSet(shown, u.scope), () => setDiff(shown, u.scope));
    }
    const nav = await attrs('#nav a', 'data-nav');
    check(`${u.role}: the audit log is in the menu only for a coordinator`, nav.includes('audit') === (u.role === 'coordinator'),
      nav.join(', '));
    check(`${u.role}: the users screen is in the menu only for a coordinator`, nav.includes('users') === (u.role === 'coordinator'),
      nav.join(', '));
    await go(page, '#/users', u.role === 'coordinator' ? 'users' : 'not_found');
    if (u.role !== 'coordinator') check(`${u.role}: #/users is not there at all`, (await page.$('table')) === null);
    else {
      const listed = await attrs('tr[data-user]', 'data-user');
      check('coordinator: the users screen lists every user', sameSet(listed, users.map((x) => x.username)), () => setDiff(listed, users.map((x) => x.username)));
    }
    await go(page, '#/audit', u.role === 'coordinator' ? 'audit' : 'not_found');
    if (u.role !== 'coordinator') check(`${u.role}: #/audit is not there at all`, (await page.$('table')) === null);
    const target = visible[0];
    await go(page, `#/processes/${target}`, 'process');
    const button = await page.$('#new-analysis');
    if (u.role === 'auditor') check('auditor: no "new analysis" control (absent, not greyed)', button === null);
    if (u.role === 'department' || u.role === 'coordinator') check(`${u.role}: may start an analysis on ${target}`, button !== null);
    await logout(page);
  });
}

// --- the coordinator's screens: axe and screenshots --------------------------------
await step('coordinator screens', async () => {
  const c = user('coordinator');
  await login(page, c.username, c.password);
  await go(page, '#/dashboard', 'dashboard');
  await page.reload();
  await waitView(page, 'dashboard');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => ({
    id: document.activeElement.id, outline: getComputedStyle(document.activeElement).outlineStyle,
  }));
  check('the first Tab reaches the skip link, with a visible focus ring', first.id === 'skip-link' && first.outline !== 'none',
    JSON.stringify(first));
  await page.keyboard.press('Enter');
  check('the skip link moves the focus to the content', await page.evaluate(() => document.activeElement.id === 'main'));
  await page.keyboard.press('Tab');
  check('the next Tab is inside the content', await page.evaluate(() => document.getElementById('main').contains(document.activeElement)
    && document.activeElement.id !== 'main'));
  // at 1280 px the user's tools sit in the white row beside the brand and the
  // coordinator's twelve menu items take at most two rows of the blue bar
  await page.setViewportSize({ width: 1280, height: 1000 });
  const bar = await page.evaluate(() => {
    const box = (sel) => document.querySelector(sel).getBoundingClientRect();
    const tops = new Set([...document.querySelectorAll('#nav-list a')].map((a) => Math.round(a.getBoundingClientRect().top)));
    return { rows: tops.size, brand: box('.brand').top, tools: box('#who').top, bar: box('.nav-bar').top };
  });
  check('1280 px: the menu takes at most two rows, the user\'s tools sit beside the brand above it',
    bar.rows <= 2 && bar.tools < bar.bar && Math.abs(bar.tools - bar.brand) < 24, JSON.stringify(bar));
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.waitForSelector('#measures-chart svg');
  const status = (await coordinatorApi.get('/status')).body;
  const overdue = status.processes.filter((p) => p.state === 'overdue').length;
  check('dashboard: the overdue count is the one of /api/v1/status',
    (await page.textContent('a[data-clock="overdue"] .count')).trim() === String(overdue));
  const picture = await coordinatorApi.get('/risk-picture');
  if (picture.status === 200) {
    await page.waitForSelector('#risk-chart svg');
    const cells = await page.$$eval('#risk-table td[data-cell]', (els) => Object.fromEntries(els.map((e) => [e.dataset.cell, e.textContent.trim()])));
    const want = {};
    for (const l of 'ABCDE') for (const i of 'ABCDE') want[`${l}${i}`] = '0';
    for (const c of picture.body.diagram.cells) want[`${c.likelihood}${c.impact}`] = String(c.count);
    check('dashboard: the risk diagram counts are those of /api/v1/risk-picture', JSON.stringify(cells) === JSON.stringify(Object.fromEntries(Object.keys(cells).map((k) => [k, want[k]])))
      && Object.keys(cells).length === 25, () => `${JSON.stringify(cells)}\nwant ${JSON.stringify(want)}`);
  } else {
    check('dashboard: no risk diagram without the risk-picture endpoint', (await page.$('#risk-chart')) === null);
  }
  const residual = await coordinatorApi.get('/risk-picture?residual=true');
  if (picture.status === 200 && residual.status === 200) {
    await page.waitForSelector('#residual-chart svg');
    const cells = await page.$$eval('#residual-table td[data-cell]', (els) => els.map((e) => [e.dataset.cell, e.textContent.trim()]));
    // the residual diagram (residual_diagram), not the inherent one the same answer also carries
    const want = new Map(residual.body.residual_diagram.cells.map((c) => [`${c.likelihood}${c.impact}`, String(c.count)]));
    check('dashboard: the residual risk diagram beside it has the counts of /api/v1/risk-picture?residual=true (residual_diagram)',
      cells.length === 25 && cells.every(([k, v]) => v === (want.get(k) || '0')), () => JSON.stringify(cells));
    const inherent = new Map(residual.body.diagram.cells.map((c) => [`${c.likelihood}${c.impact}`, String(c.count)]));
    check('dashboard: the demo\'s effective measures lower a risk, and the residual diagram shows it (not the inherent counts)',
      cells.some(([k, v]) => v !== (inherent.get(k) || '0')), () => JSON.stringify(cells));
  }
  // what is due under CER: every milestone and every critical entity of /status
  const cerRows = await attrs('#cer tr[data-entity]', 'data-entity');
  const milestones = await attrs('#cer tr[data-milestone]', 'data-milestone');
  check('dashboard: what is due under CER lists the milestones and entities of /api/v1/status',
    sameSet(cerRows, status.cer.entities.map((e) => e.provider)) && cerRows.length > 0
    && sameSet(milestones, status.cer.milestones.map((m) => m.id)) && milestones.length === 2,
    () => `${cerRows} / ${milestones}`);
  const allMeasures = await coordinatorApi.list('measures');
  const overdueText = await page.textContent('#measures-follow-up a[data-follow-up="overdue"]');
  check('dashboard: the overdue measures are counted from the measures\' derived state',
    overdueText.includes(String(allMeasures.filter((m) => m.overdue).length)) && allMeasures.some((m) => m.overdue), overdueText);
  await axe(page, 'dashboard');
  await shot(page, '02-dashboard');
  // a new tab of the same browser is logged in already (GET /me gives the CSRF token)
  const tab = await context.newPage();
  watch(tab, problems);
  await tab.goto(`${BASE}/#/measures`);
  await waitView(tab, 'measures');
  check('a new tab needs no new login', (await tab.$('#login-username')) === null);
  await tab.close();
  await go(page, '#/processes?category=A', 'processes');
  const catA = allProcesses.filter((p) => p.category === 'A').map((p) => p.id);
  check('processes: the category filter from the address shows the category A processes',
    sameSet(await attrs('#process-results a[data-process]', 'data-process'), catA));
  await page.selectOption('#filter-category', '');
  await axe(page, 'processes');
  await shot(page, '03-processes');
  await go(page, '#/processes/elektriciteit-landelijk', 'process');
  check('process page: providers, dependencies and analyses are shown',
    (await page.$$('#providers-title ~ div tbody tr')).length > 0 && (await page.$$('a[data-analysis]')).length > 0);
  await axe(page, 'process');
  await shot(page, '04-process');
  await go(page, '#/measures?follow_up=adjustment_due', 'measures');
  const adjusting = allMeasures.filter((m) => m.adjustment_due).map((m) => m.id);
  check('measures: the follow-up filter shows the measures with an adjustment due, with their badge',
    adjusting.length > 0 && sameSet(await attrs('#measure-results tr[data-measure]', 'data-measure'), adjusting)
    && (await page.$$('#measure-results [data-follow-up~="adjustment_due"]')).length === adjusting.length,
    () => adjusting.join());
  await go(page, '#/measures', 'measures');
  await axe(page, 'measures (table)');
  await shot(page, '07-measures');
  await page.check('input[data-whatif="ms-cloud-exit"]');
  await page.check('input[data-whatif="ms-offline-pin"]');
  await page.click('#whatif-run');
  await page.waitForSelector('#whatif-summary', { timeout: 30000 });
  const metric = (m) => page.$$eval(`#whatif-result tr[data-metric="${m}"] td`, (tds) => tds.map((td) => td.textContent.trim()));
  const fmt = (n) => new Intl.NumberFormat('nl-NL').format(n);
  const affected = await metric('affected');
  const hours = await metric('down_node_hours');
  check('what-if: before and after are those of vitaal whatif',
    affected.join() === [fmt(whatif.cascade.affected_before), fmt(whatif.cascade.affected_after)].join()
    && hours.join() === [fmt(whatif.cascade.down_node_hours_before), fmt(whatif.cascade.down_node_hours_after)].join(),
    () => `${affected} ${hours} / ${JSON.stringify(whatif.cascade).slice(0, 200)}`);
  // what each measure changes, in Dutch from the values the CLI's document gives too
  const cells = async (id) => page.$$eval(`#whatif-result tr[data-measure="${id}"] td`, (tds) => tds.map((td) => td.textContent.trim()));
  const pin = whatif.measures.find((m) => m.id === 'ms-offline-pin');
  const exit = whatif.measures.find((m) => m.id === 'ms-cloud-exit');
  const pinCells = await cells('ms-offline-pin');
  const exitCells = await cells('ms-cloud-exit');
  check('what-if: each measure\'s before and after in Dutch, from the server\'s values',
    pin.state_after.fallback && pinCells.slice(-2).join('|') === `geen terugvaloptie|terugvaloptie van uitvaluur ${pin.state_after.fallback.from_h} t/m ${pin.state_after.fallback.through_h}`
    && exitCells.slice(-2).join('|') === `waarschijnlijkheid ${exit.state_before.class}|waarschijnlijkheid ${exit.state_after.class}`,
    () => `${pinCells} / ${exitCells} / ${JSON.stringify([pin, exit])}`);
  await axe(page, 'measures with the what-if comparison');
  await shot(page, '07-measures-whatif');
  await page.selectOption('#measure-view', 'board');
  await axe(page, 'measures (board)');
  await go(page, '#/users', 'users');
  await axe(page, 'users');
  await shot(page, '11-users');

  // a measure: edit status, due date and requirements; record a review
  const msId = 'ms-cloud-exit';
  const before = (await coordinatorApi.get(`/measures/${msId}`)).body;
  await go(page, '#/measures', 'measures');
  await page.click(`a[data-measure-link="${msId}"]`);
  await waitView(page, 'measure');
  await page.selectOption('#measure-status', 'in_progress');
  await page.fill('#measure-due', '2029-03-31');
  const reqs = await checklistValues(page, 'measure-requirements');
  const wantReqs = reqs.slice(0, 2);
  await checklistChoose(page, 'measure-requirements', wantReqs);
  await axe(page, 'measure editor');
  await page.click('#save-measure');
  await page.waitForSelector('#measure-messages .alert.success');
  const after = (await coordinatorApi.get(`/measures/${msId}`)).body;
  check('a measure edit round-trips through the API (status, due date, requirements; new version)',
    after.status === 'in_progress' && after.due === '2029-03-31' && sameSet(after.requirements || [], wantReqs)
    && after.version === before.version + 1 && after.name === before.name, JSON.stringify(after));
  await page.fill('#review-date', '2026-06-01');
  await page.click('#save-review');
  await page.waitForSelector('#review-method-error:not([hidden])');
  check('a review without a method is refused beside the field', (await page.getAttribute('#review-method', 'aria-invalid')) === 'true');
  await page.selectOption('#review-method', 'exercise');
  await page.selectOption('#review-result', 'partly_effective');
  await page.fill('#review-findings', 'Uitwijk duurde langer dan gepland');
  await page.fill('#review-adjustment', 'Draaiboek bijgewerkt');
  await page.click('#save-review');
  await page.waitForSelector('#review-follow_up-error:not([hidden])');
  check('a partly effective review without a follow-up date is refused beside the field',
    (await page.getAttribute('#review-follow_up', 'aria-invalid')) === 'true');
  await page.fill('#review-follow_up', '2026-09-01');
  await page.click('#save-review');
  await page.waitForSelector('#reviews tr[data-review][data-status="review"]');
  const stored = (await coordinatorApi.get(`/reviews?measure=${msId}`)).body.items.filter((r) => r.adjustment === 'Draaiboek bijgewerkt');
  check('the review is stored in review (four eyes) and shown', stored.length === 1 && stored[0].result === 'partly_effective'
    && stored[0].method === 'exercise' && stored[0].date === '2026-06-01' && stored[0].follow_up === '2026-09-01'
    && stored[0].status === 'review'
    && (await attrs('#reviews tr[data-review]', 'data-review')).includes(stored[0].id), JSON.stringify(stored));
  check('in review it does not count yet: no adjustment due', !(await page.$('#measure-follow-up [data-follow-up~="adjustment_due"]')),
    await page.textContent('#measure-follow-up'));
  // a department user of one of the measure's processes approves it (four eyes)
  const deciderUser = users.find((u) => u.role === 'department');
  const decider = await apiClient(deciderUser.username, deciderUser.password);
  const decided = await decider.post(`/reviews/${stored[0].id}/approve`, { comment: 'Bijstelling is passend', acknowledged: true });
  check('(a second user approves the review)', decided.status === 200 && decided.body.status === 'final', JSON.stringify(decided.body));
  await go(page, '#/measures', 'measures');
  await page.click(`a[data-measure-link="${msId}"]`);
  await waitView(page, 'measure');
  await page.waitForSelector('#measure-follow-up [data-follow-up~="adjustment_due"]');
  check('approved, the measure now stands at adjustment due with its follow-up date',
    (await page.textContent('#measure-follow-up')).includes('bijstelling nodig')
    && (await page.getAttribute(`#reviews tr[data-review="${stored[0].id}"]`, 'data-status')) === 'final',
    await page.textContent('#measure-follow-up'));
  await axe(page, 'measure with a review');
  await shot(page, '07-measure');
  await coordinatorApi.put(`/measures/${msId}`, { ...after, ...Object.fromEntries(['status', 'due', 'requirements'].map((k) => [k, before[k] ?? null])) });
  await go(page, '#/incidents', 'incidents');
  const countdown = await page.textContent('.countdown');
  check('incidents: an open or overdue deadline counts', /\d/.test(countdown || ''), countdown);
  await axe(page, 'incidents');
  await shot(page, '08-incidents');
  await go(page, '#/audit', 'audit');
  check('audit log: entries are listed', (await page.$$('table tbody tr')).length > 0);
  await axe(page, 'audit');
  await shot(page, '09-audit');
  await go(page, '#/analyses/an-elektriciteit-landelijk-2023', 'analysis');
  check('a final analysis is read-only: no form', (await page.$('#analysis-form')) === null);
  await axe(page, 'analysis (final, read-only)');
});

// --- the cascade, hour by hour ----------------------------------------------------
await step('cascade', async () => {
  await go(page, '#/graph', 'graph');
  await page.check('#fail-elektriciteit-landelijk');
  await page.fill('#outage-h', String(cascade.outage_h));
  await page.fill('#horizon-h', String(cascade.horizon_h));
  await page.click('#run-cascade');
  await page.waitForSelector('#cascade-summary');
  const rows = await attrs('#timeline tr[data-process]', 'data-process');
  check(`cascade: the timeline lists the ${cascade.affected} processes vitaal cascade finds`,
    sameSet(rows, cascade.nodes.map((n) => n.id)), () => setDiff(rows, cascade.nodes.map((n) => n.id)));
  const downAt = (hour) => cascade.nodes.filter((n) => n.intervals.some(([a, b]) => hour >= a && hour < b)).map((n) => n.id);
  await page.focus('#hour-slider');
  await page.keyboard.press('Home');
  let at = 0;
  for (const hour of [0, 1, 4, 6, 12, 23, 24, 30, 36, 40, 54, cascade.horizon_h - 1]) {
    while (at < hour) { await page.keyboard.press('ArrowRight'); at += 1; }
    const want = downAt(hour);
    const table = await attrs('#timeline tr[data-state="down"]', 'data-process');
    const graph = await page.evaluate(() => window.__vitaalCy.nodes('.down, .failed').map((n) => n.id()));
    check(`cascade hour ${hour}: ${want.length} processes down in the timeline and the graph, as vitaal cascade says`,
      sameSet(table, want) && sameSet(graph, want), () => `timeline: ${setDiff(table, want)}\ngraph: ${setDiff(graph, want)}`);
    if (hour === 4) {
      const failedNode = await page.evaluate(() => window.__vitaalCy.getElementById('elektriciteit-landelijk').hasClass('failed'));
      check('cascade: the failing process is drawn as failed, not merely down', failedNode === true);
      await shot(page, '05-cascade', false);
      await axe(page, 'dependency graph with a cascade');
    }
  }
  await page.click('#run-criticality');
  await page.waitForSelector('#criticality tr[data-rank]', { timeout: 30000 });
  const ranked = await attrs('#criticality tr[data-rank]', 'data-rank');
  const want = ranking.ranking.map((r) => r.id);
  check('criticality: the ranking is the one of vitaal criticality', ranked.slice(0, want.length).join() === want.join(),
    () => `${ranked.join(', ')}\nwant ${want.join(', ')}`);
  await axe(page, 'dependency graph with the criticality ranking');
  await go(page, '#/graph?focus=giraal-betalingsverkeer', 'graph');
  const shownNodes = await page.evaluate(() => window.__vitaalCy.nodes().length);
  check('graph: "around a process" shows fewer processes than the whole set', shownNodes > 1 && shownNodes < allProcesses.length,
    String(shownNodes));
  await logout(page);
});

// --- a department analyst goes through an analysis ---------------------------------
await step('analysis editor', async () => {
  const d = user('department');
  const api = await apiClient(d.username, d.password);
  const processId = allProcesses.filter((p) => p.ministry === d.org).map((p) => p.id).sort()[0];
  let id = null; // made by the server on the first save
  await login(page, d.username, d.password);
  await go(page, `#/processes/${processId}`, 'process');

  // the vitaalbeoordeling: the server's decision, explained; then new estimates recorded
  const dry = (await api.post('/assess', { process: processId, dry_run: true })).body;
  await page.click('#assess-dry-run');
  await page.waitForSelector('#assess-result tr[data-criterion]');
  const decisive = await page.$$eval('#assess-result tr[data-criterion]', (rows) => rows
    .filter((r) => r.lastElementChild.textContent.trim() === 'ja').map((r) => r.dataset.criterion));
  check('vitaalbeoordeling: the decision and its decisive criteria are the server\'s',
    sameSet(decisive, dry.decided_by) && (await page.textContent('#assess-decision')).includes(`categorie ${dry.category}`.replace('categorie none', 'geen categorie')),
    () => `${decisive} / ${JSON.stringify(dry.decided_by)} ${dry.category}`);
  await page.click('#assess-new summary');
  check('the new-estimates form asks no id', (await page.$('#assessment-id')) === null);
  const assessmentsBefore = (await api.list('assessments', `&process=${processId}`)).map((x) => x.id);
  await page.fill('#assessment-impacts_casualties', '25000');
  await page.fill('#assessment-rationale', 'Eigen toelichting van de analist');
  const before = dry.assessment ? (await api.get(`/assessments/${dry.assessment}`)).body : null;
  await page.click('#assessment-save');
  await page.waitForSelector('#process-flash');
  const asId = (await api.list('assessments', `&process=${processId}`)).map((x) => x.id).find((x) => !assessmentsBefore.includes(x));
  const recorded = (await api.get(`/assessments/${asId}`)).body;
  check('new estimates are recorded as a new assessment in review with the server\'s decision (casualties over the A threshold), its explanation beside the analyst\'s rationale',
    recorded.category === 'A' && (recorded.decided_by || []).includes('casualties') && Boolean(recorded.engine_explanation)
    && recorded.rationale === 'Eigen toelichting van de analist' && recorded.status === 'review',
    JSON.stringify(recorded));
  check('the earlier assessment stays as it was',
    !before || JSON.stringify((await api.get(`/assessments/${dry.assessment}`)).body) === JSON.stringify(before));
  await axe(page, 'process page with the vitaalbeoordeling');
  await page.click('#new-analysis');
  await waitView(page, 'analysis');
  check('the new-analysis form asks no id', (await page.$('#analysis-id')) === null);
  await page.fill('#analysis-cycle_year', '1999');
  await page.fill('#analysis-summary', 'Tekst die niet verloren mag gaan');
  await page.click('#save-analysis');
  await page.waitForSelector('#analysis-cycle_year-error:not([hidden])');
  check('a field error from the API is shown beside that field, marked invalid',
    (await page.getAttribute('#analysis-cycle_year', 'aria-invalid')) === 'true'
    && /2000/.test(await page.textContent('#analysis-cycle_year-error')));
  // the server gives the message's id and values; the UI says it in Dutch
  const refused = await api.post('/analyses', {
    process: processId, cycle_year: 1999, kind: 'regular', status: 'draft',
    started: '2026-01-01', classification: 'internal', owner: d.org,
  });
  const nlText = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'))[`error.${refused.body.message_id}`];
  const expected = nlText && nlText.replace(/\{(\w+)\}/g, (m, k) => refused.body.params[k]);
  const shown = (await page.textContent('#analysis-cycle_year-error')).trim();
  check('the field error is said in Dutch from the server\'s message id, not in the server\'s English',
    refused.status === 400 && refused.body.message_id === 'out_of_range' && refused.body.params.value === '1999'
    && shown === expected && shown !== refused.body.message,
    () => `shown ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}, API ${JSON.stringify(refused.body)}`);
  check('nothing typed is lost on a failed save', (await page.inputValue('#analysis-summary')) === 'Tekst die niet verloren mag gaan');
  await axe(page, 'analysis editor with a field error');
  await page.fill('#analysis-cycle_year', '2026');
  await page.click('#save-analysis');
  await page.waitForFunction(() => /^#\/analyses\/[^/?]+$/.test(window.location.hash));
  id = decodeURIComponent(new URL(page.url()).hash.slice('#/analyses/'.length));
  await page.waitForSelector('#to-review');
  const stored = await api.get(`/analyses/${id}`);
  check('the new analysis is stored as a draft', stored.status === 200 && stored.body.status === 'draft', JSON.stringify(stored.body));

  // someone else saves first: 409, the form keeps its text, reload shows theirs
  const theirs = { ...stored.body, summary: 'Gewijzigd door een collega' };
  const put = await api.put(`/analyses/${id}`, theirs);
  check('(a colleague saves the analysis through the API)', put.status === 200, JSON.stringify(put.body));
  await page.fill('#analysis-summary', 'Mijn eigen wijziging');
  await page.click('#save-analysis');
  await page.waitForSelector('#analysis-messages [data-action="reload"]');
  check('a 409 says someone else changed the record', /Iemand anders heeft dit record gewijzigd/.test(await page.textContent('#analysis-messages')));
  check('after the 409 the form still holds what the user typed', (await page.inputValue('#analysis-summary')) === 'Mijn eigen wijziging');
  await shot(page, '06-analysis-conflict', false);
  await page.click('#analysis-messages [data-action="reload"]');
  await page.waitForFunction(() => document.querySelector('#analysis-summary')?.value === 'Gewijzigd door een collega');
  ok('reload shows the colleague\'s version');

  // a risk with likelihood, impact classes and resilience
  await page.click('#add-risk');
  const form = page.locator('details[data-risk="new"] form');
  await form.locator('select[name="threat"]').selectOption('cybersabotage');
  await form.locator('select[name="likelihood"]').selectOption('C');
  await form.locator('textarea[name="scenario"]').fill('Sabotage van de verwerkingsketen');
  await form.locator('select[name="impacts.3.1"]').selectOption('D');
  await form.locator('select[name="resilience.digital"]').selectOption('2');
  await form.locator('[data-action="save-risk"]').click();
  await page.waitForSelector('#risk-list details[data-risk]');
  const risks = (await api.get(`/risks?analysis=${id}`)).body.items;
  check('the risk is stored with its classes', risks.length === 1 && risks[0].likelihood === 'C'
    && risks[0].impacts['3.1'] === 'D' && risks[0].resilience.digital === 2, JSON.stringify(risks));
  await page.click('#risk-list details[data-risk] summary');
  await page.waitForSelector('#risk-list details[data-risk] form');
  await axe(page, 'analysis editor with a risk open');
  await shot(page, '06-analysis-editor');

  // draft -> review; final only by another person's approval (four eyes)
  await page.click('#to-review');
  await page.waitForSelector('#approval');
  check('the analysis went to review', (await api.get(`/analyses/${id}`)).body.status === 'review');
  check('no button makes it final directly', (await page.$('#to-final')) === null);
  await logout(page);
  const second = users.find((u) => u.role === 'department' && u.org === d.org && u.username !== d.username);
  await login(page, second.username, second.password);
  await go(page, `#/analyses/${id}`, 'analysis');
  await page.fill('#approval-comment', 'Akkoord, de open punten zijn gewogen');
  await page.click('#approve');
  await page.waitForSelector('#approval-open-points-list li');
  await page.check('#approval-acknowledged');
  await page.click('#approve');
  await page.waitForSelector('#analysis-approval');
  const final = (await api.get(`/analyses/${id}`)).body;
  check('approved by a second user: the analysis is final, with the date it became final and who approved it',
    final.status === 'final' && /^\d{4}-\d\d-\d\d$/.test(final.finalised || '') && final.approved_by === second.username,
    JSON.stringify(final));
  check('a final analysis shows no edit controls', (await page.$('#analysis-form')) === null && (await page.$('#add-risk')) === null);
  await logout(page);
});

// --- the fallback need in the resilience analysis ----------------------------------
await step('fallback need', async () => {
  const c = user('coordinator');
  const api = await apiClient(c.username, c.password);
  const pid = 'elektriciteit-landelijk';
  const report = (await api.get(`/fallback-need?process=${pid}`)).body;
  const want = report.processes.find((p) => p.id === pid);
  const analysis = (await api.get(`/analyses?process=${pid}&limit=1000`)).body.items.sort((a, b) => b.cycle_year - a.cycle_year)[0];
  await login(page, c.username, c.password);
  await go(page, `#/analyses/${analysis.id}`, 'analysis');
  await page.waitForSelector('#fallback-need-verdict');
  const shown = await page.getAttribute('#fallback-need-verdict', 'data-need');
  const rows = await page.$$eval('#fallback-need tr[data-dependency]', (trs) => trs.map((tr) => ({
    id: tr.dataset.dependency, cells: [...tr.children].map((td) => td.textContent.trim()),
    fallback: tr.querySelector('[data-fallback]')?.dataset.fallback || null,
  })));
  check('the analysis shows the server\'s fallback need for its process, input by input, with the fallback each names',
    shown === want.need && sameSet(rows.map((r) => r.id), want.inputs.map((i) => i.dependency))
    && rows.every((r) => { const i = want.inputs.find((x) => x.dependency === r.id); return r.cells[2] === String(i.down_h) && r.cells[3] === String(i.down_h_with_fallbacks); })
    && want.inputs.some((i) => i.fallback)
    && rows.every((r) => { const i = want.inputs.find((x) => x.dependency === r.id); return i.fallback ? r.fallback === i.fallback && !r.cells[1].includes(i.fallback) : r.cells[1] === '—'; }),
    () => `${shown} vs ${want.need}\n${JSON.stringify(rows)}\n${JSON.stringify(want.inputs)}`);
  const scen = await page.$$eval('#fallback-need tr[data-scenario]', (trs) => trs.map((tr) => ({
    id: tr.dataset.scenario, cells: [...tr.children].map((td) => td.textContent.trim()),
    fallback: tr.querySelector('[data-fallback]')?.dataset.fallback || null,
  })));
  check('and the scenarios of its own failure: the loss of its control systems, down without and with manual operation',
    want.scenarios.length > 0 && want.scenarios.some((x) => x.risk && x.own_systems && x.need)
    && sameSet(scen.map((r) => r.id), want.scenarios.map((x) => x.risk ?? 'default'))
    && scen.every((r) => { const x = want.scenarios.find((y) => (y.risk ?? 'default') === r.id); return r.cells[4] === String(x.down_h) && r.cells[5] === String(x.down_h_with_fallbacks) && (x.fallback ? r.fallback === x.fallback : r.cells[3] === '—'); }),
    () => `${JSON.stringify(scen)}\n${JSON.stringify(want.scenarios)}`);
  const options = await page.$$eval('#fallback-need tr[data-option]', (trs) => trs.map((tr) => ({
    id: tr.dataset.option, cost: tr.children[2].textContent.trim(),
  })));
  // amounts in words ("€ 3,5 mln", issue 13 part 8): the same amount to the
  // one decimal said
  const euros = (s) => {
    const m = s.match(/^€\s?([\d.,]+)(?:\s(mln|mld))?$/);
    if (!m) return null;
    const n = m[2] ? Number(m[1].replace(/\./g, '').replace(',', '.')) : Number(m[1].replace(/\./g, ''));
    return n * ({ mln: 1e6, mld: 1e9 }[m[2]] || 1);
  };
  check('and its fallback options with their cost (in words) and proportionality',
    sameSet(options.map((o) => o.id), want.options.map((o) => o.id))
    && options.every((o) => {
      const eur = want.options.find((x) => x.id === o.id).cost_eur;
      return eur == null ? o.cost === '—' : Math.abs(euros(o.cost) - eur) <= Math.max(0.05 * eur, 0.5);
    }),
    () => `${JSON.stringify(options)}\n${JSON.stringify(want.options)}`);
  const flagged = await page.$$eval('#fallback-need tr[data-option]', (trs) => trs.map((tr) => ({
    id: tr.dataset.option, disagrees: tr.querySelector('[data-disagrees]')?.dataset.disagrees || '',
  })));
  check('a stored decision the engine contradicts is flagged, saying which (and only those)',
    want.options.some((o) => o.disagrees.length > 0)
    && flagged.every((f) => f.disagrees === want.options.find((o) => o.id === f.id).disagrees.join(' ')),
    () => `${JSON.stringify(flagged)}\n${JSON.stringify(want.options)}`);
  check('said in Dutch, not the server\'s English explanation',
    !(await page.textContent('#fallback-need')).includes(want.explanation.slice(0, 30))
    && /terugvaloptie/i.test(await page.textContent('#fallback-need-verdict')));
  await axe(page, 'analysis with the fallback need');
  await shot(page, '06-analysis-fallback-need');
  await logout(page);
});

// --- language -------------------------------------------------------------------
await step('language', async () => {
  const c = user('coordinator');
  await login(page, c.username, c.password);
  await go(page, '#/dashboard', 'dashboard');
  const dutchDate = await page.textContent('main p');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.body.dataset.ready === '1');
  await page.waitForSelector('#measures-chart svg');
  check('the switch turns the UI English', (await page.textContent('main h1')).trim() === 'The cycle at a glance'
    && (await texts('#nav a')).includes('Dashboard'));
  check('dates follow the language', (await page.textContent('main p')) !== dutchDate, dutchDate);
  await axe(page, 'dashboard (English)');
  await shot(page, '10-dashboard-en');
  await page.reload();
  await waitView(page, 'dashboard');
  check('English is remembered after a reload', (await page.getAttribute('html', 'lang')) === 'en'
    && (await page.textContent('#lang-switch')).trim() === 'Nederlands');
  await go(page, '#/graph', 'graph');
  check('the graph page is English too', (await page.textContent('#run-cascade')).trim() === 'Simulate');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'nl');
  check('and back to Dutch', (await page.textContent('#run-cascade')).trim() === 'Simuleer');
  const missing = await page.evaluate(() => [...window.__vitaalMissingKeys]);
  check('no label is missing from the translation files', missing.length === 0, missing.join(', '));
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
