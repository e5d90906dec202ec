// english_cycle_test.mjs — the whole cycle for one process, in English, as a
// new department user would go through it in the browser (the issue's done
// criterion; the Dutch path is covered piece by piece by the other suites).
// One walkthrough against the real server (tests/integration/browser_test.sh
// runs it on the demo database after ui_test.mjs), by mouse and keyboard
// only: the API client only reads back what got stored. The department user
// switches the UI to English first and it stays English throughout:
//  1. the dashboard shows the four-year clock; the process is found in the
//     process list with the filters;
//  2. vitaalbeoordeling: the latest assessment is computed, new estimates are
//     recorded, the server's decision is said in English and stored in
//     review, and counts once the second user approves it (four eyes);
//  3. weerbaarheidsanalyse: a new analysis (first a field error from the
//     server, said in English), a risk with likelihood, impact classes and
//     resilience, the fallback need, review, and final when a second user of
//     the ministry approves it after weighing the open points (four eyes);
//  4. actieprogramma: a measure for that risk (from the final analysis), its
//     what-if effect and a CER/NIS2 requirement on its page, the what-if
//     comparison on the measures page;
//  5. toetsing: an effectiveness review (first a field left empty), approved
//     by the second user (four eyes), its state in the measures table;
//  6. the framework coverage lists the measure under the requirement.
// On every screen: no Dutch label of the UI where English is expected (the
// text of the page against nl.json), an axe-core scan, a screenshot
// (en-cycle-NN-step.png); at the end no translation key missing, no page
// error, no CSP refusal, no request to another host.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, waitView, axe, shot, check, step, summary, sameSet, setDiff, apiClient, checklistChoose, checklistChosen,
  today as amsterdamToday, year as amsterdamYear,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const dept = users.find((u) => u.role === 'department');
// four eyes: a second user of the same ministry approves the analysis
const approver = users.find((u) => u.role === 'department' && u.org === dept.org && u !== dept);
const api = await apiClient(dept.username, dept.password);
const nl = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'));
const en = JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8'));

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
page.on('dialog', (d) => d.accept());
const started = Date.now();

// the process: one of the user's ministry that the other suites leave alone
// (ui_test.mjs works on the first by id, cycle_test.mjs on the second)
const processes = await api.list('processes');
const own = processes.filter((p) => p.ministry === dept.org).map((p) => p.id).sort();
const busy = new Set([own[0], own[1], 'elektriciteit-landelijk']);
const processId = [...own].reverse().find((id) => !busy.has(id)) || own[own.length - 1];
const proc = processes.find((p) => p.id === processId);
const stamp = Date.now().toString(36);
// the day and year in the Netherlands, as the UI and the server count them
// (the browser itself may be in another zone: browser_test.sh sees to that)
const year = amsterdamYear();
const today = amsterdamToday();
const pad = (n) => String(n).padStart(2, '0');
const NIS2 = 'urn:vitaal:framework:nis2';
const REQ = 'urn:vitaal:req_node:nis2:21.2.c'; // business continuity and crisis management
// made by the server (no form asks for an id): read back after each save
const ids = { assessment: null, analysis: null, risk: null, measure: null };
const hashId = (prefix) => decodeURIComponent(new URL(page.url()).hash.slice(prefix.length));
const newIds = async (kind, query, before) => (await api.list(kind, query)).map((r) => r.id).filter((id) => !before.includes(id));

// --- helpers ---------------------------------------------------------------------------
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const present = async (sel) => (await page.$(sel)) !== null;
const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// a label of the translation files as a pattern: a {placeholder} for a count
// matches a number, any other a short stretch of text (not a whole sentence
// of recorded data)
const COUNTS = new Set(['n', 'total', 'outage', 'horizon', 'min', 'max', 'hours', 'hour', 'year', 'covered', 'done',
  'assessable', 'up', 'down', 'm', 'low', 'high', 'threshold', 'estimate']);
const pattern = (s) => new RegExp(`^${String(s).split(/(\{\w+\})/).map((part) => {
  const hole = /^\{(\w+)\}$/.exec(part);
  if (!hole) return esc(part);
  return COUNTS.has(hole[1]) ? '[-+−\\d.,\\s\\u00a0\\u202f%€]+?' : '[^;:!?\\n]{1,80}?';
}).join('')}$`);
const isEnglish = (key, shown) => pattern(en[key]).test(shown);

// The Dutch labels of the UI that are not also English (with at least four
// letters of their own): none may be the text of an element while the UI is
// English. Data (process names, descriptions, the catalogue) stays as
// recorded and matches none of them.
const enValues = new Set(Object.values(en));
const dutch = Object.keys(nl)
  .filter((k) => nl[k] !== en[k] && !enValues.has(nl[k])
    && (nl[k].replace(/\{\w+\}/g, '').match(/\p{L}/gu) || []).length >= 4)
  .map((k) => ({ key: k, re: pattern(nl[k]) }));

async function noDutch(where) {
  const shown = await page.evaluate(() => {
    const out = new Set();
    const roots = [document.querySelector('header'), document.getElementById('main')].filter(Boolean);
    for (const root of roots) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent)
          .join('').replace(/\s+/g, ' ').trim();
        if (own) out.add(own);
        for (const a of ['aria-label', 'title', 'placeholder']) {
          const v = el.getAttribute(a);
          if (v && v.trim()) out.add(v.trim());
        }
      }
    }
    out.add(document.title.split(' — ')[0].trim());
    return [...out];
  });
  const leaks = [];
  for (const s of shown) {
    const hit = dutch.find((d) => d.re.test(s));
    if (hit) leaks.push(`${JSON.stringify(s)} (nl: ${hit.key})`);
  }
  check(`${where}: no Dutch label of the UI on the screen (${shown.length} texts)`, leaks.length === 0, leaks.join('\n'));
  check(`${where}: the page is still English`, (await page.getAttribute('html', 'lang')) === 'en'
    && (await text('#lang-switch')) === en['app.switch_to_nl']);
}

async function screen(n, name, where) {
  await noDutch(where);
  await axe(page, `${where} (English)`);
  await shot(page, `en-cycle-${pad(n)}-${name}`);
}

// Follows a link or menu item by mouse and waits for the view it leads to.
async function follow(sel, view) {
  await page.click(sel);
  await page.waitForFunction((v) => document.body.dataset.view === v && document.body.dataset.ready === '1'
    && document.querySelector('main h1'), view, { timeout: 15000 });
}

// --- 1. log in, switch to English, the dashboard and the process list ------------------
await step('English, the dashboard, the process list', async () => {
  await login(page, dept.username, dept.password);
  await waitView(page, 'dashboard');
  check('the UI starts in Dutch', (await page.getAttribute('html', 'lang')) === 'nl'
    && (await text('main h1')) === nl['dashboard.title']);
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.body.dataset.ready === '1'
    && document.body.dataset.view === 'dashboard');
  await page.waitForSelector('#measures-chart svg');
  check('the language switch turns the UI English', (await text('main h1')) === 'The cycle at a glance'
    && (await text('#lang-switch')) === 'Nederlands' && (await text('#logout')) === en['app.logout']);
  const status = (await api.get('/status')).body;
  const counts = {};
  for (const p of status.processes) counts[p.state] = (counts[p.state] || 0) + 1;
  const cards = await page.$$eval('a[data-clock]', (as) => as.map((a) => [a.dataset.clock,
    a.querySelector('.count').textContent.trim(), a.querySelector('.label').textContent.trim()]));
  check('dashboard: the four-year clock, its counts the server\'s and its states in English',
    (await text('#clock-title')) === en['dashboard.clock'] && cards.length === 4
    && cards.every(([s, n, label]) => n === String(counts[s] || 0) && label === en[`dashboard.clock_${s}`]),
    () => JSON.stringify(cards));
  const clock = status.processes.find((p) => p.id === processId);
  check(`the process ${processId} is on the clock`, Boolean(clock), processId);
  // one calendar: the server's today, the dashboard's and the test's are the
  // day in the Netherlands, whatever the browser's own zone says
  const local = await page.evaluate(() => {
    const d = new Date();
    return `${Intl.DateTimeFormat().resolvedOptions().timeZone} ${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()} ${d.toTimeString().slice(0, 5)}`;
  });
  console.log(`# the browser's own zone and clock: ${local}; the day in the Netherlands: ${today}`);
  const shownToday = await page.evaluate((d) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })
    .format(new Date(`${d}T00:00:00Z`)), today);
  check('dashboard: today is the day in the Netherlands, for the server and on the page',
    status.today === today && (await text('main p')).includes(shownToday),
    () => `server ${status.today}, test ${today}, wanted "${shownToday}" on the page`);
  await screen(1, 'dashboard', 'dashboard');

  await follow('#nav a[data-nav="processes"]', 'processes');
  check('processes: the heading and the filters are English', (await text('main h1')) === en['processes.title']
    && (await text('label[for="filter-ministry"]')) === en['field.ministry'] && (await text('#filter-reset')) === en['common.reset']);
  await page.selectOption('#filter-ministry', dept.org);
  await page.fill('#filter-q', proc.name.slice(0, 12));
  await page.waitForFunction((id) => document.querySelector(`#process-results a[data-process="${id}"]`)
    && window.location.hash.includes('q='), processId);
  const listed = await page.$$eval('#process-results a[data-process]', (as) => as.map((a) => a.dataset.process));
  const want = processes.filter((p) => p.ministry === dept.org && p.name.toLowerCase().includes(proc.name.slice(0, 12).toLowerCase()))
    .map((p) => p.id);
  const count = await text('#process-count');
  check('processes: the filters narrow the list, counted in English', sameSet(listed, want)
    && isEnglish('processes.count', count) && count === fill(en['processes.count'], { n: want.length, total: processes.length }),
    () => `${count}\n${setDiff(listed, want)}`);
  await screen(2, 'processes-filtered', 'process list, filtered');
  await follow(`#process-results a[data-process="${processId}"]`, 'process');
  check('the process page opens from the list', (await page.evaluate(() => window.location.hash)) === `#/processes/${processId}`
    && (await text('main h1')) === proc.name);
});

// --- 2. vitaalbeoordeling -------------------------------------------------------------------
await step('vitaalbeoordeling', async () => {
  check('process page: the sections are English', (await text('#assess-title')) === en['assess.title']
    && (await text('#category-title')) === en['process.category_title'] && (await text('#analyses-title')) === en['process.analyses']);
  const assessments = (await api.list('assessments', `&process=${processId}`)).sort((a, b) => b.date.localeCompare(a.date));
  const latest = assessments[0];
  await page.click('#assess-dry-run');
  await page.waitForSelector('#assess-result tr[data-criterion]');
  const dry = (await api.post('/assess', { process: processId, assessment: latest.id, dry_run: true })).body;
  const decision = await text('#assess-decision');
  const decisive = await page.$$eval('#assess-result tr[data-criterion]', (rows) => rows
    .filter((r) => r.lastElementChild.textContent.trim() === 'yes').map((r) => r.dataset.criterion));
  check('the latest assessment computed: the server\'s decision, said in English',
    decision.startsWith(fill(en['assess.decision'], { name: dry.name, category: en[`enum.category.${dry.category}`] }))
    && decision.includes(dry.decided_by.length ? en['assess.because'] : en['assess.no_threshold'])
    && sameSet(decisive, dry.decided_by), () => `${decision}\n${JSON.stringify(dry.decided_by)} ${decisive}`);
  await screen(3, 'assess-computed', 'process page with the computed vitaalbeoordeling');

  // new estimates: more people affected, still below threshold A
  await page.click('#assess-new summary');
  await page.waitForSelector('#assessment-form');
  check('the new-estimates form is English', (await text('#assessment-save')) === en['assess.record']
    && (await text('label[for="assessment-impacts_people_affected"]')).startsWith(en['criterion.people_affected']));
  check('the new-estimates form asks no id', !(await present('#assessment-id')));
  const assessmentsBefore = (await api.list('assessments', `&process=${processId}`)).map((a) => a.id);
  const people = Math.max(150000, Math.round(((latest.impacts || {}).people_affected || 0) * 1.05));
  await page.fill('#assessment-impacts_people_affected', String(Math.min(people, 990000)));
  await page.click('#assessment-save');
  await page.waitForSelector('#process-flash');
  [ids.assessment] = await newIds('assessments', `&process=${processId}`, assessmentsBefore);
  check('the new estimates are recorded, waiting for another person\'s approval (said in English)',
    (await text('#process-flash')) === en['assess.recorded']
    && (await api.get(`/assessments/${ids.assessment}`)).body.status === 'review');
  await page.waitForSelector('#approval');
  check('the author is offered no decision on it, told why in English',
    (await text('#approval-title')) === fill(en['approval.title'], { kind: en['noun.assessment'] })
    && (await text('#approval-reason')) === fill(en['error.approve_own_work'], { kind: en['noun.assessment'] })
    && !(await present('#approve')));
  await screen(4, 'assess-in-review', 'process page with the assessment in review');
  // four eyes: a colleague of the ministry approves it, then it counts
  await logout(page);
  await login(page, approver.username, approver.password);
  await follow('#nav a[data-nav="processes"]', 'processes');
  await follow(`#process-results a[data-process="${processId}"]`, 'process');
  await page.waitForSelector('#approval-form');
  check('the approver sees the decision panel on the assessment, in English',
    (await text('#approval-title')) === fill(en['approval.title'], { kind: en['noun.assessment'] })
    && (await text('#approve')) === en['approval.approve']);
  await page.fill('#approval-comment', 'Estimates checked with the sector');
  if (await page.$eval('#approval-acknowledged', (el) => !el.closest('[hidden]'))) await page.check('#approval-acknowledged');
  await page.click('#approve');
  await page.waitForSelector('#assessment-approval');
  check('approved: said in English, shown with the approver', (await text('#process-flash')) === fill(en['approval.approved'], { kind: en['noun.assessment'] })
    && (await page.getAttribute('#assessment-approval', 'data-approved-by')) === approver.username);
  await logout(page);
  await login(page, dept.username, dept.password);
  await follow('#nav a[data-nav="processes"]', 'processes');
  await follow(`#process-results a[data-process="${processId}"]`, 'process');
  const stored = (await api.get(`/assessments/${ids.assessment}`)).body;
  check('the assessment is final, approved by the second user', stored.status === 'final' && stored.approved_by === approver.username,
    JSON.stringify(stored));
  const again = (await api.post('/assess', { process: processId, assessment: ids.assessment, dry_run: true })).body;
  check('the server stored its decision with the estimates', stored && stored.category === again.category
    && sameSet(stored.decided_by || [], again.decided_by) && Boolean(stored.engine_explanation)
    && stored.impacts.people_affected === Math.min(people, 990000) && stored.owner === dept.org, JSON.stringify(stored));
  const reasons = await text('#category-reasons');
  check('the process page gives the recorded category and its reasons in English',
    (await text('#category-title ~ p')).includes(en[`enum.category.${stored.category}`])
    && reasons.startsWith(stored.decided_by.length ? en['assess.because'] : en['assess.no_threshold'])
    && reasons.includes(en['criterion.people_affected']), reasons);
  await screen(4, 'assess-recorded', 'process page with the recorded vitaalbeoordeling');
});

// --- 3. weerbaarheidsanalyse ----------------------------------------------------------------
await step('weerbaarheidsanalyse', async () => {
  await follow('#new-analysis', 'analysis');
  check('new analysis: English', (await text('main h1')) === fill(en['analysis.new_title'], { name: proc.name })
    && (await text('#save-analysis')) === en['analysis.create']);
  check('the new-analysis form asks no id', !(await present('#analysis-id')));
  const analysesBefore = (await api.list('analyses', `&process=${processId}`)).map((a) => a.id);
  await page.fill('#analysis-cycle_year', '1999');
  await page.fill('#analysis-summary', 'English walkthrough of the cycle');
  await page.fill('#analysis-findings_business_continuity', 'Cash remains the fallback at the counter');
  await page.click('#save-analysis');
  await page.waitForSelector('#analysis-cycle_year-error:not([hidden])');
  const error = await text('#analysis-cycle_year-error');
  check('a field error from the server, beside its field, in English (from its message id)',
    (await page.getAttribute('#analysis-cycle_year', 'aria-invalid')) === 'true'
    && isEnglish('error.out_of_range', error) && error.includes('1999') && !pattern(nl['error.out_of_range']).test(error), error);
  check('... and the form says which field to fix, in English',
    (await text('#analysis-messages')) === fill(en['form.fix_field'], { field: en['field.cycle_year'] }));
  check('nothing typed is lost, nothing stored', (await page.inputValue('#analysis-summary')) === 'English walkthrough of the cycle'
    && (await newIds('analyses', `&process=${processId}`, analysesBefore)).length === 0);
  await screen(5, 'analysis-field-error', 'new analysis with a field error');
  await page.fill('#analysis-cycle_year', String(year));
  await page.click('#save-analysis');
  await page.waitForFunction(() => /^#\/analyses\/[^/?]+$/.test(window.location.hash) && document.body.dataset.ready === '1');
  ids.analysis = hashId('#/analyses/');
  await page.waitForSelector('#to-review');
  let stored = (await api.get(`/analyses/${ids.analysis}`)).body;
  check('the analysis is stored as a draft', stored && stored.status === 'draft' && stored.cycle_year === year
    && stored.findings.business_continuity === 'Cash remains the fallback at the counter', JSON.stringify(stored));
  check('the editor is English', (await text('main h1')) === fill(en['analysis.title'], { year, name: proc.name })
    && (await text('#to-review')) === en['analysis.to_review'] && (await text('#add-risk')) === en['analysis.add_risk']);

  // a risk with likelihood, impact classes and resilience
  await page.click('#add-risk');
  const form = page.locator('details[data-risk="new"] form');
  await form.waitFor();
  const likelihoods = await form.locator('select[name="likelihood"] option').allTextContents();
  const impactOptions = await form.locator('select[name="impacts.3.1"] option').allTextContents();
  const impactLabel = (await form.locator(`label[for="${await form.locator('select[name="impacts.3.1"]').getAttribute('id')}"]`).textContent()).trim();
  check('the risk form names the classes and criteria in English',
    sameSet(likelihoods.slice(1), 'ABCDE'.split('').map((c) => en[`enum.likelihood_class.${c}`]))
    // each class with what it means for the criterion (issue 13 part 8)
    && sameSet(impactOptions.slice(1), 'ABCDE'.split('').map((c) => `${en[`enum.impact_class.${c}`]}: ${en[`impact_meaning.3.1.${c}`]}`))
    && impactLabel === `3.1 ${en['impact_criterion.3.1']}`, () => `${likelihoods}\n${impactOptions}\n${impactLabel}`);
  await form.locator('select[name="threat"]').selectOption('cybersabotage');
  await form.locator('select[name="likelihood"]').selectOption('C');
  await form.locator('textarea[name="scenario"]').fill('Ransomware stops the payment terminals');
  await form.locator('select[name="impacts.3.1"]').selectOption('D');
  await form.locator('select[name="impacts.5.1"]').selectOption('C');
  await form.locator('select[name="resilience.digital"]').selectOption('2');
  await form.locator('select[name="resilience.chain"]').selectOption('3');
  await form.locator('[data-action="save-risk"]').click();
  await page.waitForFunction(() => !document.querySelector('details[data-risk="new"]'));
  ids.risk = (await api.list('risks', `&analysis=${ids.analysis}`))[0]?.id;
  await page.waitForSelector(`#risk-list details[data-risk="${ids.risk}"]`);
  const risks = (await api.get(`/risks?analysis=${ids.analysis}`)).body.items;
  check('the risk is stored with its classes and resilience', risks.length === 1 && risks[0].id === ids.risk
    && risks[0].likelihood === 'C' && risks[0].impacts['3.1'] === 'D' && risks[0].impacts['5.1'] === 'C'
    && risks[0].resilience.digital === 2 && risks[0].resilience.chain === 3, JSON.stringify(risks));
  check('the risk is summed up in English', (await text(`#risk-list details[data-risk="${ids.risk}"] summary`))
    .endsWith(`(${en['field.likelihood']}: ${en['enum.likelihood_class.C']})`));
  await page.click(`#risk-list details[data-risk="${ids.risk}"] summary`);
  await page.waitForSelector(`#risk-list details[data-risk="${ids.risk}"] form`);

  // is a fallback option needed? the server's answer, said in English
  await page.waitForSelector('#fallback-need-verdict');
  const need = (await api.get(`/fallback-need?process=${processId}`)).body;
  const mine = need.processes.find((p) => p.id === processId);
  const verdict = await page.getAttribute('#fallback-need-verdict', 'data-need');
  check('the fallback need: the server\'s verdict, in English, not the server\'s explanation',
    verdict === mine.need && (await text('#fallback-need-verdict')) === en[`fallback_need.verdict.${mine.need.replace(' ', '_')}`]
    && (await text('#fallback-need-title')) === en['fallback_need.title']
    && !(await text('#fallback-need')).includes(mine.explanation.slice(0, 30)),
    async () => `${verdict} / ${mine.need}: ${await text('#fallback-need')}`);
  await screen(6, 'analysis-risk', 'analysis with a risk and the fallback need');

  // draft -> review; final only when a colleague of the ministry approves it (four eyes)
  await page.click('#to-review');
  await page.waitForSelector('#approval');
  check('sent to review (stored)', (await api.get(`/analyses/${ids.analysis}`)).body.status === 'review'
    && (await text('#analysis-messages')) === fill(en['analysis.status_changed'], { status: en['enum.analysis_status.review'] })
    && !(await present('#to-final')));
  await logout(page);
  await login(page, approver.username, approver.password);
  await follow('#nav a[data-nav="processes"]', 'processes');
  await follow(`#process-results a[data-process="${processId}"]`, 'process');
  await follow(`a[data-analysis="${ids.analysis}"]`, 'analysis');
  check('the approver sees the decision panel, in English', (await text('#approval-title')) === fill(en['approval.title'], { kind: en['noun.analysis'] })
    && (await text('#approve')) === en['approval.approve'] && (await text('#reject')) === en['approval.reject']);
  // the open points are shown before the first click (asked without deciding)
  await page.waitForSelector('#approval-open-points-list li');
  const points = await page.$$eval('#approval-open-points-list li', (lis) => lis.map((li) => li.textContent.trim()));
  check('the open points are listed in English words, before any click', points.some((p) => p === fill(en['approval.point.topic_without_findings'], { topic: en['topic.incidents'] }))
    && points.some((p) => p.startsWith(fill(en['approval.point.risk_without_measure'], { risk: '' })) && p.includes('Ransomware stops the payment terminals'))
    && (await text('label[for="approval-acknowledged"]')) === en['approval.acknowledge'], points.join('\n'));
  await page.fill('#approval-comment', 'Weighed: the measure for the risk follows in the action programme');
  await page.click('#approve');
  await page.waitForSelector('#approval-acknowledged-error:not([hidden])');
  check('approving before ticking that they were weighed is stopped beside the box, in English',
    (await text('#approval-acknowledged-error')) === fill(en['approval.acknowledge_needed'], { kind: en['noun.analysis'] })
    && (await api.get(`/analyses/${ids.analysis}`)).body.status === 'review');
  await screen(7, 'analysis-approval', 'approval panel with the open points');
  await page.check('#approval-acknowledged');
  await page.click('#approve');
  await page.waitForSelector('#analysis-approval');
  stored = (await api.get(`/analyses/${ids.analysis}`)).body;
  check('finalised: stored as final, with the date, approved by the second user', stored.status === 'final' && stored.finalised === today
    && stored.approved_by === approver.username, JSON.stringify(stored));
  check('the final analysis says so in English, without edit controls',
    (await text('#analysis-messages')) === fill(en['approval.approved'], { kind: en['noun.analysis'] })
    && (await text('#analysis-approval-comment')) === fill(en['approval.comment_shown'], { comment: stored.approval_comment })
    && !(await present('#add-risk')) && (await text('.status-flow [aria-current="step"]')) === en['enum.analysis_status.final']);
  await screen(7, 'analysis-final', 'final analysis');
  // the author carries on with the action programme
  await logout(page);
  await login(page, dept.username, dept.password);
  await follow('#nav a[data-nav="processes"]', 'processes');
  await follow(`#process-results a[data-process="${processId}"]`, 'process');
  await follow(`a[data-analysis="${ids.analysis}"]`, 'analysis');
});

// --- 4. actieprogramma ----------------------------------------------------------------------
await step('actieprogramma', async () => {
  // the final analysis's risk leads to a new measure for it
  const link = `tr[data-risk="${ids.risk}"] a[data-action="measure-for-risk"]`;
  check('the final analysis offers a measure for its risk', (await present(link)) && (await text(link)) === en['analysis.measure_for_risk']);
  await follow(link, 'measure_new');
  check('new measure: English, for this process', (await text('main h1')) === fill(en['measure_new.title_for'], { name: proc.name })
    && (await text('#save-new-measure')) === en['measure_new.save']);
  const chosen = async (sel) => checklistChosen(page, sel.slice(1));
  check('the process and the risk are preselected', sameSet(await chosen('#measure-new-processes'), [processId])
    && sameSet(await chosen('#measure-new-risks'), [ids.risk]));
  check('the new-measure form asks no id', !(await present('#measure-new-id')));
  await page.fill('#measure-new-name', 'Cash reserve at the counter');
  await page.selectOption('#measure-new-kind', 'stockpile');
  await page.selectOption('#measure-new-scope', 'sectoral');
  await page.selectOption('#measure-new-status', 'planned');
  await page.fill('#measure-new-due', `${year + 1}-06-30`);
  await page.fill('#measure-new-cost_eur', '-5');
  await page.fill('#measure-new-expected_effect', 'Shops keep selling for cash when the terminals stop');
  await page.click('#save-new-measure');
  await page.waitForSelector('#measure-new-cost_eur-error:not([hidden])');
  const error = await text('#measure-new-cost_eur-error');
  const englishError = Object.keys(en).filter((k) => k.startsWith('error.')).some((k) => isEnglish(k, error));
  check('a negative cost: the server\'s error beside the field, in English', englishError
    && !Object.keys(nl).filter((k) => k.startsWith('error.')).some((k) => pattern(nl[k]).test(error)), error);
  check('nothing stored yet', !(await api.list('measures')).some((m) => m.name === 'Cash reserve at the counter'));
  await screen(8, 'measure-new-error', 'new measure with a field error');
  await page.fill('#measure-new-cost_eur', '40000');
  await page.click('#save-new-measure');
  await page.waitForFunction(() => /^#\/measures\/[^/?]+$/.test(window.location.hash) && document.body.dataset.view === 'measure'
    && document.body.dataset.ready === '1');
  ids.measure = hashId('#/measures/');
  let stored = (await api.get(`/measures/${ids.measure}`)).body;
  check('the measure is stored for the process and the risk', stored && stored.kind === 'stockpile'
    && sameSet(stored.processes, [processId]) && sameSet(stored.risks || [], [ids.risk]) && stored.cost_eur === 40000
    && stored.owner === dept.org && stored.effect === 'none', JSON.stringify(stored));

  // its what-if effect and a requirement, on its page
  check('measure page: English', (await text('#measure-edit-title')) === en['measure.edit']
    && (await text('#save-measure')) === en['form.save']
    && (await page.$$eval('#measure-effect option', (os) => os.map((o) => o.textContent.trim())))
      .includes(en['enum.effect.likelihood']));
  await page.selectOption('#measure-effect', 'likelihood');
  const asked = await page.$$eval('#measure-effect-fields [data-field]', (els) => els
    .filter((e) => !e.closest('[hidden]')).map((e) => e.dataset.field));
  check('effect "lower likelihood": the risk and the class are asked', sameSet(asked, ['effect', 'effect_risk', 'effect_class']),
    asked.join());
  await page.selectOption('#measure-effect_risk', ids.risk);
  await page.selectOption('#measure-effect_class', 'B');
  await checklistChoose(page, 'measure-requirements', [REQ]);
  await page.click('#save-measure');
  await page.waitForSelector('#measure-messages .alert.success');
  check('saved, said in English', (await text('#measure-messages')) === en['form.saved']);
  stored = (await api.get(`/measures/${ids.measure}`)).body;
  check('the effect and the requirement are stored', stored.effect === 'likelihood' && stored.effect_risk === ids.risk
    && stored.effect_class === 'B' && stored.effect_dependency == null && sameSet(stored.requirements || [], [REQ]),
    JSON.stringify(stored));
  check('the measure page lists the requirement', (await text('#measure-requirements')).startsWith('21(2)(c)'));
  await screen(9, 'measure-effect', 'measure with its what-if effect and requirement');

  // the what-if comparison with it
  await follow('#nav a[data-nav="measures"]', 'measures');
  check('measures: English', (await text('main h1')) === en['measures.title'] && (await text('#whatif-run')) === en['whatif.run']);
  await page.check(`input[data-whatif="${ids.measure}"]`);
  check('the what-if count says one measure, in English', (await text('#whatif-count')) === fill(en['whatif.count'], { n: 1 }));
  await page.click('#whatif-run');
  await page.waitForSelector('#whatif-result tr[data-metric="affected"]', { timeout: 60000 });
  const riskRow = await page.$$eval('#whatif-result tbody tr', (trs, id) => trs
    .map((tr) => [...tr.children].map((c) => c.textContent.trim())).find((cells) => cells[0] === id), ids.risk);
  const affected = await page.$$eval('#whatif-result tr[data-metric="affected"] td', (tds) => tds.map((td) => td.textContent.trim()));
  check('what-if: the risk\'s likelihood goes from C to B, the cascade is unchanged',
    riskRow && riskRow[1] === 'C → B' && affected.length === 2 && affected[0] === affected[1],
    () => `${JSON.stringify(riskRow)} ${affected}`);
  // the failure is the server's pick; a department user may not see those processes
  const said = await text('#whatif-summary');
  check('what-if: said in English, naming what fails (or that the user may not see it)',
    isEnglish('whatif.summary', said.replace(` ${en['whatif.failed_default']}`, '')) && !/ of {1,2}for /.test(said)
    && (await text('#whatif-result')).includes('Cash reserve at the counter')
    && (await text('#whatif-result')).includes(en['enum.effect.likelihood']), said);
  await screen(10, 'measures-whatif', 'measures with the what-if comparison');
});

// --- 5. toetsing ----------------------------------------------------------------------------
await step('toetsing', async () => {
  await follow(`#measure-results a[data-measure-link="${ids.measure}"]`, 'measure');
  // the measure is carried out: done, then reviewed
  await page.selectOption('#measure-status', 'done');
  await page.click('#save-measure');
  await page.waitForSelector('#measure-messages .alert.success');
  check('the measure is done (stored)', (await api.get(`/measures/${ids.measure}`)).body.status === 'done');
  check('the review form is English', (await text('#review-new-title')) === en['review.new']
    && (await text('#save-review')) === en['review.save']);
  await page.fill('#review-date', today);
  await page.selectOption('#review-result', 'effective');
  await page.click('#save-review');
  await page.waitForSelector('#review-method-error:not([hidden])');
  check('a review without a method: refused beside the field, in English',
    (await text('#review-method-error')) === en['form.required']
    && (await text('#review-messages')) === fill(en['form.fix_field'], { field: en['review.method'] }));
  await page.selectOption('#review-method', 'exercise');
  await page.fill('#review-findings', 'Shops switched to cash within the hour');
  await page.fill('#review-adjustment', 'None needed');
  await page.click('#save-review');
  await page.waitForSelector('#reviews tr[data-review]');
  const reviews = (await api.get(`/reviews?measure=${ids.measure}`)).body.items;
  check('the review is stored in review and listed', reviews.length === 1 && reviews[0].result === 'effective'
    && reviews[0].method === 'exercise' && reviews[0].date === today && reviews[0].status === 'review'
    && sameSet(await page.$$eval('#reviews tr[data-review]', (trs) => trs.map((tr) => tr.dataset.review)), [reviews[0].id]),
    JSON.stringify(reviews));
  check('... said in English, waiting for another person\'s approval', (await text('#measure-messages')) === en['review.saved']
    && (await text('#reviews tr[data-review]')).includes(en['enum.review_result.effective'])
    && (await text('#approval-reason')) === fill(en['error.approve_own_work'], { kind: en['noun.review'] }));
  await screen(11, 'measure-review', 'measure with its review in review');
  // four eyes: the colleague approves the review, then it counts in the toetsing
  await logout(page);
  await login(page, approver.username, approver.password);
  await follow('#nav a[data-nav="measures"]', 'measures');
  await follow(`#measure-results a[data-measure-link="${ids.measure}"]`, 'measure');
  await page.waitForSelector('#approval-form');
  check('the approver sees the decision panel on the review, in English',
    (await text('#approval-title')) === fill(en['approval.title'], { kind: en['noun.review'] }));
  await page.fill('#approval-comment', 'The exercise shows it works');
  await page.click('#approve');
  await page.waitForSelector(`#reviews tr[data-review="${reviews[0].id}"][data-status="final"]`);
  check('the review is final, approved by the second user (stored), said in English',
    (await api.get(`/reviews/${reviews[0].id}`)).body.approved_by === approver.username
    && (await text('#measure-messages')) === fill(en['approval.approved'], { kind: en['noun.review'] }));
  await screen(11, 'measure-review-final', 'measure with its approved review');
  await logout(page);
  await login(page, dept.username, dept.password);

  await follow('#nav a[data-nav="measures"]', 'measures');
  const state = (await api.get('/review-status')).body.measures.find((m) => m.id === ids.measure);
  const row = await text(`#measure-results tr[data-measure="${ids.measure}"]`);
  check('the measures table shows its review state, in English', state
    && row.includes(en[`enum.review_state.${state.state}`]) && row.includes(en['enum.review_result.effective'])
    && row.includes(en['enum.measure_status.done']), () => `${row}\n${JSON.stringify(state)}`);
  await screen(12, 'measures-review-state', 'measures with the review state');
});

// --- 6. framework coverage ------------------------------------------------------------------
await step('framework coverage', async () => {
  await follow('#nav a[data-nav="frameworks"]', 'frameworks');
  check('frameworks: English', (await text('main h1')) === en['frameworks.title']);
  await follow(`a[data-framework-link="${NIS2}"]`, 'frameworks');
  await page.waitForSelector('#framework-summary');
  const rowSel = `tr[data-requirement="${REQ}"]`;
  check('coverage: the measure is listed under the requirement, linked to its page',
    (await page.getAttribute(`${rowSel} a[data-measure-link="${ids.measure}"]`, 'href')) === `#/measures/${ids.measure}`
    && (await page.getAttribute(rowSel, 'data-state')) === 'done'
    && (await text(rowSel)).includes(en['frameworks.state_done']));
  const doc = (await api.get(`/framework-coverage?framework=${encodeURIComponent(NIS2)}`)).body;
  const c = doc.coverage;
  check('coverage: the server\'s figures, in English', (await text('#framework-summary strong'))
    === fill(en['frameworks.summary'], { covered: c.covered, assessable: c.assessable, done: c.covered_done }));
  await screen(13, 'framework-coverage', 'framework coverage (NIS2)');
});

// --- 7. still English after a reload; nothing missing --------------------------------------
await step('English throughout', async () => {
  await page.reload();
  await waitView(page, 'frameworks');
  await page.waitForSelector('#framework-summary');
  check('English is remembered after a reload', (await page.getAttribute('html', 'lang')) === 'en'
    && (await text('#lang-switch')) === 'Nederlands' && (await text('main .breadcrumb a')) === en['frameworks.title']);
  await follow(`a[data-measure-link="${ids.measure}"]`, 'measure');
  await noDutch('measure page after a reload');
  const missing = await page.evaluate(() => [...window.__vitaalMissingKeys]);
  check('no label was missing from the translation files on the way', missing.length === 0, missing.join(', '));
  await logout(page);
  check('the login screen stays English after logging out', (await text('#login-submit')) === en['login.submit']);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# English cycle browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
