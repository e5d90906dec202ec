// compliance_test.mjs — compliance per entity in the browser against the
// real server (tests/integration/browser_test.sh: the demo's campaign
// camp-nis2-betalingsverkeer-2026 of fin sends the NIS2 framework to five
// providers, carol's betaalverwerking-nederland among them, which answered
// 4 of 15 requirements; bob is fin's department): bob sends a new campaign
// to carol in the browser (refused without a provider); carol opens Naleving,
// sees the campaign and only her own entity in the coverage, opens the
// questionnaire and fills in two open requirements (result and remarks),
// the progress counting along; the API agrees (her organisation's records,
// assessed by her). bob sees the coverage per entity with her new figures,
// as the API counts them, and per process, and her progress on the
// campaign page. axe-core scans each screen; screenshots; no page error, no
// CSP refusal, no request to another host.

import { readFileSync } from 'node:fs';
import { launch, watch, login, logout, go, axe, shot, check, step, summary, apiClient } from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const provider = users.find((u) => u.role === 'provider');
const ministry = users.find((u) => u.role === 'department' && u.org === 'fin');
const nl = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'));
const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const present = async (sel) => (await page.$(sel)) !== null;

const campaign = 'camp-nis2-betalingsverkeer-2026';
const framework = 'urn:vitaal:framework:nis2';
const org = provider.org;
const remarks = `Herstelplan getest op ${Date.now().toString(36)}`;
let filled = [];

let sent = null; // the campaign's id, made by the server (no id is typed)
const sentTitle = `NIS2-uitvraag toonbankbetalingen ${Date.now().toString(36)}`;

await step('the ministry sends a campaign to the provider in the browser', async () => {
  await login(page, ministry.username, ministry.password);
  await go(page, '#/compliance', 'compliance');
  await page.click('#campaign-new');
  await page.waitForSelector('#campaign-form:not([hidden])');
  check('the campaign form asks no id', (await page.$('#campaign-id')) === null);
  await page.fill('#campaign-title', sentTitle);
  await page.selectOption('#campaign-framework', framework);
  await page.fill('#campaign-due', '2027-02-15');
  await page.click('#campaign-save');
  await page.waitForSelector('#campaign-messages .alert');
  check('without a provider nothing is sent, and it says so',
    (await text('#campaign-messages')) === nl['compliance.to_needed']);
  await page.check(`#campaign-to input[data-provider="${org}"]`);
  await axe(page, 'the new campaign form');
  await page.click('#campaign-save');
  await page.waitForSelector(`tr[data-progress="${org}"]`);
  sent = decodeURIComponent(new URL(page.url()).hash.slice('#/compliance/'.length));
  check('the server made a readable id from the title', sent.startsWith('camp-nis2-uitvraag-toonbankbetalingen-'), sent);
  check('sent: the campaign page shows the provider\'s progress', (await text('main h1')) === sentTitle);
  await logout(page);
});

await step('the provider sees its campaign and only its own entity', async () => {
  await login(page, provider.username, provider.password);
  await go(page, '#/compliance', 'compliance');
  await page.waitForSelector(`a[data-campaign-link="${campaign}"]`);
  check('the campaign the ministry just sent is listed too', (await page.$(`a[data-campaign-link="${sent}"]`)) !== null);
  const rows = await page.$$eval('#compliance-coverage tr[data-row]', (trs) => trs.map((tr) => tr.dataset.row));
  check('the coverage holds its own entity only', rows.length === 1 && rows[0] === org, JSON.stringify(rows));
  await axe(page, 'Naleving as a provider');
  await shot(page, '60-compliance-provider');
});

await step('the provider fills in two requirements of the questionnaire', async () => {
  await page.click(`a[data-campaign-link="${campaign}"]`);
  await page.waitForSelector('#questionnaire select[data-result-for]');
  check('its progress: 4 of 15 assessed',
    (await text('#questionnaire-progress')) === fill(nl['compliance.progress_line'], { assessed: 4, total: 15, open: 11 }),
    await text('#questionnaire-progress'));
  const open = await page.$$eval('#questionnaire select[data-result-for]', (ss) =>
    ss.filter((s) => s.value === 'not_assessed').map((s) => s.dataset.resultFor));
  filled = open.slice(0, 2);
  const results = ['compliant', 'partially_compliant'];
  for (const [i, req] of filled.entries()) {
    await page.selectOption(`select[data-result-for="${req}"]`, results[i]);
    await page.fill(`li[data-requirement="${req}"] textarea`, remarks);
    await page.click(`button[data-save-for="${req}"]`);
    await page.waitForFunction((r) => (document.querySelector(`li[data-requirement="${r}"] .save-status`)?.textContent || '').length > 0, req);
    check(`saved: ${req}`, (await text(`li[data-requirement="${req}"] .save-status`)) === nl['compliance.saved'],
      await text(`li[data-requirement="${req}"] .save-status`));
  }
  // evidence on a saved assessment, behind its disclosure
  const ev = `li[data-requirement="${filled[0]}"] details.assessment-evidence`;
  await page.click(`${ev} summary`);
  await page.waitForSelector(`${ev} form.attachment-upload`);
  await page.setInputFiles(`${ev} input[type="file"]`, { name: 'beleid.txt', mimeType: 'text/plain', buffer: Buffer.from('Ons beleid voor back-ups.\n') });
  await page.click(`${ev} form.attachment-upload button[type="submit"]`);
  await page.waitForSelector(`${ev} tr:has(a:text-is("beleid.txt"))`);
  check('evidence attached to a saved assessment', await present(`${ev} tr:has(a:text-is("beleid.txt"))`));
  check('the progress counts along: 6 of 15',
    (await text('#questionnaire-progress')) === fill(nl['compliance.progress_line'], { assessed: 6, total: 15, open: 9 }),
    await text('#questionnaire-progress'));
  await axe(page, 'a provider\'s questionnaire');
  await shot(page, '61-compliance-questionnaire');
  const api = await apiClient(provider.username, provider.password);
  const mine = (await api.list('requirement_assessments', `&provider=${org}`))
    .filter((a) => filled.includes(a.requirement));
  check('the API agrees: its organisation\'s assessments, by the provider, with the remarks',
    mine.length === 2 && mine.every((a) => a.owner === org && a.assessor === provider.username && a.remarks === remarks)
    && mine.map((a) => a.result).sort().join() === 'compliant,partially_compliant', JSON.stringify(mine).slice(0, 800));
  const other = await api.get(`/compliance?framework=${encodeURIComponent(framework)}&entity=clearinghuis-lage-landen`);
  check('another provider\'s entity stays hidden (404)', other.status === 404, JSON.stringify(other).slice(0, 300));
  await logout(page);
});

await step('the ministry sees the coverage per entity and per process', async () => {
  await login(page, ministry.username, ministry.password);
  await go(page, '#/compliance', 'compliance');
  await page.waitForSelector(`#compliance-coverage tr[data-row="${org}"]`);
  const api = await apiClient(ministry.username, ministry.password);
  const doc = (await api.get(`/compliance?framework=${encodeURIComponent(framework)}&lang=nl`)).body;
  const mine = doc.rows.find((r) => r.id === org);
  const rows = await page.$$eval('#compliance-coverage tr[data-row]', (trs) => trs.map((tr) => tr.dataset.row));
  check('every entity of the campaign, as the API counts them', rows.length === 5 && rows.length === doc.rows.length
    && mine.assessed === 6 && mine.compliant >= 2, JSON.stringify({ rows, mine }));
  const cells = await page.$$eval(`#compliance-coverage tr[data-row="${org}"] td`, (tds) => tds.map((td) => td.textContent.trim()));
  check('the provider\'s row shows its figures: 6 assessed, 9 open',
    cells[0] === '1' && cells[5] === '9' && cells[6].endsWith(`${mine.percent_assessed}%`), JSON.stringify(cells));
  await axe(page, 'Naleving as the ministry');
  await shot(page, '62-compliance-ministry');
  await page.selectOption('#compliance-group', 'process');
  await page.waitForSelector('#compliance-coverage tr[data-row="toonbankbetalingen"]');
  const procs = await page.$$eval('#compliance-coverage tr[data-row]', (trs) => trs.map((tr) => tr.dataset.row).sort());
  // the campaign's five providers provide these four processes of fin
  check('per process: every process of fin the campaign\'s providers provide',
    procs.join() === 'effectenverkeer,giraal-betalingsverkeer,interbancair-betalingsverkeer,toonbankbetalingen',
    JSON.stringify(procs));
  await go(page, `#/compliance/${campaign}`, 'compliance');
  await page.waitForSelector(`tr[data-progress="${org}"]`);
  check('the campaign page: the provider\'s progress, 6 assessed',
    (await page.getAttribute(`tr[data-progress="${org}"]`, 'data-assessed')) === '6');
  await axe(page, 'a campaign\'s progress');
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# compliance browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
