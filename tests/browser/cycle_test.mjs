// cycle_test.mjs — the end of the cycle in the browser, against the real
// server (tests/integration/browser_test.sh runs it after ui_test.mjs on the
// demo database): who may not write sees no create control (an auditor no
// "new measure" or fallback controls, a provider edit buttons only on its own
// organisation's fallback options); a department user creates a measure in
// the action programme, first meeting a field error from the API beside the
// field, finds it in the measures table and on its process page, maps a
// NIS2 requirement to it on its page and sees it on the framework coverage
// screen under that requirement, with the figures the API gives (also for
// one process and in English); on a process page of its own ministry it
// adds a fallback option (again a field error first) and changes it, and
// the API returns the change. Every new screen and form passes an axe-core
// scan and is photographed; no page error, no CSP refusal, no request to
// another host.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, waitView, axe, shot, check, step, summary, sameSet, setDiff, apiClient, checklistChoose, checklistChosen,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const user = (role) => users.find((u) => u.role === role);
const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
page.on('dialog', (d) => d.accept());
const started = Date.now();
const attrs = (sel, name) => page.$$eval(sel, (els, n) => els.map((e) => e.getAttribute(n)), name);
const present = async (sel) => (await page.$(sel)) !== null;

const NIS2 = 'urn:vitaal:framework:nis2';
const REQ = 'urn:vitaal:req_node:nis2:21.2.h'; // cryptography: no demo measure maps to it
const stamp = Date.now().toString(36);
const dept = user('department');
const deptApi = await apiClient(dept.username, dept.password);
// a process of the department's own ministry (ui_test.mjs works on the first)
const ownProcesses = (await deptApi.list('processes')).filter((p) => p.ministry === dept.org).map((p) => p.id).sort();
const processId = ownProcesses[1] || ownProcesses[0];
let measureId = null; // ids made by the server: no form asks for one
let fallbackId = null;
let fallbackB = null;
const measureName = `Versleuteling van de betaalketen ${stamp}`;
const fallbackText = `Handmatige verwerking van spoedbetalingen ${stamp}`;

// --- who may not write sees no create control ----------------------------------------
await step('no create controls for who may not write', async () => {
  const aud = user('auditor');
  await login(page, aud.username, aud.password);
  check('auditor: the frameworks screen is in the menu', (await attrs('#nav a', 'data-nav')).includes('frameworks'));
  await go(page, '#/measures', 'measures');
  check('auditor: no "new measure" button in the action programme', !(await present('#new-measure')));
  await go(page, `#/processes/${aud.scope[0]}`, 'process');
  check('auditor: no fallback controls and no "new measure" on a process page of its scope',
    !(await present('#new-fallback')) && !(await present('[data-action="edit-fallback"]'))
    && !(await present('#new-measure-for-process')) && (await present('#fallbacks')));
  await go(page, '#/measures/new', 'measure_new');
  check('auditor: the new-measure address shows no form', !(await present('#measure-new-form')));
  await logout(page);

  const prov = user('provider');
  const provApi = await apiClient(prov.username, prov.password);
  // what it provides, as the server counts it (its links may be hidden from it)
  const coordinatorApi = await apiClient(user('coordinator').username, user('coordinator').password);
  const links = (await coordinatorApi.list('provider_links')).filter((l) => l.provider === prov.org).map((l) => l.process);
  await login(page, prov.username, prov.password);
  await go(page, '#/measures', 'measures');
  check('provider: "new measure" is offered exactly when it provides a process', (await present('#new-measure')) === links.length > 0);
  if (links.length > 0) {
    const pid = links.sort()[0];
    await go(page, `#/processes/${pid}`, 'process');
    const mine = (await provApi.list('fallback_options', `&process=${pid}`)).filter((f) => f.owner === prov.org).map((f) => f.id);
    const editable = await attrs('[data-action="edit-fallback"]', 'data-id');
    check('provider: edit buttons only on its own organisation\'s fallback options', sameSet(editable, mine), () => setDiff(editable, mine));
    check('provider: may add a fallback option to a process it provides', await present('#new-fallback'));
  }
  await logout(page);
});

// --- a department user creates a measure ---------------------------------------------
await step('create a measure', async () => {
  await login(page, dept.username, dept.password);
  await go(page, '#/measures', 'measures');
  await page.click('#new-measure');
  await waitView(page, 'measure_new');
  await axe(page, 'new measure form');
  await shot(page, '20-measure-new');
  check('the new-measure form asks no id', !(await present('#measure-new-id')));
  await page.fill('#measure-new-name', measureName);
  await page.selectOption('#measure-new-kind', 'redundancy');
  await page.selectOption('#measure-new-scope', 'sectoral');
  await checklistChoose(page, 'measure-new-processes', [processId]);
  await page.selectOption('#measure-new-status', 'planned');
  await page.fill('#measure-new-due', '2027-06-30');
  await page.fill('#measure-new-expected_effect', 'Tekst die niet verloren mag gaan');
  await page.fill('#measure-new-cost_eur', '-5');
  await page.click('#save-new-measure');
  await page.waitForSelector('#measure-new-cost_eur-error:not([hidden])');
  check('a field error from the API is shown beside the field, marked invalid',
    (await page.getAttribute('#measure-new-cost_eur', 'aria-invalid')) === 'true'
    && (await page.textContent('#measure-new-cost_eur-error')).trim().length > 0);
  check('nothing typed is lost on a failed save',
    (await page.inputValue('#measure-new-expected_effect')) === 'Tekst die niet verloren mag gaan'
    && (await page.inputValue('#measure-new-name')) === measureName);
  check('nothing was stored', !(await deptApi.list('measures')).some((m) => m.name === measureName));
  await axe(page, 'new measure form with a field error');
  await shot(page, '21-measure-new-error', false);
  await page.fill('#measure-new-cost_eur', '250000');
  await page.click('#save-new-measure');
  await page.waitForFunction(() => /^#\/measures\/[^/?]+$/.test(window.location.hash) && document.body.dataset.view === 'measure'
    && document.body.dataset.ready === '1');
  measureId = decodeURIComponent(new URL(page.url()).hash.slice('#/measures/'.length));
  check('the server made a readable id from the name', measureId.startsWith('ms-versleuteling-van-de-betaalketen-'), measureId);
  const stored = await deptApi.get(`/measures/${measureId}`);
  check('the measure is stored as entered', stored.status === 200 && stored.body.kind === 'redundancy'
    && stored.body.scope === 'sectoral' && sameSet(stored.body.processes, [processId]) && stored.body.status === 'planned'
    && stored.body.due === '2027-06-30' && stored.body.cost_eur === 250000 && stored.body.owner === dept.org
    && stored.body.review_interval_months === 12, JSON.stringify(stored.body));

  await go(page, '#/measures', 'measures');
  check('the new measure is in the measures table', await present(`#measure-results tr[data-measure="${measureId}"] a[data-measure-link="${measureId}"]`));
  await go(page, `#/processes/${processId}`, 'process');
  check('... and on its process page, which offers "new measure" for this process',
    (await present(`#process-measures a[data-measure-link="${measureId}"]`))
    && (await page.getAttribute('#new-measure-for-process', 'href')) === `#/measures/new?process=${processId}`);
  await page.click('#new-measure-for-process');
  await waitView(page, 'measure_new');
  const preselected = await checklistChosen(page, 'measure-new-processes');
  check('"new measure for this process" preselects the process', sameSet(preselected, [processId]), () => setDiff(preselected, [processId]));
});

// --- map a requirement, see it on the coverage screen -----------------------------------
await step('framework coverage', async () => {
  await go(page, `#/measures/${measureId}`, 'measure');
  await checklistChoose(page, 'measure-requirements', [REQ]);
  await page.click('#save-measure');
  await page.waitForSelector('#measure-messages .alert.success');
  check('the requirement is mapped (API)', sameSet((await deptApi.get(`/measures/${measureId}`)).body.requirements || [], [REQ]));

  await go(page, '#/frameworks', 'frameworks');
  const list = (await deptApi.get('/framework-coverage')).body.items;
  const rows = await attrs('tr[data-framework]', 'data-framework');
  check('frameworks: every framework the API lists is shown', sameSet(rows, list.map((f) => f.id)), () => setDiff(rows, list.map((f) => f.id)));
  const nis2Row = await page.$$eval(`tr[data-framework="${NIS2}"] td`, (tds) => tds.map((td) => td.textContent.trim()));
  const nis2 = list.find((f) => f.id === NIS2);
  check('frameworks: the NIS2 counts are the API\'s', nis2Row[2] === String(nis2.covered) && nis2Row[3] === String(nis2.covered_done),
    () => `${nis2Row} / ${JSON.stringify(nis2)}`);
  await axe(page, 'frameworks');
  await shot(page, '22-frameworks');

  await page.click(`a[data-framework-link="${NIS2}"]`);
  await page.waitForFunction(() => document.body.dataset.view === 'frameworks' && document.body.dataset.ready === '1'
    && document.querySelector('#framework-summary'));
  check('coverage: the new measure is listed under the requirement it maps to, linked to its page',
    (await page.getAttribute(`tr[data-requirement="${REQ}"] a[data-measure-link="${measureId}"]`, 'href')) === `#/measures/${measureId}`
    && (await page.getAttribute(`tr[data-requirement="${REQ}"]`, 'data-state')) === 'planned');
  const doc = (await deptApi.get(`/framework-coverage?framework=${encodeURIComponent(NIS2)}`)).body;
  const shownReqs = await attrs('tr[data-requirement]', 'data-requirement');
  check('coverage: the requirements are the API\'s, in its order', shownReqs.join() === doc.requirements.map((r) => r.id).join());
  const byRow = await page.$$eval('tr[data-requirement]', (trs) => trs.map((tr) => [tr.dataset.requirement,
    [...tr.querySelectorAll('a[data-measure-link]')].map((a) => a.dataset.measureLink)]));
  const wrong = byRow.filter(([id, ms]) => !sameSet(ms, doc.requirements.find((r) => r.id === id).measures.map((m) => m.id)));
  check('coverage: each requirement lists exactly the measures the API maps to it', wrong.length === 0, JSON.stringify(wrong));
  const c = doc.coverage;
  check('coverage: the summary gives the API\'s figures', (await page.textContent('#framework-summary')).includes(
    `${c.covered} van ${c.assessable} toetsbare eisen gedekt door een maatregel, ${c.covered_done} door`));
  await axe(page, 'framework coverage (NIS2)');
  await shot(page, '23-framework-nis2');

  await page.selectOption('#framework-process', processId);
  await page.waitForFunction((p) => window.location.hash.includes(`process=${p}`) && document.body.dataset.ready === '1'
    && document.querySelector('#framework-summary'), processId);
  const forProcess = (await deptApi.get(`/framework-coverage?framework=${encodeURIComponent(NIS2)}&process=${processId}`)).body;
  const links = await attrs('tr[data-requirement] a[data-measure-link]', 'data-measure-link');
  const want = forProcess.requirements.flatMap((r) => r.measures.map((m) => m.id));
  check('coverage for one process: the measures the API gives for it', links.length > 0 && sameSet(links, want), () => setDiff(links, want));

  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.body.dataset.ready === '1'
    && document.querySelector('#framework-summary'));
  check('coverage in English', (await page.textContent('#framework-summary')).includes('assessable requirements covered by a measure')
    && (await page.textContent(`tr[data-requirement="${REQ}"]`)).includes('covered, not done yet'));
  await axe(page, 'framework coverage (English)');
  await shot(page, '23-framework-nis2-en');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'nl' && document.body.dataset.ready === '1');
});

// --- the new measure's what-if effect, then the what-if comparison ------------------------
await step('what-if effect', async () => {
  await go(page, `#/measures/${measureId}`, 'measure');
  const asked = () => page.$$eval('#measure-effect-fields [data-field]', (els) => els
    .filter((e) => !e.closest('[hidden]')).map((e) => e.dataset.field));
  check('effect "none": only the effect itself is asked', sameSet(await asked(), ['effect']), async () => (await asked()).join());
  await page.selectOption('#measure-effect', 'add_buffer');
  check('effect "extra buffer": the dependency and the hours are asked, nothing else',
    sameSet(await asked(), ['effect', 'effect_dependency', 'effect_hours']));
  await page.selectOption('#measure-effect', 'impact');
  check('effect "lower impact": the risk, the criterion and the class are asked',
    sameSet(await asked(), ['effect', 'effect_risk', 'effect_criterion', 'effect_class']));
  await page.selectOption('#measure-effect', 'add_buffer');
  await page.click('#save-measure');
  await page.waitForSelector('#measure-effect_dependency-error:not([hidden])');
  check('the chosen effect\'s fields are required before anything is sent; the hidden ones are not',
    (await page.getAttribute('#measure-effect_hours', 'aria-invalid')) === 'true'
    && (await page.getAttribute('#measure-effect_risk', 'aria-invalid')) === null
    && (await deptApi.get(`/measures/${measureId}`)).body.effect === 'none');
  const dep = (await deptApi.list('dependencies', `&process=${processId}`))[0];
  await page.selectOption('#measure-effect_dependency', dep.id);
  await page.fill('#measure-effect_hours', '-5');
  await page.click('#save-measure');
  await page.waitForSelector('#measure-effect_hours-error:not([hidden])');
  check('a bad number of hours: the server\'s error beside that field, in Dutch',
    /buiten het bereik/.test(await page.textContent('#measure-effect_hours-error'))
    && (await deptApi.get(`/measures/${measureId}`)).body.effect === 'none');
  await page.fill('#measure-effect_hours', '48');
  await page.click('#save-measure');
  await page.waitForSelector('#measure-messages .alert.success');
  const stored = (await deptApi.get(`/measures/${measureId}`)).body;
  check('the effect is stored with exactly its fields', stored.effect === 'add_buffer' && stored.effect_dependency === dep.id
    && stored.effect_hours === 48 && stored.effect_risk == null && stored.effect_class == null, JSON.stringify(stored));
  await axe(page, 'measure with its what-if effect');
  await shot(page, '26-measure-effect');

  // the measure can now be chosen for the what-if comparison, and its result is the server's
  await go(page, '#/measures', 'measures');
  await page.check(`input[data-whatif="${measureId}"]`);
  await page.click('#whatif-run');
  await page.waitForSelector('#whatif-result tr[data-metric="affected"]', { timeout: 60000 });
  // what fails is what the measure's effect addresses: the suppliers of its input (issue 13 part 2)
  const fail = await page.$$eval('#whatif-scenario input[type="checkbox"]:checked', (bs) => bs.map((b) => b.value).sort());
  const wantFail = [...(dep.suppliers || []), ...(dep.supplier_services || [])].sort();
  check('what-if with the new measure: what fails is the suppliers of its input', fail.join() === wantFail.join(),
    `${fail} / ${wantFail}`);
  const job = await deptApi.post('/whatif', {
    measures: [measureId], fail, outage_h: Number(await page.inputValue('#whatif-outage-h')),
    horizon_h: Number(await page.inputValue('#whatif-horizon-h')),
  });
  let res = null;
  for (let i = 0; i < 200 && !res; i += 1) {
    const j = (await deptApi.get(job.body.location.replace(/^\/api\/v1/, ''))).body;
    if (j.status === 'done') res = j.result;
    else await new Promise((r) => { setTimeout(r, 100); });
  }
  const shown = await page.$$eval('#whatif-result tr[data-metric]', (trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.metric,
    [...tr.querySelectorAll('td')].map((td) => td.textContent.trim().replace(/\D/g, ''))])));
  check('what-if with the new measure: before and after are the server\'s', res
    && shown.affected[0] === String(res.cascade.affected_before) && shown.affected[1] === String(res.cascade.affected_after)
    && shown.down_node_hours[0] === String(res.cascade.down_node_hours_before)
    && shown.down_node_hours[1] === String(res.cascade.down_node_hours_after)
    && (await page.textContent('#whatif-result')).includes(stored.name),
    () => `${JSON.stringify(shown)}\n${JSON.stringify(res && res.cascade && { ...res.cascade, nodes: undefined })}`);
  check('what-if with the new measure: on that failure its 48 hours of buffer show (fewer hours down after)',
    Number(shown.down_node_hours[1]) < Number(shown.down_node_hours[0]), JSON.stringify(shown));
});

// --- fallback options on a process page ---------------------------------------------------
await step('fallback options', async () => {
  await go(page, `#/processes/${processId}`, 'process');
  await page.click('#new-fallback');
  await page.waitForSelector('#fallback-form');
  check('the fallback form asks no id', !(await present('#fallback-id')));
  await page.selectOption('#fallback-kind', 'analogue');
  await page.fill('#fallback-activation_h', '4');
  await page.fill('#fallback-duration_h', '0');
  await page.check('#fallback-available');
  await page.selectOption('#fallback-proportionate', 'true');
  await page.fill('#fallback-description', fallbackText);
  await page.click('#save-fallback');
  await page.waitForSelector('#fallback-duration_h-error:not([hidden])');
  check('fallback: a field error from the API beside the field (duration 0)',
    (await page.getAttribute('#fallback-duration_h', 'aria-invalid')) === 'true'
    && (await page.inputValue('#fallback-description')) === fallbackText);
  await axe(page, 'fallback form with a field error');
  await shot(page, '24-fallback-form', false);
  await page.fill('#fallback-duration_h', '48');
  await page.click('#save-fallback');
  await page.waitForFunction(() => document.querySelector('#process-flash') && !document.querySelector('#fallback-form'));
  fallbackId = (await deptApi.list('fallback_options', `&process=${processId}`)).find((f) => f.description === fallbackText)?.id;
  await page.waitForSelector(`#fallbacks tr[data-fallback="${fallbackId}"]`);
  let stored = (await deptApi.get(`/fallback_options/${fallbackId}`)).body;
  check('fallback: added, as entered (API)', stored && stored.process === processId && stored.kind === 'analogue'
    && stored.duration_h === 48 && stored.activation_h === 4 && stored.available === true && stored.proportionate === true
    && stored.needed === 'unknown' && stored.owner === dept.org, JSON.stringify(stored));

  await page.click(`[data-action="edit-fallback"][data-id="${fallbackId}"]`);
  await page.waitForFunction(() => document.querySelector('#fallback-duration_h')?.value === '48');
  check('fallback: the editor holds the stored values', (await page.inputValue('#fallback-kind')) === 'analogue'
    && (await page.isChecked('#fallback-available')) && (await page.inputValue('#fallback-proportionate')) === 'true');
  // judged not proportionate without the measure chosen instead: refused beside the field
  await page.selectOption('#fallback-proportionate', 'false');
  await page.click('#save-fallback');
  await page.waitForSelector('#fallback-alternative_measure-error:not([hidden])');
  check('fallback: not proportionate needs the measure chosen instead (field error, nothing stored)',
    (await page.getAttribute('#fallback-alternative_measure', 'aria-invalid')) === 'true'
    && (await deptApi.get(`/fallback_options/${fallbackId}`)).body.proportionate === true);
  await page.selectOption('#fallback-proportionate', 'true');
  await page.fill('#fallback-duration_h', '72');
  await page.selectOption('#fallback-needed', 'yes');
  await page.fill('#fallback-need_rationale', 'Zonder terugval ligt het betalingsverkeer na een dag stil');
  await axe(page, 'fallback editor');
  await page.click('#save-fallback');
  await page.waitForFunction(() => document.querySelector('#process-flash') && !document.querySelector('#fallback-form'));
  const before = stored;
  stored = (await deptApi.get(`/fallback_options/${fallbackId}`)).body;
  check('fallback: the change is stored (API: duration, need, rationale; new version)', stored.duration_h === 72
    && stored.needed === 'yes' && stored.need_rationale === 'Zonder terugval ligt het betalingsverkeer na een dag stil'
    && stored.version === before.version + 1 && stored.description === before.description, JSON.stringify(stored));
  const row = await page.textContent(`#fallbacks tr[data-fallback="${fallbackId}"]`);
  check('fallback: the table shows the change', row.includes('72') && row.includes('ja'), row);
  await axe(page, 'process page with fallback options and measures');
  await shot(page, '25-process-fallbacks');

  // a second one, deleted again
  await page.click('#new-fallback');
  await page.fill('#fallback-description', `${fallbackText} (b)`);
  await page.selectOption('#fallback-kind', 'digital');
  await page.fill('#fallback-duration_h', '12');
  await page.click('#save-fallback');
  await page.waitForFunction(() => document.querySelector('#process-flash') && !document.querySelector('#fallback-form'));
  fallbackB = (await deptApi.list('fallback_options', `&process=${processId}`)).find((f) => f.description === `${fallbackText} (b)`)?.id;
  await page.waitForSelector(`#fallbacks tr[data-fallback="${fallbackB}"]`);
  await page.click(`[data-action="edit-fallback"][data-id="${fallbackB}"]`);
  await page.waitForSelector('#delete-fallback');
  await page.click('#delete-fallback');
  await page.waitForFunction((id) => document.querySelector('#process-flash') && !document.querySelector(`tr[data-fallback="${id}"]`), fallbackB);
  check('fallback: deleted (API 404)', (await deptApi.get(`/fallback_options/${fallbackB}`)).status === 404);
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# cycle browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
