// sharing_test.mjs — sharing a record with named organisations under a TLP
// 2.0 marking, in the browser, against the real server
// (tests/integration/browser_test.sh makes bob, department of fin, and
// carol, provider betaalverwerking-nederland with internal clearance).
//  bob opens an internal measure of a process carol provides, which carol
//  may not read (a provider reads only public records of its processes):
//  the page shows its marking (TLP:GREEN, implied by internal) and "shared
//  with no one"; he shares it with carol's organisation under
//  TLP:AMBER+STRICT; the page shows the new marking and the organisation,
//  and the API agrees. carol now reads the measure (page and API), with its
//  marking and no form to change the sharing.
//  Under TLP:RED the organisations give way to named people: bob names an
//  unknown user (refused, in words, nothing saved), then carol by name:
//  carol still reads it; named nobody, she does not (404).
//  A confidential final analysis shared with carol's organisation stays
//  hidden from her (a share never reaches above clearance) and stays final
//  (whom it goes to is not what was approved).
// At the end the records are as they were (the later suites share the DB).
// axe-core scans; screenshots; no page error, no CSP refusal.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, axe, shot, check, ok, step, summary, apiClient, checklistChoose,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const bob = users.find((u) => u.username === 'bob');
const carol = users.find((u) => u.username === 'carol');
const nl = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'));
const MEASURE = 'ms-contant-geld'; // internal, fin, toonbankbetalingen (provided by carol's org)
const ANALYSIS = 'an-toonbankbetalingen-2025'; // confidential, final

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const apiBob = await apiClient(bob.username, bob.password);
const apiCarol = await apiClient(carol.username, carol.password);
const original = (await apiBob.get(`/measures/${MEASURE}`)).body;
const originalAnalysis = (await apiBob.get(`/analyses/${ANALYSIS}`)).body;

const openSharingForm = async () => {
  await page.click('#sharing details > summary');
  await page.waitForSelector('#sharing-form', { state: 'visible' });
};
const saveSharing = async () => {
  await page.click('#sharing-save');
};

await step('share a measure with a provider (TLP:AMBER+STRICT)', async () => {
  check('(carol cannot read the measure before it is shared)',
    (await apiCarol.get(`/measures/${MEASURE}`)).status === 404);
  await login(page, bob.username, bob.password);
  await go(page, `#/measures/${MEASURE}`, 'measure');
  await page.waitForSelector('#sharing-facts');
  check('the page head shows the implied marking TLP:GREEN',
    (await page.getAttribute('.page-head .tlp', 'data-tlp')) === 'green', await text('.page-head'));
  check('shared with no one', (await text('#sharing-orgs')) === nl['sharing.nobody'], await text('#sharing-orgs'));
  await openSharingForm();
  await axe(page, 'sharing form');
  await page.selectOption('#sharing-tlp', 'amber+strict');
  await checklistChoose(page, 'sharing-org', ['betaalverwerking-nederland']);
  await saveSharing();
  await page.waitForSelector('.page-head .tlp[data-tlp="amber+strict"]');
  const stored = (await apiBob.get(`/measures/${MEASURE}`)).body;
  check('the API: amber+strict, shared with carol\'s organisation, the rest unchanged',
    stored.tlp === 'amber+strict' && JSON.stringify(stored.shared_with) === '["betaalverwerking-nederland"]'
    && stored.name === original.name && stored.status === original.status && stored.version === original.version + 1,
    JSON.stringify(stored));
  check('the page lists the organisation by name', (await text('#sharing-orgs')).includes('Betaalverwerking'),
    await text('#sharing-orgs'));
  await shot(page, '60-sharing-measure');
  await logout(page);

  await login(page, carol.username, carol.password);
  await go(page, `#/measures/${MEASURE}`, 'measure');
  await page.waitForSelector('#sharing-facts');
  check('carol reads the shared measure, marked TLP:AMBER+STRICT',
    (await page.getAttribute('.page-head .tlp', 'data-tlp')) === 'amber+strict');
  check('carol has no form to change the sharing (a share never grants a write)',
    (await page.$('#sharing-form')) === null);
  const put = await apiCarol.put(`/measures/${MEASURE}`, { ...stored, name: 'by carol' });
  check('carol\'s write of it is refused (403)', put.status === 403, JSON.stringify(put));
  await axe(page, 'a shared measure as the provider');
  await logout(page);
});

await step('TLP:RED: the named people only', async () => {
  await login(page, bob.username, bob.password);
  await go(page, `#/measures/${MEASURE}`, 'measure');
  await page.waitForSelector('#sharing-facts');
  await openSharingForm();
  await page.selectOption('#sharing-tlp', 'red');
  check('under red the organisations give way to people',
    await page.isHidden('#sharing-org-fieldset') && await page.isVisible('#sharing-people-input'));
  const before = (await apiBob.get(`/measures/${MEASURE}`)).body;
  await page.fill('#sharing-people-input', 'carol, niemand-bekend');
  await saveSharing();
  await page.waitForSelector('#sharing-messages .alert');
  check('an unknown person is refused in words, naming them',
    (await text('#sharing-messages')).includes('niemand-bekend'), await text('#sharing-messages'));
  check('(nothing saved)', (await apiBob.get(`/measures/${MEASURE}`)).body.version === before.version);
  await page.fill('#sharing-people-input', 'carol');
  await saveSharing();
  await page.waitForSelector('.page-head .tlp[data-tlp="red"]');
  check('the page shows the person', (await text('#sharing-people')) === 'carol', await text('#sharing-people'));
  check('carol, named, reads it', (await apiCarol.get(`/measures/${MEASURE}`)).status === 200);
  await axe(page, 'a red measure');
  await shot(page, '61-sharing-red');
  const red = (await apiBob.get(`/measures/${MEASURE}`)).body;
  await apiBob.put(`/measures/${MEASURE}`, { ...red, shared_with_people: [] });
  check('named nobody, carol does not (404)', (await apiCarol.get(`/measures/${MEASURE}`)).status === 404);
  await logout(page);
});

await step('a share never reaches above clearance; a final analysis stays final', async () => {
  await login(page, bob.username, bob.password);
  await go(page, `#/analyses/${ANALYSIS}`, 'analysis');
  await page.waitForSelector('#sharing-facts');
  await openSharingForm();
  await checklistChoose(page, 'sharing-org', ['betaalverwerking-nederland']);
  await saveSharing();
  await page.waitForFunction(() => (document.querySelector('#sharing-orgs')?.textContent || '').includes('Betaalverwerking'));
  const stored = (await apiBob.get(`/analyses/${ANALYSIS}`)).body;
  check('the final analysis is shared and stays final, its approval kept',
    stored.status === 'final' && stored.approved_by === originalAnalysis.approved_by
    && JSON.stringify(stored.shared_with) === '["betaalverwerking-nederland"]', JSON.stringify(stored));
  check('carol (internal clearance) still cannot read the confidential analysis (404)',
    (await apiCarol.get(`/analyses/${ANALYSIS}`)).status === 404);
  await axe(page, 'a shared final analysis');
  await logout(page);
  ok('sharing: bob shared, carol read what her clearance allows');
});

// as it was, for the suites after this one
{
  const m = (await apiBob.get(`/measures/${MEASURE}`)).body;
  const a = (await apiBob.get(`/analyses/${ANALYSIS}`)).body;
  const r1 = await apiBob.put(`/measures/${MEASURE}`, { ...m, tlp: original.tlp, shared_with: [], shared_with_people: [] });
  const r2 = await apiBob.put(`/analyses/${ANALYSIS}`, { ...a, tlp: originalAnalysis.tlp, shared_with: [] });
  check('(the records are as they were)', r1.status === 200 && r2.status === 200, `${r1.status} ${r2.status}`);
}
check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# sharing browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
