// attachment_test.mjs — evidence in the browser against the real server
// (tests/integration/browser_test.sh: bob is fin's department, dave the
// auditor of giraal-betalingsverkeer, carol a provider of it): bob opens
// fin's measure ms-ddos-bescherming, sees the "Bewijs" section empty,
// uploads a PDF through the file control (sent as the raw body) and sees it
// listed with its type, size and SHA-256; a renamed HTML page is refused in
// Dutch (the server's 415, decided from the content); he adds a CSV to the
// measure's review; the download link answers the file as an attachment
// with nosniff and the same bytes; he deletes the CSV. The auditor sees the
// evidence without upload or delete; the provider does not see the measure
// at all (404). axe-core scans the section; screenshots; no page error, no
// CSP refusal, no request to another host.

import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { launch, watch, login, logout, go, axe, shot, check, step, summary, apiClient } from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const ministry = users.find((u) => u.role === 'department' && u.org === 'fin');
const auditor = users.find((u) => u.role === 'auditor');
const provider = users.find((u) => u.role === 'provider');
const nl = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'));
const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const present = async (sel) => (await page.$(sel)) !== null;

const measure = 'ms-ddos-bescherming'; // fin, internal
const review = 'rv-ddos-bescherming-2026-02-04';
const stamp = Date.now().toString(36);
const pdfName = `Pentestrapport DDoS ${stamp}.pdf`;
const pdf = Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${stamp}\ntrailer\n<<>>\n%%EOF\n`);
const csv = Buffer.from(`tijdstip,aanval_gbps,beschikbaarheid\n2026-02-04T10:00,120,100\n2026-02-04T10:05,${stamp.length},99.8\n`);
const section = '#attachments-measures';
const reviewSection = `#attachments-review-${review}`;
let pdfId = null;

await step('the ministry uploads a PDF to its measure', async () => {
  await login(page, ministry.username, ministry.password);
  await go(page, `#/measures/${measure}`, 'measure');
  await page.waitForSelector(`${section} form.attachment-upload`);
  check('the evidence section is there, titled in Dutch, with an upload control',
    (await text(`${section}-title`)) === nl['attachments.title'] && (await present(`${section}-file[type="file"]`)));
  await page.setInputFiles(`${section}-file`, { name: pdfName, mimeType: 'application/pdf', buffer: pdf });
  await page.click(`${section}-upload`);
  await page.waitForFunction((s) => (document.querySelector('#attachments-measures-messages')?.textContent || '').includes(s), pdfName);
  const row = `${section} tr:has(a:text-is("${pdfName}"))`;
  check('said so, and listed: PDF, its size, the start of its SHA-256',
    (await text(`${section}-messages`)) === fill(nl['attachments.added_ok'], { name: pdfName, type: 'PDF' })
    && (await text(row)).includes('PDF')
    && (await text(row)).includes(createHash('sha256').update(pdf).digest('hex').slice(0, 12)),
  async () => text(section));
  pdfId = await page.getAttribute(`${row} a`, 'data-attachment');
  const answer = await page.evaluate(async (id) => {
    const r = await fetch(`/api/v1/attachments/${id}`);
    return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'),
      nosniff: r.headers.get('x-content-type-options'), body: await r.text() };
  }, pdfId);
  check('the download link: the same bytes, as an attachment, the stored type, nosniff',
    answer.status === 200 && answer.type === 'application/pdf' && answer.nosniff === 'nosniff'
    && answer.disposition.startsWith('attachment; filename=') && answer.disposition.includes("filename*=UTF-8''Pentestrapport%20DDoS")
    && answer.body === pdf.toString(), JSON.stringify(answer).slice(0, 400));
  await axe(page, 'evidence on a measure');
  await shot(page, '52-evidence-measure');
});

await step('a renamed HTML page is refused, said in Dutch', async () => {
  await page.setInputFiles(`${section}-file`, { name: 'foto.png', mimeType: 'image/png', buffer: Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>') });
  await page.click(`${section}-upload`);
  await page.waitForSelector(`${section}-messages .alert.error`);
  check('the refusal is the server\'s 415 in the user\'s language; nothing listed',
    (await text(`${section}-messages`)) === nl['error.attachment_type'] && !(await present(`${section} a:text-is("foto.png")`)),
  async () => text(section));
});

await step('evidence on the review: a CSV, then deleted', async () => {
  await page.waitForSelector(`${reviewSection} form.attachment-upload`);
  await page.setInputFiles(`${reviewSection}-file`, { name: 'meetwaarden.csv', mimeType: 'text/csv', buffer: csv });
  await page.click(`${reviewSection}-upload`);
  await page.waitForSelector(`${reviewSection} a:text-is("meetwaarden.csv")`);
  check('listed under the review as CSV', (await text(`${reviewSection} tr:has(a:text-is("meetwaarden.csv"))`)).includes('CSV'));
  await page.click(`${reviewSection} button[data-delete]`);
  await page.waitForFunction(([s, want]) => (document.querySelector(s)?.textContent || '').includes(want),
    [`${reviewSection}-messages`, fill(nl['attachments.deleted'], { name: 'meetwaarden.csv' })]);
  check('deleted: said so, and the review has no evidence again',
    (await text(`${reviewSection}-messages`)) === fill(nl['attachments.deleted'], { name: 'meetwaarden.csv' })
    && (await text(reviewSection)).includes(nl['attachments.none']));
  await logout(page);
});

await step('the auditor reads the evidence, and cannot add or delete', async () => {
  await login(page, auditor.username, auditor.password);
  await go(page, `#/measures/${measure}`, 'measure');
  await page.waitForSelector(`${section} a[data-attachment="${pdfId}"]`);
  check('listed, without upload or delete', !(await present(`${section} form.attachment-upload`))
    && !(await present(`${section} button[data-delete]`)));
  await logout(page);
  const api = await apiClient(provider.username, provider.password);
  const hidden = await api.get(`/attachments/${pdfId}`);
  const list = await api.get(`/measures/${measure}/attachments`);
  check('the provider: the measure and its evidence are hidden (404)', hidden.status === 404 && list.status === 404,
    JSON.stringify([hidden, list]).slice(0, 300));
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# attachment browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
