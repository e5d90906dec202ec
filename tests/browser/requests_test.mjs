// requests_test.mjs — a request for information (uitvraag) run to the end
// in the browser against the real server (tests/integration/browser_test.sh:
// bob is fin's department, carol provides toonbankbetalingen for
// betaalverwerking-nederland): bob sends a request on the Uitvragen screen
// to two of the process's providers (without a provider chosen the form
// says so beside the list, nothing sent); the request page lists both open;
// carol sees it among hers, only herself as recipient, saves a draft (bob
// still sees her open, no answer) and submits (frozen, shown as sent); bob
// sees her answered with the answer and a link to the analysis where its
// proposed risks are decided (there the answer is a contribution, linked
// back to the request); the other provider is still open; he closes the
// request. The API agrees at each step. axe-core scans every screen;
// screenshots; no page error, no CSP refusal, no request to another host.

import { readFileSync } from 'node:fs';
import { launch, watch, login, logout, go, axe, shot, check, step, summary, apiClient, today } from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const provider = users.find((u) => u.role === 'provider');
const ministry = users.find((u) => u.role === 'department' && u.org === 'fin');
const nl = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'));

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const present = async (sel) => (await page.$(sel)) !== null;

const stamp = Date.now().toString(36);
const title = `Uitvraag pinstoringen ${stamp}`;
const analysis = 'an-qs-ransomware-toonbankbetalingen'; // fin, in review
const answerText = `Wij hebben twee storingen gehad in 2026 (${stamp}).`;
const due = (() => {
  const d = new Date(`${today()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 14);
  return d.toISOString().slice(0, 10);
})();
let rid = null;

await step('the ministry sends a request to two providers of its process', async () => {
  await login(page, ministry.username, ministry.password);
  await go(page, '#/requests', 'requests');
  await page.waitForSelector('#request-send-form');
  await page.fill('#request-title', title);
  await page.selectOption('#request-process', 'toonbankbetalingen');
  await page.waitForSelector('#request-to input[data-provider="kustbank"]');
  await page.fill('#request-due', due);
  await page.fill('#request-questions', 'Welke storingen had u dit jaar?\nWelke maatregelen neemt u?');
  await page.selectOption('#request-analysis', analysis);
  await page.selectOption('#request-classification', 'internal');
  await page.click('#request-send');
  await page.waitForFunction(() => !document.querySelector('#request-to-error')?.hidden);
  check('without a provider chosen the form says so beside the list, and nothing is sent',
    (await text('#request-to-error')) === nl['requests.to_needed'] && (await present('#request-send-form')));
  check('the providers offered are the process\'s (four provider links)',
    (await page.$$('#request-to input[type="checkbox"]')).length === 4);
  await page.check(`#request-to input[data-provider="${provider.org}"]`);
  await page.check('#request-to input[data-provider="kustbank"]');
  await axe(page, 'the Uitvragen screen with the send form');
  await shot(page, '60-requests-send');
  await page.click('#request-send');
  await page.waitForFunction(() => /^#\/requests\/.+/.test(window.location.hash) && document.body.dataset.ready === '1'
    && document.querySelector('#request-recipients'));
  rid = decodeURIComponent(await page.evaluate(() => window.location.hash.replace('#/requests/', '')));
  check('the request page lists both providers open, and the two questions',
    (await present(`#request-recipients tr[data-provider="${provider.org}"][data-state="open"]`))
    && (await present('#request-recipients tr[data-provider="kustbank"][data-state="open"]'))
    && (await page.$$('#request-questions li')).length === 2, async () => text('main'));
  const api = await apiClient(ministry.username, ministry.password);
  const r = await api.get(`/requests/${encodeURIComponent(rid)}`);
  check('(the API has it: sent by bob, to the two, the questions one a line, the analysis)',
    r.status === 200 && r.body.sent_by === ministry.username && r.body.to.length === 2
    && r.body.questions === 'Welke storingen had u dit jaar?\nWelke maatregelen neemt u?' && r.body.analysis === analysis,
    JSON.stringify(r).slice(0, 600));
  await axe(page, 'a request page, sent');
  await logout(page);
});

await step('the provider sees the request sent to it, and only itself', async () => {
  await login(page, provider.username, provider.password);
  await go(page, '#/requests', 'requests');
  await page.waitForSelector(`tr[data-request="${rid}"]`);
  check('listed among its requests, open; no send form',
    (await present(`tr[data-request="${rid}"] li[data-provider="${provider.org}"][data-state="open"]`))
    && !(await present(`tr[data-request="${rid}"] li[data-provider="kustbank"]`))
    && !(await present('#request-send-form')));
  await axe(page, 'a provider\'s requests');
  await go(page, `#/requests/${encodeURIComponent(rid)}`, 'requests');
  await page.waitForSelector('#request-answer');
  check('the page shows only itself among the recipients',
    (await page.$$('#request-recipients tr[data-provider]')).length === 1
    && (await present(`#request-recipients tr[data-provider="${provider.org}"]`)));
});

await step('the provider answers: an empty answer is refused, a draft, then submitted', async () => {
  await page.click('#answer-submit');
  check('an empty answer is refused beside the field',
    (await page.getAttribute('#answer-input', 'aria-invalid')) === 'true');
  await page.fill('#answer-input', 'Eerste opzet');
  await page.click('#answer-draft');
  await page.waitForFunction((s) => (document.querySelector('#request-messages')?.textContent || '').includes(s), nl['requests.draft_saved']);
  check('the draft is kept in the form', (await page.inputValue('#answer-input')) === 'Eerste opzet');
  const bob = await apiClient(ministry.username, ministry.password);
  let r = await bob.get(`/requests/${encodeURIComponent(rid)}`);
  check('(a draft is not an answer yet: the ministry sees it open, no answer listed)',
    r.body.recipients.find((x) => x.provider === provider.org).state === 'open' && r.body.answers.length === 0,
    JSON.stringify(r.body.recipients));
  await page.fill('#answer-input', answerText);
  await axe(page, 'the answer form');
  await shot(page, '61-requests-answer');
  await page.click('#answer-submit');
  await page.waitForFunction((s) => (document.querySelector('#request-messages')?.textContent || '').includes(s), nl['requests.answered']);
  check('submitted: the answer is shown, no longer editable',
    (await text('#answer-text')) === answerText && !(await present('#answer-input')));
  r = await bob.get(`/requests/${encodeURIComponent(rid)}`);
  check('(the API: answered, a contribution of the provider to the analysis)',
    r.body.recipients.find((x) => x.provider === provider.org).state === 'answered'
    && r.body.answers.length === 1 && r.body.answers[0].analysis === analysis && r.body.answers[0].owner === provider.org,
    JSON.stringify(r.body).slice(0, 800));
  await logout(page);
});

await step('the ministry sees the answer, and closes the request', async () => {
  await login(page, ministry.username, ministry.password);
  await go(page, '#/requests', 'requests');
  await page.waitForSelector(`tr[data-request="${rid}"]`);
  check('the list shows per provider: answered and open',
    (await present(`tr[data-request="${rid}"] li[data-provider="${provider.org}"][data-state="answered"]`))
    && (await present(`tr[data-request="${rid}"] li[data-provider="kustbank"][data-state="open"]`)));
  await go(page, `#/requests/${encodeURIComponent(rid)}`, 'requests');
  await page.waitForSelector('#request-answers');
  check('the page shows the answer with a link to the analysis to decide on its proposed risks',
    (await text('#request-answers')).includes(answerText)
    && (await present(`#request-answers a[data-analysis="${analysis}"][href="#/analyses/${analysis}"]`)));
  await axe(page, 'a request page with an answer');
  await shot(page, '62-requests-answered');
  await page.click(`#request-answers a[data-analysis="${analysis}"]`);
  await page.waitForFunction(() => document.body.dataset.view === 'analysis' && document.body.dataset.ready === '1');
  await page.waitForSelector('#contributions');
  check('on the analysis the answer is a contribution, with the way back to its request',
    (await present(`#contributions a[href="#/requests/${encodeURIComponent(rid)}"]`))
    && (await text('#contributions')).includes(answerText));
  await go(page, `#/requests/${encodeURIComponent(rid)}`, 'requests');
  await page.waitForSelector('#request-close');
  await page.click('#request-close');
  await page.waitForFunction((s) => (document.querySelector('#request-messages')?.textContent || '').includes(s), nl['requests.closed']);
  check('closed: said so, no close button', !(await present('#request-close')));
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# requests browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
