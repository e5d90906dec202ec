// uitvraag_test.mjs — one uitvraag run to the end in the browser, the parts
// of issue 12 joined (tests/integration/browser_test.sh: bob is fin's
// department, carol provides toonbankbetalingen for
// betaalverwerking-nederland, internal clearance; dave an auditor of
// another process). Bob opens an internal draft analysis of
// toonbankbetalingen (via the API: the demo has only confidential ones,
// above carol's clearance) and sends carol's organisation an internal
// request about it on the Uitvragen screen, attaching the questions as a
// file; the page shows the TLP marking and, for him, the sharing section:
// sharing the request with a provider it is not sent to is refused there
// (said beside the form). Carol's notification counter goes up; she opens
// the notification (the request page), saves a draft answer, proposes a
// risk with it, attaches a CSV as evidence, submits it, and comments on
// the request mentioning bob. Bob is told of the answer and the mention,
// sees carol answered with the answer, its TLP marking, the CSV (the bytes
// downloaded are the bytes uploaded, checked through the API) and the
// comment, and adopts the proposed risk into his analysis. The auditor out
// of scope reads none of it (404). axe-core scans every screen;
// screenshots 70-uitvraag-*; no page error, no CSP refusal, no request to
// another host. It leaves a closed request and a draft analysis behind.

import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { launch, watch, login, logout, go, axe, shot, check, step, summary, apiClient, today, year, BASE, checklistChoose } from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const provider = users.find((u) => u.username === 'carol');
const ministry = users.find((u) => u.username === 'bob');
const auditor = users.find((u) => u.username === 'dave');
const nl = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'));
const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const present = async (sel) => (await page.$(sel)) !== null;
const waitText = (sel, s) => page.waitForFunction(([q, want]) => (document.querySelector(q)?.textContent || '').includes(want), [sel, s]);

const stamp = Date.now().toString(36);
let analysis = null; // the server makes its id
const title = `Uitvraag pinstoringen en back-up ${stamp}`;
const questionsFile = Buffer.from('Vragenlijst pinstoringen\nWelke storingen had u?\nWelke back-up heeft u?\n');
const csv = Buffer.from(`datum,duur_min,oorzaak\n2026-03-02,45,DDoS op de switch\n2026-09-14,12,update ${stamp}\n`);
const answerText = `Wij hadden twee storingen in 2026 (${stamp}); zie de CSV.`;
const scenario = `Langdurige uitval van de betaalswitch door een aanval ${stamp}`;
const commentText = `@${ministry.username} de tweede storing zit niet in de CSV van vorig jaar.`;
const due = (() => {
  const d = new Date(`${today()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 21);
  return d.toISOString().slice(0, 10);
})();
let rid = null;
let answer = null;
let proposal = null;

// The raw bytes of a download, as user (Bearer token, no browser).
async function download(user, id) {
  const login = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  const { token } = await login.json();
  const r = await fetch(`${BASE}/api/v1/attachments/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: r.status, disposition: r.headers.get('content-disposition'), nosniff: r.headers.get('x-content-type-options'),
    bytes: Buffer.from(await r.arrayBuffer()) };
}

const bobApi = await apiClient(ministry.username, ministry.password);
const carolApi = await apiClient(provider.username, provider.password);
const daveApi = await apiClient(auditor.username, auditor.password);

await step('the ministry opens an internal draft analysis of its process (API)', async () => {
  const r = await bobApi.post('/analyses', {
    process: 'toonbankbetalingen', cycle_year: year(), kind: 'regular', status: 'draft',
    started: today(), classification: 'internal', owner: 'fin',
  });
  check('(201: the analysis the answers feed)', r.status === 201, JSON.stringify(r).slice(0, 400));
  analysis = r.body.id;
});

const carolBefore = (await carolApi.get('/notifications')).body.unread;

await step('the ministry sends the request, attaches the questions, cannot share it with another provider', async () => {
  await login(page, ministry.username, ministry.password);
  await go(page, '#/requests', 'requests');
  await page.waitForSelector('#request-send-form');
  await page.fill('#request-title', title);
  await page.selectOption('#request-process', 'toonbankbetalingen');
  await page.waitForSelector(`#request-to input[data-provider="${provider.org}"]`);
  await page.waitForSelector(`#request-analysis option[value="${analysis}"]`, { state: 'attached' });
  await page.check(`#request-to input[data-provider="${provider.org}"]`);
  await page.fill('#request-due', due);
  await page.fill('#request-questions', 'Welke storingen had u dit jaar?\nWelke back-up heeft u voor de betaalswitch?');
  await page.selectOption('#request-analysis', analysis);
  await page.selectOption('#request-classification', 'internal');
  await shot(page, '70-uitvraag-send');
  await page.click('#request-send');
  await page.waitForFunction(() => /^#\/requests\/.+/.test(window.location.hash) && document.body.dataset.ready === '1'
    && document.querySelector('#request-recipients'));
  rid = decodeURIComponent(await page.evaluate(() => window.location.hash.replace('#/requests/', '')));
  await page.waitForSelector('#comments-requests-' + rid);
  check('the request page: carol open, the TLP marking in the title, the sharing section with its form, '
    + 'an empty comment thread, an upload for the sender',
  (await present(`#request-recipients tr[data-provider="${provider.org}"][data-state="open"]`))
    && (await present('h1 [data-tlp="green"]')) && (await present('#sharing-form'))
    && (await present('#attachments-request form.attachment-upload')),
  async () => text('main'));
  await page.setInputFiles('#attachments-request-file', { name: 'vragenlijst.txt', mimeType: 'text/plain', buffer: questionsFile });
  await page.click('#attachments-request-upload');
  await waitText('#attachments-request-messages', 'vragenlijst.txt');
  check('the questions file is attached to the request', await present('#attachments-request tr:has(a:text-is("vragenlijst.txt"))'));
  // sharing the request with a provider of the process it is not sent to
  await page.click('#sharing summary');
  await checklistChoose(page, 'sharing-org', ['kustbank']);
  await page.click('#sharing-save');
  await waitText('#sharing-messages', fill(nl['error.request_shared_not_addressed'], { who: 'kustbank' }).slice(0, 40));
  const r = await bobApi.get(`/requests/${encodeURIComponent(rid)}`);
  check('sharing it with kustbank (a provider not addressed) is refused, said in Dutch; the request unchanged',
    (await text('#sharing-messages')).includes(fill(nl['error.request_shared_not_addressed'], { who: 'kustbank' }))
    && (r.body.shared_with || []).length === 0 && r.body.tlp === 'green', async () => [await text('#sharing-messages'), JSON.stringify(r.body).slice(0, 300)]);
  await axe(page, 'a request page for its sender (sharing, attachments, comments)');
  await shot(page, '70-uitvraag-sent');
  await logout(page);
});

await step('the provider is notified, opens the request from the notification', async () => {
  const n = (await carolApi.get('/notifications')).body;
  check('(the API: one more unread, the request named)',
    n.unread === carolBefore + 1 && n.items.some((i) => i.id === `request:${rid}` && i.event === 'request' && i.title === title),
    JSON.stringify(n).slice(0, 600));
  await login(page, provider.username, provider.password);
  await page.waitForSelector('#notify-count:not([hidden])');
  const count = Number(await text('#notify-count'));
  check('the header counts the request among the unread', count === carolBefore + 1, count);
  await go(page, '#/notifications', 'notifications');
  const item = `li.notification[data-notification="request:${rid}"]`;
  await page.waitForSelector(item);
  check('listed: a new request, its title', (await text(item)).includes(title)
    && (await text(item)).includes(fill(nl['notifications.event.request'], { kind: nl['noun.request'], record: rid })));
  await axe(page, 'the provider\'s notifications');
  await page.click(`${item} a`);
  await page.waitForFunction((id) => window.location.hash === `#/requests/${encodeURIComponent(id)}` && document.body.dataset.ready === '1'
    && document.querySelector('#request-answer'), rid);
  await page.waitForFunction((n0) => Number(document.querySelector('#notify-count')?.textContent || 0) === n0
    || (n0 === 0 && document.querySelector('#notify-count')?.hidden), carolBefore);
  check('the request page: the attachment to read (no upload), the TLP marking, no sharing form, only herself',
    (await present('#attachments-request tr:has(a:text-is("vragenlijst.txt"))'))
    && !(await present('#attachments-request form.attachment-upload'))
    && (await present('h1 [data-tlp="green"]')) && !(await present('#sharing-form'))
    && (await page.$$('#request-recipients tr[data-provider]')).length === 1);
});

await step('the provider answers: a draft, a proposed risk, a CSV as evidence, submitted', async () => {
  check('before a draft: evidence is offered after saving it', await present('#answer-evidence-hint'));
  await page.fill('#answer-input', answerText);
  await page.click('#answer-draft');
  await waitText('#request-messages', nl['requests.draft_saved']);
  await page.waitForSelector('#propose-form');
  await page.selectOption('#propose-threat', 'cybersabotage');
  await page.fill('#propose-scenario', scenario);
  await page.selectOption('#propose-likelihood', 'C');
  await page.selectOption('#propose-classification', 'internal');
  await page.click('#propose-save');
  await waitText('#request-messages', scenario);
  await page.waitForSelector('#contribute-proposals tr[data-proposal]');
  proposal = await page.getAttribute('#contribute-proposals tr[data-proposal]', 'data-proposal');
  await page.waitForSelector('#attachments-answer form.attachment-upload');
  await page.setInputFiles('#attachments-answer-file', { name: 'storingen-2026.csv', mimeType: 'text/csv', buffer: csv });
  await page.click('#attachments-answer-upload');
  await waitText('#attachments-answer-messages', 'storingen-2026.csv');
  check('the proposed risk and the CSV are listed with the draft answer, the text kept',
    (await text('#contribute-proposals')).includes(scenario)
    && (await text('#attachments-answer tr:has(a:text-is("storingen-2026.csv"))')).includes('CSV')
    && (await page.inputValue('#answer-input')) === answerText);
  await axe(page, 'a draft answer with a proposed risk and evidence');
  await shot(page, '70-uitvraag-answer');
  await page.click('#answer-submit');
  await waitText('#request-messages', nl['requests.answered']);
  await page.waitForSelector('#attachments-answer');
  check('submitted: the text shown, the evidence listed without upload',
    (await text('#answer-text')) === answerText && !(await present('#answer-input'))
    && (await present('#attachments-answer tr:has(a:text-is("storingen-2026.csv"))'))
    && !(await present('#attachments-answer form.attachment-upload')));
  const r = await bobApi.get(`/requests/${encodeURIComponent(rid)}`);
  answer = r.body.answers[0]?.id;
  check('(the API: answered, the answer a contribution to the analysis with the proposed risk)',
    r.body.recipients[0].state === 'answered' && r.body.answers.length === 1 && r.body.answers[0].analysis === analysis
    && (await bobApi.get(`/proposed_risks/${proposal}`)).body?.contribution === answer, JSON.stringify(r.body).slice(0, 600));
});

await step('the provider comments on the request, mentioning the ministry', async () => {
  const thread = `#comments-requests-${rid}`;
  await page.fill(`${thread} textarea`, commentText);
  await page.click(`${thread} form.comment-form button[type=submit]`);
  await page.waitForSelector(`${thread} li.comment span.mention[data-user="${ministry.username}"]`);
  check('the comment is shown with bob as a mention', (await text(`${thread} .comment-list`)).includes('de tweede storing'));
  await axe(page, 'the request page after answering and commenting');
  await shot(page, '70-uitvraag-comment');
  await logout(page);
});

await step('the ministry is told of the answer and the mention, sees both and the evidence', async () => {
  const n = (await bobApi.get('/notifications')).body;
  const mention = n.items.find((i) => i.event === 'mention' && i.kind === 'requests' && i.record === rid);
  check('(the API: the answer and the mention, unread)',
    n.items.some((i) => i.id === `answer:${answer}` && i.event === 'answer' && i.record === rid && !i.read && i.by === provider.username)
    && mention && !mention.read && mention.by === provider.username, JSON.stringify(n.items.slice(0, 6)));
  await login(page, ministry.username, ministry.password);
  await page.waitForSelector('#notify-count:not([hidden])');
  await go(page, '#/notifications', 'notifications');
  await page.waitForSelector(`li.notification[data-notification="answer:${answer}"]`);
  check('the notifications list the answer and the mention, each linking to the request',
    (await present(`li[data-notification="answer:${answer}"] a[href="#/requests/${encodeURIComponent(rid)}"]`))
    && (await present(`li[data-notification="${mention?.id}"][data-event="mention"] a[href="#/requests/${encodeURIComponent(rid)}"]`)));
  await axe(page, 'the ministry\'s notifications');
  await shot(page, '70-uitvraag-notifications');
  await page.click(`li[data-notification="answer:${answer}"] a`);
  await page.waitForFunction(() => document.body.dataset.view === 'requests' && document.body.dataset.ready === '1'
    && document.querySelector('#request-answers'));
  await page.waitForSelector('#attachments-answer-0 tr[data-attachment]');
  check('the request page: carol answered, the answer with its TLP marking, the CSV, the comment with the mention',
    (await present(`#request-recipients tr[data-provider="${provider.org}"][data-state="answered"]`))
    && (await text('#request-answers')).includes(answerText)
    && (await present(`article[data-answer="${answer}"] [data-tlp]`))
    && (await present('#attachments-answer-0 tr:has(a:text-is("storingen-2026.csv"))'))
    && !(await present('#attachments-answer-0 form.attachment-upload'))
    && (await present(`#comments-requests-${rid} span.mention[data-user="${ministry.username}"]`)),
  async () => text('main'));
  const id = await page.getAttribute('#attachments-answer-0 a[data-attachment]', 'data-attachment');
  const got = await download(ministry, id);
  check('the CSV downloads (API) with the same bytes, as an attachment, nosniff',
    got.status === 200 && got.bytes.equals(csv) && got.nosniff === 'nosniff' && got.disposition.startsWith('attachment'),
    JSON.stringify({ ...got, bytes: got.bytes.length }));
  const meta = (await bobApi.get(`/contributions/${answer}/attachments`)).body.items[0];
  check('(its SHA-256 and size as stored)', meta.sha256 === createHash('sha256').update(csv).digest('hex') && meta.size === csv.length);
  const dave = await download(auditor, id);
  check('an auditor of another process reads neither the request, its thread nor the CSV (404)',
    dave.status === 404 && (await daveApi.get(`/requests/${encodeURIComponent(rid)}`)).status === 404
    && (await daveApi.get(`/requests/${encodeURIComponent(rid)}/comments`)).status === 404);
  await axe(page, 'the sender\'s request page with the answer');
  await shot(page, '70-uitvraag-answered');
});

await step('the ministry adopts the proposed risk into its analysis', async () => {
  await page.click(`#request-answers a[data-analysis="${analysis}"]`);
  await page.waitForFunction(() => document.body.dataset.view === 'analysis' && document.body.dataset.ready === '1');
  await page.waitForSelector(`button.adopt[data-proposal="${proposal}"]`);
  await page.click(`button.adopt[data-proposal="${proposal}"]`);
  await waitText('#analysis-messages', scenario);
  await page.waitForSelector(`tr[data-proposal="${proposal}"][data-decision="adopted"]`);
  check('the page says it was adopted', (await text('#analysis-messages')) === fill(nl['contribution.adopted'], { scenario }));
  const p = (await bobApi.get(`/proposed_risks/${proposal}`)).body;
  const risk = p.risk ? (await bobApi.get(`/risks/${p.risk}`)).body : null;
  const c = (await bobApi.get(`/contributions/${answer}`)).body;
  check('(the API: adopted, a risk of the analysis with the scenario; the answer processed)',
    p.decision === 'adopted' && risk?.analysis === analysis && risk?.scenario === scenario && c.status === 'processed',
    JSON.stringify([p, risk, c.status]).slice(0, 600));
  await axe(page, 'the analysis after adopting the answer\'s risk');
  await shot(page, '70-uitvraag-adopted');
  // leave it closed: later suites see no open request of toonbankbetalingen
  const closed = await bobApi.post(`/requests/${encodeURIComponent(rid)}/close`);
  check('(the request closed at the end)', closed.status === 200, closed.status);
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# uitvraag browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
