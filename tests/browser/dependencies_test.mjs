// dependencies_test.mjs — the inputs of a process edited in the browser
// (issue 13 part 1), against the real server on the demo database: a
// department user on a process of its own ministry adds an input (what it
// needs, a supplier found through the searchable checkbox list, a buffer),
// first meeting a field error from the API beside the field; sees the new
// input in the fallback verdict computed again in place (down as long
// without as with fallbacks); changes the input to link a fallback option
// made in the same form, and sees the verdict change in place (the input
// now bridged: fewer hours down with fallbacks); then removes the input.
// No id is typed anywhere: the server makes them, and a second analysis of
// a process and year is offered the existing draft. Who may not write (an
// auditor) sees no input controls. Every form passes axe and is
// photographed; no page error, no CSP refusal, no request to another host.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, axe, shot, check, step, summary, apiClient,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const user = (role) => users.find((u) => u.role === role);
const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
page.on('dialog', (d) => d.accept());
const started = Date.now();
const present = async (sel) => (await page.$(sel)) !== null;

const dept = user('department');
const deptApi = await apiClient(dept.username, dept.password);
const own = (await deptApi.list('processes')).filter((p) => p.ministry === dept.org).map((p) => p.id).sort();
const processId = own[0];
const SUPPLIER = 'interbancair-betalingsverkeer'; // "Hoogwaardig betalingsverkeer tussen banken", of the same ministry
const description = `Koeling van de rekencentra ${Date.now().toString(36)}`;
const verdictRow = (depId) => `#fallback-need-body tr[data-dependency="${depId}"]`;
const cells = (sel) => page.$$eval(`${sel} td`, (tds) => tds.map((td) => td.textContent.trim()));

await step('who may not write sees no input controls', async () => {
  const aud = user('auditor');
  await login(page, aud.username, aud.password);
  await go(page, `#/processes/${aud.scope[0]}`, 'process');
  await page.waitForSelector('#fallback-need-body:not([aria-busy])');
  check('auditor: the inputs and the verdict are shown, without "new dependency" or change buttons',
    (await present('#dependencies')) && (await present('#fallback-need-verdict'))
    && !(await present('#new-dependency')) && !(await present('[data-action="edit-dependency"]')));
  await logout(page);
});

let depId = null;
await step('a department user adds an input and links a new fallback option to it', async () => {
  await login(page, dept.username, dept.password);
  await go(page, `#/processes/${processId}`, 'process');
  await page.waitForSelector('#fallback-need-body:not([aria-busy])');
  const verdictBefore = await page.textContent('#fallback-need-body');
  await page.click('#new-dependency');
  await page.waitForSelector('#dependency-form');
  check('no id is asked', !(await present('#dependency-id')) && !(await present('#dependency-form [name="id"]')));
  await page.fill('#dependency-description', description);
  // the supplier list is searched by name; one box ticked
  await page.fill('#dependency-suppliers', 'tussen banken');
  const shown = await page.$$eval('#dependency-form .checklist li:not([hidden]) input', (els) => els.map((e) => e.value));
  const all = await page.$$eval('#dependency-form .checklist li input', (els) => els.map((e) => e.value));
  check('the supplier search narrows the list', shown.length > 0 && shown.length < all.length && shown.includes(SUPPLIER),
    JSON.stringify(shown));
  await page.check(`#dependency-form .checklist input[value="${SUPPLIER}"]`);
  check('the count of chosen suppliers is said', (await page.textContent('#dependency-form .checklist-count')).includes('1'));
  await page.fill('#dependency-buffer_h', '-3');
  await page.click('#save-dependency');
  await page.waitForSelector('#dependency-buffer_h-error:not([hidden])');
  check('a field error from the API beside the field (buffer -3); nothing typed is lost',
    (await page.getAttribute('#dependency-buffer_h', 'aria-invalid')) === 'true'
    && (await page.inputValue('#dependency-description')) === description
    && (await page.isChecked(`#dependency-form .checklist input[value="${SUPPLIER}"]`)));
  await axe(page, 'dependency form with a field error');
  await shot(page, '60-dependency-form', false);
  await page.fill('#dependency-buffer_h', '2');
  await page.click('#save-dependency');
  await page.waitForSelector('#dependency-flash');
  const mine = (await deptApi.list('dependencies', `&process=${processId}`)).filter((d) => d.description === description);
  check('the input is stored with a server-made id, as entered (API)', mine.length === 1
    && /^dep-/.test(mine[0].id) && mine[0].buffer_h === 2 && mine[0].fallback === null
    && JSON.stringify(mine[0].suppliers) === JSON.stringify([SUPPLIER]) && mine[0].owner === dept.org, JSON.stringify(mine));
  depId = mine[0]?.id;
  await page.waitForSelector(`${verdictRow(depId)}`);
  let row = await cells(verdictRow(depId));
  const [downWithout, downWith] = [Number(row[1].replace(/\D/g, '')), Number(row[2].replace(/\D/g, ''))];
  check('the verdict is computed again in place: the new input, as long down with fallbacks as without',
    downWithout > 0 && downWithout === downWith && (await page.textContent('#fallback-need-body')) !== verdictBefore, row.join(' | '));
  check('the table of inputs shows it', (await page.textContent(`#needs tr[data-dependency="${depId}"]`)).includes(description));

  // change it: a new fallback option, made in the same form
  await page.click(`[data-action="edit-dependency"][data-id="${depId}"]`);
  await page.waitForFunction(() => document.querySelector('#dependency-buffer_h')?.value === '2');
  await page.selectOption('#dependency-fallback', '__new');
  await page.waitForSelector('#dependency-new-fallback:not([hidden])');
  await page.selectOption('#dependency-fb-kind', 'analogue');
  await page.fill('#dependency-fb-activation_h', '0');
  await page.click('#save-dependency');
  await page.waitForSelector('#dependency-fb-duration_h-error:not([hidden])');
  check('the new option\'s empty duration is asked for beside its field', (await page.getAttribute('#dependency-fb-duration_h', 'aria-invalid')) === 'true');
  await page.fill('#dependency-fb-duration_h', '168');
  await page.fill('#dependency-fb-description', 'Mobiele koelunits');
  await axe(page, 'dependency form with a new fallback option');
  await shot(page, '61-dependency-new-fallback', false);
  await page.click('#save-dependency');
  await page.waitForFunction(() => document.querySelector('#dependency-flash') && !document.querySelector('#dependency-form'));
  const stored = (await deptApi.get(`/dependencies/${depId}`)).body;
  const option = stored.fallback ? (await deptApi.get(`/fallback_options/${stored.fallback}`)).body : null;
  check('the input now names a new fallback option with a server-made id (API)', option && /^fb-/.test(option.id)
    && option.process === processId && option.duration_h === 168 && option.activation_h === 0 && option.kind === 'analogue'
    && stored.version === 2, JSON.stringify({ stored, option }));
  await page.waitForSelector(verdictRow(depId));
  await page.waitForFunction((sel) => document.querySelector(sel) && !document.querySelector('#fallback-need-body[aria-busy]'), verdictRow(depId));
  row = await cells(verdictRow(depId));
  const bridgedBy = await page.getAttribute(`${verdictRow(depId)} [data-fallback]`, 'data-fallback');
  check('the verdict changed in place: the input is bridged by the new option (named, not by id), fewer hours down with fallbacks',
    Number(row[2].replace(/\D/g, '')) < downWithout && bridgedBy === option?.id && row[0].includes('Mobiele koelunits')
    && !row[0].includes(option?.id), row.join(' | '));
  check('the option appears among the fallback options of the page', await present(`#fallbacks tr[data-fallback="${option?.id}"]`));
  await axe(page, 'process page with an input and its fallback');
  await shot(page, '62-process-inputs-verdict');

  // removed again
  await page.click(`[data-action="edit-dependency"][data-id="${depId}"]`);
  await page.waitForSelector('#delete-dependency');
  await page.click('#delete-dependency');
  await page.waitForFunction((id) => document.querySelector('#dependency-flash') && !document.querySelector(`#needs tr[data-dependency="${id}"]`), depId);
  check('removed (API 404), and gone from the verdict', (await deptApi.get(`/dependencies/${depId}`)).status === 404);
  await page.waitForFunction((sel) => !document.querySelector('#fallback-need-body[aria-busy]') && !document.querySelector(sel), verdictRow(depId));
  await logout(page);
});

await step('no ids to type: a second analysis of the same process and year is offered the existing one', async () => {
  const year = 2031; // a year no demo analysis has
  const draft = await deptApi.post('/analyses', {
    process: processId, cycle_year: year, kind: 'regular', status: 'draft', started: '2026-11-02',
    classification: 'internal', owner: dept.org,
  });
  check('(a draft made without an id: the server names it an-<process>-<year>-xxxx)', draft.status === 201
    && new RegExp(`^an-${processId}-${year}-[a-z2-9]{4}$`).test(draft.body.id), JSON.stringify(draft.body));
  await login(page, dept.username, dept.password);
  await go(page, `#/analyses/new?process=${encodeURIComponent(processId)}`, 'analysis');
  check('the new-analysis form asks no id', !(await present('#analysis-id')));
  await page.fill('#analysis-cycle_year', String(year));
  await page.waitForSelector(`#analysis-existing a[data-existing="${draft.body.id}"]`);
  check('for that year the form offers the existing draft, a link to it',
    (await page.getAttribute(`#analysis-existing a[data-existing="${draft.body.id}"]`, 'href')) === `#/analyses/${draft.body.id}`);
  await axe(page, 'new analysis offering the existing draft');
  await shot(page, '64-analysis-existing-draft', false);
  await page.fill('#analysis-cycle_year', String(year + 1));
  await page.waitForFunction(() => !document.querySelector('#analysis-existing a'));
  check('another year: nothing offered', true);
  await page.fill('#analysis-cycle_year', String(year));
  await page.click(`#analysis-existing a[data-existing="${draft.body.id}"]`);
  await page.waitForFunction((id) => window.location.hash === `#/analyses/${id}` && document.body.dataset.ready === '1', draft.body.id);
  check('the link opens the draft', true);
  await deptApi.del(`/analyses/${draft.body.id}`);
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# dependencies browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
