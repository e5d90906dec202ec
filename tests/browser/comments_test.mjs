// comments_test.mjs — comments and notifications in the browser against
// the real server (tests/integration/browser_test.sh: bob and erin are
// fin's department, carol provides fin's toonbankbetalingen, dave audits
// giraal-betalingsverkeer): bob comments on fin's confidential analysis of
// toonbankbetalingen, mentioning erin and carol; the thread shows it with
// the mentions as badges; an empty comment is refused before sending. Erin
// sees the unread count in the header, finds the mention in her
// notifications (named, without the confidential title or text), opens it
// (the analysis, the count one lower) and marks all read. Carol, mentioned
// but not allowed to read the analysis, is told nothing (asked of the API
// as an attacker would). Bob retracts his comment with a note. The auditor
// reads a thread of his process without a form. axe-core scans the thread
// and the list; screenshots; no page error, no CSP refusal.

import { readFileSync } from 'node:fs';
import { launch, watch, login, logout, go, axe, shot, check, step, summary, apiClient } from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const user = (name) => users.find((u) => u.username === name);
const [bob, erin, carol, dave] = ['bob', 'erin', 'carol', 'dave'].map(user);
const nl = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'));

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const present = async (sel) => (await page.$(sel)) !== null;

const analysis = 'an-qs-ransomware-toonbankbetalingen'; // fin, in review, confidential
const thread = `#comments-analyses-${analysis}`;
const stamp = Date.now().toString(36);
const words = `Graag de terugvalopties nog eens nalopen (${stamp}), @erin en @carol.`;
let commentId = null;

await step('the ministry comments on its analysis, mentioning two users', async () => {
  await login(page, bob.username, bob.password);
  await go(page, `#/analyses/${analysis}`, 'analysis');
  await page.waitForSelector(`${thread} form.comment-form`);
  await page.click(`${thread} form.comment-form button[type=submit]`);
  check('an empty comment is refused before sending',
    (await page.getAttribute(`${thread} textarea`, 'aria-invalid')) === 'true');
  await page.fill(`${thread} textarea`, words);
  await page.click(`${thread} form.comment-form button[type=submit]`);
  await page.waitForFunction((s) => (document.querySelector(s)?.textContent || '').includes('nalopen'), `${thread} .comment-list`);
  commentId = await page.getAttribute(`${thread} li.comment:last-child`, 'data-comment');
  check('the thread shows it, the mentions as badges',
    (await present(`${thread} li.comment .badge.mention[data-user="erin"]`))
    && (await present(`${thread} li.comment .badge.mention[data-user="carol"]`))
    && (await text(`${thread} li.comment:last-child .comment-meta`)).startsWith('bob'));
  await axe(page, 'a comment thread');
  await shot(page, '60-comment-thread');
  await logout(page);
});

await step('the mentioned colleague is told, and opens it', async () => {
  await login(page, erin.username, erin.password);
  await page.waitForSelector('#notify-count:not([hidden])');
  const before = Number(await text('#notify-count'));
  check('the header counts the unread notifications', before >= 1, before);
  await page.click('#notify-link');
  await page.waitForSelector('#notification-list');
  const item = `li.notification[data-notification="comment:${commentId}"]`;
  check('the mention is listed as new, without the confidential text',
    (await present(`${item}.unread[data-event="mention"]`)) && !(await text(item)).includes('nalopen'),
    async () => text('#notification-list'));
  await axe(page, 'the notifications');
  await shot(page, '61-notifications');
  await page.click(`${item} a`);
  await page.waitForSelector(`${thread}`);
  await page.waitForFunction((n) => Number(document.querySelector('#notify-count')?.textContent || 0) === n - 1
    || (n === 1 && document.querySelector('#notify-count')?.hidden), before);
  check('opening it shows the analysis, the count one lower', (await text(thread)).includes('nalopen'));
  await go(page, '#/notifications', 'notifications');
  if (await page.isEnabled('#notifications-read-all')) {
    await page.click('#notifications-read-all');
    await page.waitForSelector('#notify-count[hidden]', { state: 'attached' });
  }
  check('all read: no count in the header', (await page.getAttribute('#notify-count', 'hidden')) !== null
    && (await text('#notifications-unread')) === nl['notifications.unread'].replace('{n}', '0'));
  await logout(page);
});

await step('a mentioned provider who may not read the analysis is told nothing', async () => {
  const api = await apiClient(carol.username, carol.password);
  const r = await api.get('/notifications');
  check('no notification names the analysis', r.status === 200 && !r.body.items.some((i) => i.record === analysis),
    JSON.stringify(r.body).slice(0, 400));
  const t = await api.get(`/analyses/${analysis}/comments`);
  check('and the thread is as absent as the analysis (404)', t.status === 404, t.status);
});

await step('the author retracts the comment with a note', async () => {
  await login(page, bob.username, bob.password);
  await go(page, `#/analyses/${analysis}`, 'analysis');
  const li = `${thread} li.comment[data-comment="${commentId}"]`;
  await page.waitForSelector(`${li} button.retract`);
  await page.fill(`${li} .comment-retract input`, 'Dubbel gemeld');
  await page.click(`${li} button.retract`);
  await page.waitForSelector(`${li}.retracted`);
  check('retracted: the note shown, the text gone', (await text(li)).includes('Dubbel gemeld') && !(await text(li)).includes('nalopen'));
  await logout(page);
});

await step('an auditor reads a thread of his process, without a form', async () => {
  await login(page, dave.username, dave.password);
  await go(page, '#/analyses/an-giraal-betalingsverkeer-2022', 'analysis');
  await page.waitForSelector('#comments-analyses-an-giraal-betalingsverkeer-2022');
  check('no form for the auditor', !(await present('#comments-analyses-an-giraal-betalingsverkeer-2022 form')));
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# comments browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
