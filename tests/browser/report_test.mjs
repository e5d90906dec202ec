// report_test.mjs — the Rapportage screen in the browser UI against the real
// server on the demo (started by tests/integration/browser_test.sh): the
// coordinator finds it in the menu, every control is labelled, the preview
// is a sandboxed frame that shows the report of last year in Dutch (its
// title, its marking, no script, nothing refused by a CSP), the download
// links answer the report in their formats, English on request; a
// department user has no such menu entry and is refused by the server.
// Axe scan and screenshot of the screen.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, axe, shot, check, step, summary, year,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const coordinator = users.find((u) => u.role === 'coordinator');
const department = users.find((u) => u.role === 'department');
const last = year() - 1;

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);

// The text of the preview frame once it shows the report asked for (its
// URL holds `part`).
async function previewText(part) {
  let frame = null;
  for (let i = 0; i < 200 && !frame; i += 1) {
    frame = page.frames().find((f) => f.url().includes('/api/v1/reports/annual') && f.url().includes(part));
    if (!frame) await page.waitForTimeout(100);
  }
  if (!frame) return '';
  await frame.waitForSelector('h1', { timeout: 20000 });
  return frame.innerText('body'); // not frame.evaluate: no script runs in the sandboxed frame
}

await step('the coordinator opens Rapportage', async () => {
  await login(page, coordinator.username, coordinator.password);
  check('the menu offers Rapportage', (await page.$('nav a[href="#/report"]')) !== null);
  await go(page, '#/report', 'report');
  const unlabelled = await page.$$eval('#report-form input, #report-form select', (els) =>
    els.filter((el) => !document.querySelector(`label[for="${el.id}"]`)).map((el) => el.name));
  check('every control of the form has a label', unlabelled.length === 0, unlabelled.join(', '));
  check('last year is chosen', (await page.inputValue('#report-year')) === String(last));
  check('the preview is a sandboxed frame with a title',
    (await page.getAttribute('#report-preview', 'sandbox')) === ''
    && /\d{4}/.test(await page.getAttribute('#report-preview', 'title') || ''));
  const text = await previewText('lang=nl');
  check('the preview shows the report of last year, marked as aggregated',
    text.includes(`Voortgangsbrief Aanpak vitaal ${last}`)
    && text.includes('OPENBAAR · TLP:CLEAR — geaggregeerd, bevat geen vertrouwelijke informatie'), text.slice(0, 300));
  const frame = page.frames().find((f) => f.url().includes('/api/v1/reports/annual'));
  check('nothing runs in the preview', frame && (await frame.$$('script')).length === 0);
  await axe(page, 'Rapportage');
  await shot(page, '60-report', false);
});

await step('the download links answer the report in their formats', async () => {
  const links = await page.$$eval('#report-downloads a', (as) => as.map((a) => ({
    format: a.dataset.format, href: a.getAttribute('href'), download: a.hasAttribute('download'),
  })));
  check('three downloads: PDF, HTML, Markdown', links.map((l) => l.format).join() === 'pdf,html,md'
    && links.every((l) => l.download), JSON.stringify(links));
  for (const l of links) {
    const r = await page.evaluate(async (href) => {
      const res = await fetch(href, { credentials: 'same-origin' });
      return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') };
    }, l.href);
    check(`${l.format}: 200, a download named voortgangsbrief-${last}`, r.status === 200
      && /^attachment; filename="voortgangsbrief-\d{4}\.(pdf|html|md)"$/.test(r.disposition || ''), JSON.stringify(r));
  }
});

await step('in English', async () => {
  await page.selectOption('#report-lang', 'en');
  await page.click('#report-show');
  await page.waitForFunction(() => window.location.hash.includes('lang=en')
    && document.body.dataset.ready === '1' && document.body.dataset.view === 'report');
  const text = await previewText('lang=en');
  check('the preview is in English', text.includes(`Progress report on vital infrastructure ${last}`)
    && text.includes('PUBLIC · TLP:CLEAR — aggregated, contains no confidential information'), text.slice(0, 300));
});

await step('a department user has no Rapportage', async () => {
  await logout(page);
  await login(page, department.username, department.password);
  check('no menu entry', (await page.$('nav a[href="#/report"]')) === null);
  const status = await page.evaluate(async (y) => (await fetch(`/api/v1/reports/annual?year=${y}&format=md`,
    { credentials: 'same-origin' })).status, last);
  check('the server refuses the report (403)', status === 403, String(status));
});

await step('the department downloads the report of its own process', async () => {
  const pid = await page.evaluate(async (org) => {
    const res = await fetch(`/api/v1/processes?ministry=${org}&limit=1`, { credentials: 'same-origin' });
    return (await res.json()).items[0].id;
  }, department.org);
  await go(page, `#/processes/${pid}`, 'process');
  const href = await page.getAttribute('#process-report', 'href');
  const r = await page.evaluate(async (u) => {
    const res = await fetch(u, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'),
      magic: String.fromCharCode(...bytes.slice(0, 5)) };
  }, href);
  check('the process page links its report as a PDF download, which the server answers for its ministry',
    href.startsWith(`/api/v1/reports/process/${pid}?`) && href.includes('format=pdf')
    && (await page.$('#process-report[download]')) !== null
    && r.status === 200 && r.type === 'application/pdf' && r.magic === '%PDF-'
    && r.disposition === `attachment; filename="weerbaarheidsanalyse-${pid}.pdf"`, JSON.stringify({ href, ...r }));
});

// Chromium reports the sandbox refusing a script in the preview frame (the
// test driver's probing of it: the report holds none, checked above);
// that refusal is the sandbox working, not a problem of the page.
const real = problems.filter((p) => !/Blocked script execution in '[^']*\/api\/v1\/reports\/annual\?[^']*' because the document's frame is sandboxed/.test(p));
check('no script error, no CSP refusal, no request elsewhere', real.length === 0, real.join('\n'));
await context.close();
process.exit(summary() ? 0 : 1);
