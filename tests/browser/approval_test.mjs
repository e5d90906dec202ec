// approval_test.mjs — four eyes in the browser, by two users of the same
// ministry, against the real server (tests/integration/browser_test.sh makes
// both: bob and erin, department of fin): A (bob) writes a draft analysis
// with a topic left empty and a risk without a measure, and sends it for
// review; A is offered no decision: the panel, asking the server first
// (GET .../approval), says why in Dutch (four eyes) without buttons, and the
// API refuses him too; B (erin) opens it and is shown the open points the
// server names, in words, before any click, with the box to tick that they
// were weighed; she rejects it with a reason; A sees "Afgewezen: <reden>",
// completes the empty topic (an ordinary save: the approval fields go back
// unchanged) and sends it for review again; B sees the panel in English
// once (and a decision refused in a race, A having taken it back to draft
// meanwhile: said in English with the status's English word), then, back
// in Dutch, must tick that the open points were weighed and approves; the page shows the analysis final with B's name, the date and the
// comment, and the API's record agrees. axe-core scans the panel (with the
// open points, Dutch and English); screenshots of every step; no page error,
// no CSP refusal, no request to another host. Dates come from lib.mjs (the
// Dutch day at the clock browser_test.sh fixes), never from new Date().

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, axe, shot, check, ok, step, summary, sameSet, setDiff, apiClient,
  today, year, amsterdamDay,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const departments = users.filter((u) => u.role === 'department');
const a = departments[0];
const b = departments.find((u) => u !== a && u.org === a.org);
const nl = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'));
const en = JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8'));
const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const present = async (sel) => (await page.$(sel)) !== null;
const shown = async (sel) => page.$eval(sel, (el) => !el.closest('[hidden]')).catch(() => false);

if (!b) {
  check('a second department user of the same ministry is in the fixture (browser_test.sh)', false,
    JSON.stringify(departments.map((u) => [u.username, u.org])));
  await context.close();
  process.exit(summary() ? 0 : 1);
}
const apiA = await apiClient(a.username, a.password);
const apiB = await apiClient(b.username, b.password);
// a process of the ministry the other suites leave alone (ui_test.mjs takes
// the first by id, cycle_test.mjs the second, english_cycle_test.mjs the last)
const own = (await apiA.list('processes')).filter((p) => p.ministry === a.org).map((p) => p.id).sort();
const processId = own[2] || own[0];
const stamp = Date.now().toString(36);
let id = null; // made by the server when A saves (no id is typed)
const scenario = `Uitval van de verrekening ${stamp}`;
const reason = 'De bevindingen over incidenten ontbreken nog';
const approval = 'Gewogen: de maatregel voor het risico volgt in het actieprogramma';
let riskId = null;

// The open points as the panel lists them: [{type, ref, text}].
const listedPoints = () => page.$$eval('#approval-open-points-list li', (lis) =>
  lis.map((li) => ({ type: li.dataset.point, ref: li.dataset.ref, text: li.textContent.replace(/\s+/g, ' ').trim() })));

// Each point said in words of lang: the topic's name, the risk's scenario,
// the dependency named.
function sayPoints(points, dict) {
  const bad = [];
  for (const p of points) {
    let good;
    if (p.type === 'topic_without_findings') good = p.text === fill(dict['approval.point.topic_without_findings'], { topic: dict[`topic.${p.ref}`] });
    else if (p.type === 'risk_without_measure') good = p.text.startsWith(fill(dict['approval.point.risk_without_measure'], { risk: '' })) && p.text.includes(scenario);
    else if (p.type === 'fallback_not_covered') good = p.text.startsWith(fill(dict['approval.point.fallback_not_covered'], { input: '' })) && p.text.includes(p.ref);
    else good = false;
    if (!good) bad.push(JSON.stringify(p));
  }
  return bad;
}

// Writes the comment and presses approve; waits for the panel's answer.
async function pressApprove(comment) {
  await page.fill('#approval-comment', comment);
  await page.click('#approve');
  await page.waitForFunction(() => document.querySelector('#approval-messages .alert')
    || document.querySelector('#approval-acknowledged[aria-invalid="true"]')
    || document.querySelector('#analysis-approval'), null, { timeout: 15000 });
}

// --- A writes the draft and sends it for review ------------------------------------------
await step('A writes a draft and sends it for review', async () => {
  await login(page, a.username, a.password);
  await go(page, `#/processes/${processId}`, 'process');
  await page.click('#new-analysis');
  await page.waitForFunction(() => document.body.dataset.view === 'analysis' && document.querySelector('#analysis-cycle_year'));
  check('the new-analysis form asks no id', !(await present('#analysis-id')));
  await page.fill('#analysis-cycle_year', String(year()));
  await page.fill('#analysis-summary', 'Analyse voor de vier-ogentest');
  for (const topic of ['policy_law', 'risk_management', 'business_continuity', 'sector_cooperation']) {
    await page.fill(`#analysis-findings_${topic}`, `Bevinding over ${topic}`);
  }
  await page.click('#save-analysis');
  await page.waitForFunction(() => /^#\/analyses\/[^/?]+$/.test(window.location.hash) && document.body.dataset.ready === '1');
  id = decodeURIComponent(new URL(page.url()).hash.slice('#/analyses/'.length));
  check('the server made a readable id for it', id.startsWith(`an-${processId}-${year()}-`), id);
  await page.waitForSelector('#to-review');
  // a risk that no measure treats yet
  await page.click('#add-risk');
  const form = page.locator('details[data-risk="new"] form');
  await form.locator('select[name="threat"]').selectOption('cybersabotage');
  await form.locator('select[name="likelihood"]').selectOption('C');
  await form.locator('textarea[name="scenario"]').fill(scenario);
  await form.locator('[data-action="save-risk"]').click();
  await page.waitForFunction(() => !document.querySelector('details[data-risk="new"]'));
  riskId = (await apiA.list('risks', `&analysis=${id}`)).find((r) => r.scenario === scenario)?.id;
  await page.waitForSelector(`#risk-list details[data-risk="${riskId}"]`);
  check('the "to final" button is gone: only "to review" leads on from a draft',
    !(await present('#to-final')) && (await text('#to-review')) === nl['analysis.to_review']);
  check('a draft offers no approval panel', !(await present('#approval')));
  await page.click('#to-review');
  await page.waitForFunction(() => document.querySelector('.status-flow [aria-current="step"]')
    && document.body.dataset.ready === '1' && document.querySelector('#to-draft'));
  const stored = (await apiA.get(`/analyses/${id}`)).body;
  check('A sent it for review (stored: review)', stored.status === 'review' && !stored.approved_by, JSON.stringify(stored));
  check('in review: no button makes it final directly; the approval panel is there, in Dutch',
    !(await present('#to-final')) && (await present('#approval'))
    && (await text('#approval-title')) === fill(nl['approval.title'], { kind: nl['noun.analysis'] }));
});

// --- A may not approve his own work --------------------------------------------------------
await step('A is offered no decision on his own work (four eyes)', async () => {
  const preview = await apiA.get(`/analyses/${id}/approval`);
  check('(the server, asked first, says A may not decide: approve_own_work)', preview.status === 200
    && preview.body.may_decide === false && preview.body.reason.message_id === 'approve_own_work', JSON.stringify(preview.body));
  check('the panel offers A neither approve nor reject, nor a comment field',
    !(await present('#approve')) && !(await present('#reject')) && !(await present('#approval-comment')));
  check('... and says why in Dutch, from the server\'s message id (four eyes)',
    (await text('#approval-reason')) === fill(nl['error.approve_own_work'], { kind: nl['noun.analysis'] })
    && (await page.getAttribute('#approval-reason', 'data-message-id')) === 'approve_own_work',
    async () => text('#approval'));
  const points = await listedPoints();
  const pointsText = (await page.innerText('#approval-open-points')).replace(/\s+/g, ' ').trim();
  check('A sees the open points the approver will weigh (heading and list only), without the box to tick',
    sameSet(points.map((p) => `${p.type} ${p.ref}`), preview.body.open_points.map((p) => `${p.type} ${p.ref}`))
    && points.length > 0 && !(await shown('#approval-acknowledged'))
    && pointsText === [fill(nl['approval.open_points'], { n: points.length }), ...points.map((p) => p.text)].join(' '),
    () => `${JSON.stringify(points)}\n${pointsText}`);
  const own = await apiA.post(`/analyses/${id}/approve`, { comment: 'via de API', acknowledged: true });
  check('(the API refuses A too: 403 approve_own_work)', own.status === 403 && own.body.message_id === 'approve_own_work', JSON.stringify(own.body));
  check('nothing changed: still in review', (await apiA.get(`/analyses/${id}`)).body.status === 'review');
  await axe(page, 'approval panel of the author (no decision)');
  await shot(page, '40-approval-own-work');
  await logout(page);
});

// --- B is shown the open points and rejects ------------------------------------------------
await step('B sees the open points and rejects with a reason', async () => {
  await login(page, b.username, b.password);
  await go(page, `#/analyses/${id}`, 'analysis');
  await page.waitForSelector('#approval');
  // before any click: the open points the server names, asked without deciding
  const preview = (await apiB.get(`/analyses/${id}/approval`)).body;
  const points = await listedPoints();
  check('(the server, asked first, says B may decide, and names the open points)', preview.may_decide === true
    && preview.reason === null && preview.open_points.some((p) => p.type === 'topic_without_findings' && p.ref === 'incidents')
    && preview.open_points.some((p) => p.type === 'risk_without_measure' && p.ref === riskId), JSON.stringify(preview));
  check('B is offered approve and reject, in Dutch, and no refusal',
    (await text('#approve')) === nl['approval.approve'] && (await text('#reject')) === nl['approval.reject']
    && !(await present('#approval-reason')));
  check('B sees the open points before the first click, and the box to tick that they were weighed',
    points.length === preview.open_points.length && (await shown('#approval-acknowledged'))
    && (await text('label[for="approval-acknowledged"]')) === nl['approval.acknowledge']
    && !(await page.isChecked('#approval-acknowledged')), JSON.stringify(points));
  // no comment: stopped before the server is asked
  await page.click('#approve');
  await page.waitForSelector('#approval-comment-error:not([hidden])');
  check('approving without a comment is stopped beside the comment field',
    (await page.getAttribute('#approval-comment', 'aria-invalid')) === 'true'
    && (await text('#approval-comment-error')) === nl['form.required']);
  const want = (await apiB.post(`/analyses/${id}/approve`, { comment: 'alleen kijken' })).body;
  check('(the server would refuse an approval without acknowledging them: 409 with the same points)',
    want.message_id === 'approve_open_points' && Array.isArray(want.open_points)
    && sameSet(want.open_points.map((p) => `${p.type} ${p.ref}`), preview.open_points.map((p) => `${p.type} ${p.ref}`)),
    JSON.stringify(want));
  await pressApprove('Eerste beoordeling');
  check('approving without ticking the box is stopped beside it, before the server is asked',
    (await page.getAttribute('#approval-acknowledged', 'aria-invalid')) === 'true'
    && (await text('#approval-acknowledged-error')) === fill(nl['approval.acknowledge_needed'], { kind: nl['noun.analysis'] }));
  check('the panel lists exactly the server\'s open points',
    sameSet(points.map((p) => `${p.type} ${p.ref}`), want.open_points.map((p) => `${p.type} ${p.ref}`)),
    () => setDiff(points.map((p) => `${p.type} ${p.ref}`), want.open_points.map((p) => `${p.type} ${p.ref}`)));
  const bad = sayPoints(points, nl);
  check('... each said in Dutch words ("Onderwerp zonder bevindingen: Incidenten", the risk by its scenario)',
    bad.length === 0 && points.some((p) => p.text === 'Onderwerp zonder bevindingen: Incidenten'), bad.join('\n'));
  check('nothing changed yet: still in review', (await apiB.get(`/analyses/${id}`)).body.status === 'review');
  await axe(page, 'approval panel with the open points');
  await shot(page, '41-approval-open-points');

  await page.fill('#approval-comment', reason);
  await page.click('#reject');
  await page.waitForSelector('#analysis-rejection');
  const stored = (await apiB.get(`/analyses/${id}`)).body;
  check('rejected: stored back in draft, with the reason', stored.status === 'draft' && stored.rejection === reason
    && !stored.approved_by, JSON.stringify(stored));
  check('the page says so: "Afgewezen: <reden>", the status draft, no panel',
    (await text('#analysis-rejection')) === `${nl['approval.rejected_label']} ${reason}`
    && (await text('#analysis-messages')) === fill(nl['approval.rejected'], { kind: nl['noun.analysis'] })
    && (await text('.status-flow [aria-current="step"]')) === nl['enum.analysis_status.draft'] && !(await present('#approval')));
  await shot(page, '42-approval-rejected');
  await logout(page);
});

// --- A revises and sends it again -----------------------------------------------------------
await step('A sees the reason, revises and sends it for review again', async () => {
  await login(page, a.username, a.password);
  await go(page, `#/analyses/${id}`, 'analysis');
  check('A sees the rejection and its reason prominently', (await text('#analysis-rejection')) === `${nl['approval.rejected_label']} ${reason}`
    && (await page.$eval('#analysis-rejection', (el) => el.closest('.alert')?.classList.contains('warning'))));
  await axe(page, 'rejected analysis');
  await page.fill('#analysis-findings_incidents', 'Twee storingen in 2025, beide binnen een uur hersteld');
  await page.click('#save-analysis');
  await page.waitForSelector('#analysis-messages .alert.success');
  let stored = (await apiA.get(`/analyses/${id}`)).body;
  check('an ordinary save is accepted (the approval fields went back unchanged)',
    stored.status === 'draft' && stored.findings.incidents.startsWith('Twee storingen') && stored.rejection === reason,
    async () => `${JSON.stringify(stored)}\n${await text('#analysis-messages')}`);
  await page.click('#to-review');
  await page.waitForSelector('#approval');
  stored = (await apiA.get(`/analyses/${id}`)).body;
  check('sent for review again; the reason stays shown until an approval',
    stored.status === 'review' && (await text('#analysis-rejection')) === `${nl['approval.rejected_label']} ${reason}`,
    JSON.stringify(stored));
  await logout(page);
});

// --- B approves: once in English, then in Dutch -----------------------------------------------
await step('B sees the panel in English', async () => {
  await login(page, b.username, b.password);
  await go(page, `#/analyses/${id}`, 'analysis');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.body.dataset.ready === '1'
    && document.querySelector('#approval'));
  check('the panel is English', (await text('#approval-title')) === fill(en['approval.title'], { kind: en['noun.analysis'] })
    && (await text('#approve')) === en['approval.approve'] && (await text('#reject')) === en['approval.reject']
    && (await text('label[for="approval-comment"]')).startsWith(en['approval.comment'])
    && (await text('#analysis-rejection')) === `${en['approval.rejected_label']} ${reason}`);
  const points = await listedPoints();
  const bad = sayPoints(points, en);
  check('the open points are said in English up front, the incidents topic no longer among them',
    points.length > 0 && bad.length === 0 && !points.some((p) => p.type === 'topic_without_findings' && p.ref === 'incidents')
    && (await text('#approval-open-points-title')) === fill(en['approval.open_points'], { n: points.length })
    && (await text('label[for="approval-acknowledged"]')) === en['approval.acknowledge'], () => `${bad.join('\n')}\n${JSON.stringify(points)}`);
  await axe(page, 'approval panel with the open points (English)');
  await shot(page, '43-approval-open-points-en');
  // a race: A takes it back to draft while B's page still offers the decision
  const back = await apiA.put(`/analyses/${id}`, { ...(await apiA.get(`/analyses/${id}`)).body, status: 'draft' });
  check('(meanwhile A takes it back to draft through the API)', back.status === 200 && back.body.status === 'draft', JSON.stringify(back.body));
  await page.fill('#approval-comment', 'Too late');
  await page.click('#reject');
  await page.waitForSelector('#approval-refused');
  check('the refusal of the race is said in English, the status by its English word',
    (await text('#approval-refused')) === fill(en['error.approve_not_in_review'], { kind: en['noun.analysis'], status: en['enum.analysis_status.draft'] })
    && (await page.getAttribute('#approval-refused', 'data-message-id')) === 'approve_not_in_review',
    async () => text('#approval-messages'));
  const again = await apiA.put(`/analyses/${id}`, { ...(await apiA.get(`/analyses/${id}`)).body, status: 'review' });
  check('(A sends it for review again)', again.status === 200 && again.body.status === 'review', JSON.stringify(again.body));
  await go(page, '#/dashboard', 'dashboard');
  await go(page, `#/analyses/${id}`, 'analysis');
  await page.waitForSelector('#approval');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'nl' && document.body.dataset.ready === '1'
    && document.querySelector('#approval'));
  const missing = await page.evaluate(() => [...window.__vitaalMissingKeys]);
  check('no label of the panel is missing from the translation files', missing.length === 0, missing.join(', '));
});

await step('B approves after weighing the open points', async () => {
  await page.waitForSelector('#approval-open-points-list li');
  // approving without ticking the box is stopped beside it
  await pressApprove(approval);
  await page.waitForSelector('#approval-acknowledged-error:not([hidden])');
  check('approving without ticking "weighed" is stopped beside the box',
    (await text('#approval-acknowledged-error')) === fill(nl['approval.acknowledge_needed'], { kind: nl['noun.analysis'] })
    && (await apiB.get(`/analyses/${id}`)).body.status === 'review');
  await page.check('#approval-acknowledged');
  await page.click('#approve');
  await page.waitForSelector('#analysis-approval');
  const stored = (await apiB.get(`/analyses/${id}`)).body;
  check('the API\'s record: final, approved by B today, with the comment, the rejection cleared',
    stored.status === 'final' && stored.approved_by === b.username && stored.approval_comment === approval
    && stored.finalised === today() && amsterdamDay(Date.parse(stored.approved_at)) === today() && !stored.rejection,
    JSON.stringify(stored));
  const when = await page.evaluate((at) => new Intl.DateTimeFormat(navigator.language, {
    dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam',
  }).format(new Date(at)), stored.approved_at);
  check('the page shows it final, approved by B, when, and the comment',
    (await text('.status-flow [aria-current="step"]')) === nl['enum.analysis_status.final']
    && (await text('#analysis-messages')) === fill(nl['approval.approved'], { kind: nl['noun.analysis'] })
    && (await page.getAttribute('#analysis-approval', 'data-approved-by')) === b.username
    && (await text('#analysis-approval')).startsWith(fill(nl['approval.approved_by'], { user: b.username, when }))
    && (await text('#analysis-approval-comment')) === fill(nl['approval.comment_shown'], { comment: approval }),
    async () => `${await text('#analysis-approval')} / want ${when}`);
  check('a final analysis: no panel, no form, no rejection notice',
    !(await present('#approval')) && !(await present('#analysis-form')) && !(await present('#analysis-rejection')));
  await axe(page, 'final analysis with its approval');
  await shot(page, '44-approval-final');
  await logout(page);
});

await step('A sees who approved it', async () => {
  await login(page, a.username, a.password);
  await go(page, `#/analyses/${id}`, 'analysis');
  check('A sees the approval by B with the comment', (await page.getAttribute('#analysis-approval', 'data-approved-by')) === b.username
    && (await text('#analysis-approval-comment')).includes(approval));
  const direct = await apiA.put(`/analyses/${id}`, { ...(await apiA.get(`/analyses/${id}`)).body, summary: 'stil gewijzigd' });
  check('(a final analysis is not changed through the API: final_unchanged)', direct.status === 400
    && direct.body.message_id === 'final_unchanged', JSON.stringify(direct.body));
  ok(`four eyes: ${a.username} wrote, ${b.username} decided`);
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# approval browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
