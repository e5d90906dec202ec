// users_test.mjs — account management in the browser UI against the real
// server (started by tests/integration/browser_test.sh, after ui_test.mjs):
// the coordinator adds a user with the form (every control labelled), meets
// the server's field error for a short password beside the field with
// nothing typed lost, then saves; the new user logs in in a browser of its
// own; the coordinator changes its clearance with the keyboard and disables
// it, and the new user's open session is gone at once (the UI falls back to
// the login screen, the API refuses the login); enabling lets it in again.
// The screen with the form passes an axe-core scan and is photographed. It
// makes no records of the cycle: other suites compare cascades.

import { readFileSync } from 'node:fs';
import {
  BASE, launch, watch, login, go, waitView, axe, shot, check, step, summary, apiClient,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const coordinator = users.find((u) => u.role === 'coordinator');
const provider = users.find((u) => u.role === 'provider');
const erin = { username: 'erin-ui', password: 'pw-erin-ui-0123456789' };

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const admin = await apiClient(coordinator.username, coordinator.password);
const started = Date.now();
let other = null;
let otherPage = null;

const row = (name) => `#main tr[data-user="${name}"]`;
const listed = async (name) => ((await admin.get('/users')).body.items || []).find((u) => u.username === name);

await step('the form to add a user', async () => {
  await login(page, coordinator.username, coordinator.password);
  await go(page, '#/users', 'users');
  await page.waitForSelector('#user-new-form');
  const unlabelled = await page.$$eval('#user-new-form input, #user-new-form select', (els) =>
    els.filter((el) => !document.querySelector(`label[for="${el.id}"]`)).map((el) => el.name || el.outerHTML));
  check('every control of the new-user form has a label', unlabelled.length === 0, unlabelled.join(', '));
  check('the password is a masked field', (await page.getAttribute('#user-new-password', 'type')) === 'password');
  check('the coordinator is not offered to disable itself',
    (await page.$(`${row(coordinator.username)} button[data-action="disable"]`)) === null
    && (await page.$(`${row(provider.username)} button[data-action="disable"]`)) !== null);

  await page.fill('#user-new-username', erin.username);
  await page.fill('#user-new-password', 'short');
  await page.selectOption('#user-new-role', 'provider');
  await page.selectOption('#user-new-org', provider.org);
  await page.selectOption('#user-new-clearance', 'internal');
  await page.click('#user-create');
  await page.waitForSelector('#user-new-password[aria-invalid="true"]');
  const error = (await page.textContent('#user-new-password-error')).trim();
  check('a short password: the server\'s error is beside the password field, in Dutch',
    await page.isVisible('#user-new-password-error') && /10/.test(error) && !/characters/.test(error), error);
  check('the field with the error has the focus', await page.evaluate(() => document.activeElement.id === 'user-new-password'));
  check('nothing typed is lost on a failed save', (await page.inputValue('#user-new-username')) === erin.username
    && (await page.inputValue('#user-new-org')) === provider.org && (await page.inputValue('#user-new-role')) === 'provider'
    && (await page.inputValue('#user-new-clearance')) === 'internal');
  check('and nothing is written', (await listed(erin.username)) === undefined);
  await axe(page, 'users with the new-user form and a field error');
  await shot(page, '20-users-form-error');

  await page.fill('#user-new-password', erin.password);
  await page.click('#user-create');
  await page.waitForSelector('#users-messages .alert.success');
  await page.waitForSelector(row(erin.username));
  const stored = await listed(erin.username);
  check('the coordinator adds the user: the server has it as entered', stored && stored.role === 'provider'
    && stored.org === provider.org && stored.clearance === 'internal' && stored.disabled === false, JSON.stringify(stored));
  check('the form is empty again for the next user', (await page.inputValue('#user-new-username')) === '');
});

await step('the new user logs in in a browser of its own', async () => {
  process.env.VITAAL_CHROMIUM_PROFILE = `${process.env.VITAAL_CHROMIUM_PROFILE}-erin`;
  other = await launch();
  otherPage = other.pages()[0] || await other.newPage();
  watch(otherPage, problems);
  await login(otherPage, erin.username, erin.password);
  check('the new user is logged in', (await otherPage.textContent('#who')).includes(erin.username));
  await go(otherPage, '#/processes', 'processes');
  check('and sees processes', (await otherPage.$$('#process-results a[data-process]')).length > 0);
});

await step('the coordinator changes the user with the keyboard', async () => {
  await page.focus(`${row(erin.username)} button[data-action="edit"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#user-edit-form');
  check('the edit form takes the focus', await page.evaluate(() => document.activeElement.id === 'user-edit-role'));
  await page.keyboard.press('Escape');
  check('Escape closes it and gives the focus back to its button', (await page.$('#user-edit-form')) === null
    && await page.evaluate((n) => document.activeElement.closest('tr')?.dataset.user === n
      && document.activeElement.dataset.action === 'edit', erin.username));
  await page.keyboard.press('Enter');
  await page.waitForSelector('#user-edit-form');
  await page.selectOption('#user-edit-clearance', 'confidential');
  await page.focus('#user-save');
  // wait for this save's answer: the success message of the create before
  // may still be on the screen, and under load the PUT lands later
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api/v1/users/${erin.username}`) && r.request().method() === 'PUT'),
    page.keyboard.press('Enter'),
  ]);
  await page.waitForSelector('#users-messages .alert.success');
  const stored = await listed(erin.username);
  check('the clearance is changed, the rest kept', stored && stored.clearance === 'confidential'
    && stored.role === 'provider' && stored.disabled === false, JSON.stringify(stored));
  const focused = await page.waitForFunction(() => Boolean(document.activeElement.closest('#users-messages')), null, { timeout: 3000 })
    .then(() => true, () => false);
  check('the focus is on the message saying so', focused);
});

await step('disabling ends the user\'s session at once', async () => {
  await page.focus(`${row(erin.username)} button[data-action="disable"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${row(erin.username)} button[data-action="enable"]`);
  check('the list says disabled', (await page.textContent(row(erin.username))).includes('geblokkeerd'));
  check('the server has it disabled', (await listed(erin.username))?.disabled === true);
  await otherPage.evaluate(() => { window.location.hash = '#/measures'; });
  await waitView(otherPage, 'login');
  check('the disabled user\'s open session is gone: its browser is back at the login screen', true);
  let refused = false;
  try {
    await apiClient(erin.username, erin.password);
  } catch {
    refused = true;
  }
  check('and the disabled user cannot log in again', refused);
  await shot(page, '21-users-disabled');

  await page.click(`${row(erin.username)} button[data-action="enable"]`);
  await page.waitForSelector(`${row(erin.username)} button[data-action="disable"]`);
  const back = await apiClient(erin.username, erin.password);
  check('enabled again, the user logs in', (await back.get('/me')).body.username === erin.username);
});

await step('translations', async () => {
  const missing = await page.evaluate(() => [...window.__vitaalMissingKeys]);
  check('no label of the users screen is missing from the translation files', missing.length === 0, missing.join(', '));
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
if (other) await other.close();
await context.close();
console.log(`# users browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s (${BASE})`);
process.exit(summary() ? 0 : 1);
