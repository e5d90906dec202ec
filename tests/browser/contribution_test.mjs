// contribution_test.mjs — providers contribute, ministries decide, in the
// browser against the real server (tests/integration/browser_test.sh: carol
// provides the fin processes giraal-betalingsverkeer and toonbankbetalingen;
// bob and erin are fin's department): carol writes a contribution to fin's
// quickscan of toonbankbetalingen on the process page (an analysis of a
// process she does not provide is refused beside the field), proposes two
// risks and submits it; bob opens the analysis and sees the contribution with its
// text per topic and the proposed risks, each with adopt and decline; a
// decline without a reason is refused beside the field, nothing sent; he
// adopts one (the page says so and lists it among the analysis's risks) and
// declines the other with a reason (shown with it); the contribution is
// processed and the API agrees. The provider sees its contribution, and the
// analysis stays hidden from it; the auditor of another process sees no
// section. axe-core scans the section; screenshots; no page error, no CSP
// refusal, no request to another host.

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

const analysis = 'an-qs-ransomware-toonbankbetalingen'; // fin, in review, confidential
const stamp = Date.now().toString(36);
let co = null; // the contribution's id, made by the server (no id is typed)
const adoptScenario = `Uitval van de pinautomaten bij een aanval op de switch ${stamp}`;
const declineScenario = `Storing in het eigen kantoornetwerk ${stamp}`;
const reason = 'Raakt het vitale proces niet: het kantoornetwerk staat los van de betaalketen';
const finding = `Twee pogingen tot inbraak op het beheernetwerk in 2026 (${stamp})`;
let pAdopt = null; // the proposed risks' ids, as the editor made them
let pDecline = null;

await step('the provider writes, proposes and submits on the process page', async () => {
  const api = await apiClient(provider.username, provider.password);
  const hidden = await api.get(`/analyses/${analysis}`);
  check('(the provider does not read the ministry\'s analysis)', hidden.status === 404, JSON.stringify(hidden));
  await login(page, provider.username, provider.password);
  await go(page, '#/processes/toonbankbetalingen', 'process');
  await page.waitForSelector('#contribute');
  await page.click('#contribute-new');
  await page.waitForSelector('#contribute-form');
  check('the contribution form asks no id', !(await present('#contribute-id')));
  await page.fill('#contribute-analysis', 'an-chemie-2026'); // not a process carol provides
  await page.fill('#contribute-findings_incidents', finding);
  await page.selectOption('#contribute-classification', 'internal');
  await page.click('#contribute-save');
  await page.waitForFunction(() => !document.querySelector('#contribute-analysis-error')?.hidden);
  check('an analysis of a process it does not provide is refused beside the field',
    (await text('#contribute-analysis-error')).length > 0 && (await page.getAttribute('#contribute-analysis', 'aria-invalid')) === 'true');
  await page.fill('#contribute-analysis', analysis);
  await page.click('#contribute-save');
  await page.waitForSelector('#propose-form');
  co = (await api.list('contributions', `&analysis=${analysis}`)).find((c) => (c.findings || {}).incidents === finding)?.id;
  check('the server made a readable id for it', /^co-/.test(co || ''), co);
  check('saved as a draft, listed among its own; the editor now offers to propose risks',
    (await text('#contribute-messages')) === nl['contribute.saved']
    && (await present(`#contribute-list tr[data-contribution="${co}"] button[data-edit="${co}"]`)));
  for (const [scenario, threat] of [[adoptScenario, 'cybersabotage'], [declineScenario, 'ransomware']]) {
    await page.selectOption('#propose-threat', threat);
    await page.fill('#propose-scenario', scenario);
    await page.selectOption('#propose-likelihood', 'C');
    await page.selectOption('#propose-classification', 'internal');
    await page.click('#propose-save');
    await page.waitForFunction((s) => (document.querySelector('#contribute-messages')?.textContent || '').includes(s), scenario);
  }
  check('both proposed risks are listed', (await page.$$('#contribute-proposals tr[data-proposal]')).length === 2);
  await axe(page, 'a provider\'s draft contribution');
  await shot(page, '49-contribution-draft');
  await page.click('#contribute-submit');
  await page.waitForSelector('#process-flash');
  // the page draws its sections one after the other: the provider's own
  // contributions come after the flash (a race the SAN run lost)
  await page.waitForSelector(`#contribute tr[data-contribution="${co}"]`).catch(() => {});
  check('submitted: said so, and listed as submitted without an edit button',
    (await text('#process-flash')) === nl['contribute.submitted']
    && (await present(`#contribute tr[data-contribution="${co}"]`)) && !(await present(`button[data-edit="${co}"]`)));
  const sent = (await api.get(`/contributions/${co}`)).body;
  const proposals = await api.list('proposed_risks', `&contribution=${co}`);
  pAdopt = proposals.find((p) => p.scenario === adoptScenario)?.id;
  pDecline = proposals.find((p) => p.scenario === declineScenario)?.id;
  check('(the API has it submitted by the provider, with its two proposed risks)', sent.status === 'submitted'
    && sent.submitted_by === provider.username && sent.findings.incidents === finding && pAdopt && pDecline,
  JSON.stringify([sent, proposals]).slice(0, 800));
  await logout(page);
});

await step('the ministry sees the contribution on its analysis', async () => {
  await login(page, ministry.username, ministry.password);
  await go(page, `#/analyses/${analysis}`, 'analysis');
  await page.waitForSelector(`#contribution-${co}`);
  check('the section is there, with the contribution, its text per topic and both proposed risks',
    (await text('#contributions-title')).startsWith(fill(nl['contribution.title'], { n: '' }).replace(/\(\)$/, ''))
    && (await text(`#contribution-${co}`)).includes(finding)
    && (await present(`#contribution-${co} tr[data-proposal="${pAdopt}"][data-decision="open"]`))
    && (await present(`#contribution-${co} tr[data-proposal="${pDecline}"][data-decision="open"]`)),
    async () => text('#contributions'));
  check('each open proposed risk offers adopt and decline',
    (await present(`button.adopt[data-proposal="${pAdopt}"]`)) && (await present(`button.decline[data-proposal="${pDecline}"]`)));
  await axe(page, 'contributions section with open proposed risks');
  await shot(page, '50-contribution-open');
});

await step('declining needs a reason, said beside the field', async () => {
  await page.click(`button.decline[data-proposal="${pDecline}"]`);
  const err = `#decline-reason-${pDecline}-error`;
  check('the reason is asked for, and nothing was sent',
    (await text(err)) === nl['contribution.reason_needed']
    && (await page.getAttribute(`#decline-reason-${pDecline}`, 'aria-invalid')) === 'true'
    && (await present(`tr[data-proposal="${pDecline}"][data-decision="open"]`)));
});

await step('the ministry adopts one', async () => {
  await page.click(`button.adopt[data-proposal="${pAdopt}"]`);
  await page.waitForFunction((s) => (document.querySelector('#analysis-messages')?.textContent || '').includes(s), adoptScenario);
  await page.waitForSelector(`#contribution-${co}`);
  check('the page says it was adopted, and the proposed risk became a risk',
    (await text('#analysis-messages')) === fill(nl['contribution.adopted'], { scenario: adoptScenario })
    && (await present(`tr[data-proposal="${pAdopt}"][data-decision="adopted"]`))
    && (await text(`tr[data-proposal="${pAdopt}"]`)).includes(fill(nl['contribution.became_risk'], { risk: pAdopt })));
  check('the adopted risk is listed among the analysis\'s risks', (await text('main')).split(adoptScenario).length >= 3,
    async () => (await text('main')).slice(0, 2000));
});

await step('the ministry declines the other with a reason', async () => {
  await page.fill(`#decline-reason-${pDecline}`, reason);
  await page.click(`button.decline[data-proposal="${pDecline}"]`);
  await page.waitForFunction((s) => (document.querySelector('#analysis-messages')?.textContent || '').includes(s), declineScenario);
  await page.waitForSelector(`#contribution-${co}`);
  check('declined, with the reason shown; the contribution processed',
    (await present(`tr[data-proposal="${pDecline}"][data-decision="declined"]`))
    && (await text(`tr[data-proposal="${pDecline}"] .decline-reason`)) === fill(nl['contribution.reason_shown'], { reason })
    && (await page.getAttribute(`#contribution-${co}`, 'data-status')) === 'processed'
    && !(await present(`#contribution-${co} button.adopt`)));
  await axe(page, 'contributions section, decided');
  await shot(page, '51-contribution-decided');
  const api = await apiClient(ministry.username, ministry.password);
  const risk = await api.get(`/risks/${pAdopt}`);
  const proposal = await api.get(`/proposed_risks/${pDecline}`);
  check('the API agrees: a risk of the analysis, the ministry\'s; the other declined with the reason',
    risk.status === 200 && risk.body.analysis === analysis && risk.body.owner === 'fin'
    && proposal.body.decision === 'declined' && proposal.body.reason === reason && proposal.body.decided_by === ministry.username,
    JSON.stringify([risk, proposal]).slice(0, 800));
  await logout(page);
});

await step('the provider reads its own contribution, not the analysis', async () => {
  const api = await apiClient(provider.username, provider.password);
  const own = await api.get(`/contributions/${co}`);
  const adopted = await api.get(`/risks/${pAdopt}`);
  check('its contribution, processed; the ministry\'s risk stays the ministry\'s',
    own.status === 200 && own.body.status === 'processed' && adopted.status === 404, JSON.stringify([own.status, adopted.status]));
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# contribution browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
