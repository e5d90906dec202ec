// mfa_test.mjs — two-step verification in the browser UI (issue 14 part 8)
// against the real server on the demo database (whose setting
// mfa_required_clearance is none). The coordinator raises the setting to
// confidential for the length of this suite and adds a department user of
// that clearance: its first login meets only the set-up screen (no menu),
// with the QR code as an image of its own (the CSP forbids inline images)
// and the key for entry by hand; the test reads the key from the page,
// computes the code here (RFC 6238 with node's HMAC-SHA1), confirms, is
// shown the recovery codes once and goes on to the dashboard; after logging
// out, the login form asks for the code when the server says so, and takes
// a code, then (the "recovery code" option) a recovery code; the
// coordinator resets it on the users screen. axe-clean, photographed. The setting is put back and the user disabled at the end,
// also on failure, so that the suites after this one log in as before.

import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  BASE, launch, watch, waitView, go, login, logout, axe, shot, check, step, summary, apiClient,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const coordinator = users.find((u) => u.role === 'coordinator');
const tester = { username: 'mfa-ui', password: 'pw-mfa-ui-0123456789' };

// RFC 6238: HMAC-SHA1 over the 30-second step, dynamic truncation, 6 digits
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
function totp(secret, at = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(value).padStart(6, '0');
}
check('(the TOTP here gives RFC 6238\'s vector: 287082 at 59 s, 6 digits)',
  totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59000) === '287082');

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const coord = await apiClient(coordinator.username, coordinator.password);
const setting = (await coord.get('/settings/mfa_required_clearance')).body;

async function loginForm(username, password) {
  await page.goto(`${BASE}/`);
  await waitView(page, 'login');
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
}

let secret = null;
let codes = [];
try {
  await step('a confidential user must set up two-step verification first', async () => {
    const raised = await coord.put('/settings/mfa_required_clearance', { ...setting, value: 'confidential' });
    check('(the coordinator requires MFA from confidential up for this suite)', raised.status === 200, JSON.stringify(raised.body));
    const made = await coord.post('/users', {
      username: tester.username, password: tester.password, role: 'department', org: 'fin', clearance: 'confidential',
    });
    check('(a department user of clearance confidential)', made.status === 201, JSON.stringify(made.body));
    await loginForm(tester.username, tester.password);
    await waitView(page, 'mfa');
    check('its first login shows only the set-up screen: no menu, the warning said',
      !(await page.$('#nav-list')) && !(await page.$('#notify-link')) && (await page.$('#mfa-enrol-only')) !== null);
    await go(page, '#/processes', 'mfa');
    check('another address in the bar still shows the set-up', await page.$('#mfa-start') !== null);
    await axe(page, 'two-step verification, before set-up');
    await page.click('#mfa-start');
    await page.waitForSelector('#mfa-qr');
    const qr = await page.$eval('#mfa-qr', (img) => ({
      src: img.getAttribute('src'), alt: img.alt, ok: img.complete && img.naturalWidth > 0,
    }));
    await page.waitForFunction(() => document.querySelector('#mfa-qr').complete && document.querySelector('#mfa-qr').naturalWidth > 0);
    check('the QR code is an <img> of /api/v1/me/mfa/qr with a text alternative, and it loads',
      qr.src.startsWith('/api/v1/me/mfa/qr') && qr.alt.length > 10, JSON.stringify(qr));
    secret = (await page.textContent('#mfa-secret')).replace(/\s/g, '');
    check('the key for entry by hand is shown (32 base32 characters)', /^[A-Z2-7]{32}$/.test(secret), secret);
    const input = await page.$eval('#mfa-code', (el) => ({
      autocomplete: el.getAttribute('autocomplete'), inputmode: el.getAttribute('inputmode'),
      label: document.querySelector(`label[for="${el.id}"]`)?.textContent || '',
    }));
    check('the code field: labelled, autocomplete one-time-code, numeric keyboard',
      input.autocomplete === 'one-time-code' && input.inputmode === 'numeric' && input.label.length > 0, JSON.stringify(input));
    await axe(page, 'two-step verification, QR code and key');
    await shot(page, '70-mfa-setup');
    await page.fill('#mfa-code', '000000' === totp(secret) ? '111111' : '000000');
    await page.click('#mfa-confirm-submit');
    await page.waitForSelector('#mfa-confirm-messages .alert.error');
    check('a wrong code is refused in words', (await page.textContent('#mfa-confirm-messages')).length > 10);
    await page.fill('#mfa-code', totp(secret));
    await page.click('#mfa-confirm-submit');
    await page.waitForSelector('#mfa-recovery-codes li');
    codes = await page.$$eval('#mfa-recovery-codes li', (lis) => lis.map((li) => li.textContent.trim()));
    check('ten recovery codes are shown once', codes.length === 10 && new Set(codes).size === 10
      && codes.every((c) => /^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/.test(c)), JSON.stringify(codes));
    await axe(page, 'two-step verification, recovery codes');
    await shot(page, '71-mfa-recovery-codes');
    await page.click('#mfa-continue');
    await waitView(page, 'dashboard');
    check('then the whole UI: the menu is there', await page.$('#nav-list') !== null);
    await go(page, '#/mfa', 'mfa');
    check('the user\'s own menu leads to the state: on, 10 codes left',
      (await page.getAttribute('#mfa-state', 'data-state')) === 'enrolled' && (await page.textContent('#mfa-left')).includes('10'));
    await logout(page);
  });

  await step('the login asks for the code and takes it', async () => {
    await loginForm(tester.username, tester.password);
    await page.waitForSelector('#login-second:not([hidden]) #login-totp');
    const input = await page.$eval('#login-totp', (el) => ({
      autocomplete: el.getAttribute('autocomplete'), inputmode: el.getAttribute('inputmode'),
    }));
    check('the password was right: the form asks for the code (one-time-code, numeric)',
      input.autocomplete === 'one-time-code' && input.inputmode === 'numeric', JSON.stringify(input));
    await axe(page, 'login with the code');
    await shot(page, '72-mfa-login', false);
    await page.fill('#login-totp', '000000' === totp(secret, Date.now() + 30000) ? '111111' : '000000');
    await page.click('#login-submit');
    await page.waitForSelector('#login-messages .alert.error');
    check('a wrong code is said, the form stays', (await page.$('#login-totp')) !== null);
    // the step after the one that confirmed: that one is never accepted again
    await page.fill('#login-totp', totp(secret, Date.now() + 30000));
    await page.click('#login-submit');
    await page.waitForSelector('#who', { timeout: 15000 });
    await waitView(page, 'dashboard');
    check('the right code logs in', true);
    await logout(page);
  });

  await step('a recovery code instead of the app', async () => {
    await loginForm(tester.username, tester.password);
    await page.waitForSelector('#login-second:not([hidden])');
    await page.click('#login-use-recovery');
    await page.fill('#login-recovery', codes[0]);
    await page.click('#login-submit');
    await page.waitForSelector('#who', { timeout: 15000 });
    check('a recovery code logs in', true);
    await go(page, '#/mfa', 'mfa');
    check('one recovery code fewer', (await page.textContent('#mfa-left')).includes('9'));
    await logout(page);
    await loginForm(tester.username, tester.password);
    await page.waitForSelector('#login-second:not([hidden])');
    await page.click('#login-use-recovery');
    await page.fill('#login-recovery', codes[0]);
    await page.click('#login-submit');
    await page.waitForSelector('#login-messages .alert.error');
    check('the same recovery code a second time is refused', (await page.$('#who')) === null);
  });

  await step('the coordinator resets a lost second factor on the users screen', async () => {
    // back to the demo's setting, so that the coordinator logs in as in the other suites
    await coord.put('/settings/mfa_required_clearance', { ...(await coord.get('/settings/mfa_required_clearance')).body, value: setting.value });
    await login(page, coordinator.username, coordinator.password);
    await go(page, '#/users', 'users');
    const row = `tr[data-user="${tester.username}"]`;
    check('the users screen shows the user\'s two-step verification: on',
      (await page.textContent(row)).includes('aan'), await page.textContent(row));
    await page.click(`${row} button[data-action="mfa-reset"]`);
    await page.waitForSelector(`${row}:not(:has(button[data-action="mfa-reset"]))`);
    check('after the reset: off, and said', (await page.textContent(row)).includes('uit')
      && (await page.textContent('main')).includes('hersteld'));
    await axe(page, 'users with two-step verification');
    await logout(page);
    await loginForm(tester.username, tester.password);
    await page.waitForSelector('#who', { timeout: 15000 });
    check('the user logs in without a code again (the demo requires none)', (await page.$('#login-totp')) === null);
    await logout(page);
  });
} finally {
  await coord.put('/settings/mfa_required_clearance', { ...(await coord.get('/settings/mfa_required_clearance')).body, value: setting.value });
  await coord.put(`/users/${tester.username}`, { disabled: true });
}
check('(the setting is back as it was)', (await coord.get('/settings/mfa_required_clearance')).body.value === setting.value);
check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# mfa browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
