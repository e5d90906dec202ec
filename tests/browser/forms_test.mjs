// forms_test.mjs — issue 13 parts 6, 7 and 8 walked as users would, against
// the real server on the demo database:
//  6. a department user chooses three processes of a new measure by keyboard
//     alone in the searchable checkbox list (type, Enter to the box found,
//     Space), hears "3 gekozen", saves, and the measure names those three
//     (API); no screen with many choices has a Ctrl/Shift multi-select left;
//  7. a provider sees honest empty states: no national risk diagram of
//     zeros on its dashboard but a sentence why; "analyses are not visible to
//     your role" on a process it provides whose analyses exist but are hidden
//     from it, where the coordinator still reads "none recorded" when there
//     are none; the counts above the lists match the rows listed;
//  8. the coordinator's audit log is newest first, filters by user, kind and
//     day (the same entries as GET /audit with those parameters), its details
//     in Dutch; the action programme at 320 px has no sideways page scroll,
//     leaves out the low-priority columns, keeps the compare bar at the top,
//     says amounts in words ("mln", "mld"); the risk form says what each
//     impact class means for a criterion; words hyphenate in the page's
//     language. axe-clean at 320 px and with text at 200 %; screenshots
//     80-forms-*; no page error, no CSP refusal, no request to another host.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, axe, shot, check, step, summary, apiClient, checklistChosen,
} from './lib.mjs';

const nl = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'));
const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const user = (role) => users.find((u) => u.role === role);
const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const pageFits = async () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

const dept = user('department');
const prov = user('provider');
const coord = user('coordinator');
const deptApi = await apiClient(dept.username, dept.password);
const provApi = await apiClient(prov.username, prov.password);
const coordApi = await apiClient(coord.username, coord.password);
let measureId = null;

// --- 6: three processes chosen by keyboard ------------------------------------------
await step('a department user chooses three processes by keyboard in a checkbox list', async () => {
  const own = (await deptApi.list('processes')).filter((p) => p.ministry === dept.org)
    .sort((a, b) => a.name.localeCompare(b.name)).slice(0, 3);
  check('(the department has three processes of its own)', own.length === 3, JSON.stringify(own.map((p) => p.id)));
  await login(page, dept.username, dept.password);
  await go(page, '#/measures/new', 'measure_new');
  check('no Ctrl/Shift multi-select on the new-measure form', (await page.$$('select[multiple]')).length === 0);
  check('the processes are a fieldset with a legend, a search box and checkboxes',
    (await text('#measure-new-processes-fieldset > legend')) === nl['field.processes']
    && (await page.getAttribute('#measure-new-processes', 'type')) === 'search'
    && (await page.$$('#measure-new-processes-fieldset input[type="checkbox"]')).length >= 3);
  check('the count is a polite live region', (await page.getAttribute('#measure-new-processes-count', 'aria-live')) === 'polite'
    && (await text('#measure-new-processes-count')) === fill(nl['checklist.count'], { n: 0 }));
  for (const p of own) {
    await page.focus('#measure-new-processes');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(p.name);
    const shown = await page.$$eval('#measure-new-processes-fieldset li:not([hidden]) input', (els) => els.map((e) => e.value));
    check(`typing "${p.name}" narrows the list to it (and what is chosen)`, shown.includes(p.id) && shown.length <= 3, shown.join());
    await page.keyboard.press('Enter');
    check(`Enter goes to its box, not to the form's submit (${p.id})`,
      await page.evaluate((id) => document.activeElement?.value === id && document.activeElement.type === 'checkbox', p.id)
      && (await page.evaluate(() => document.body.dataset.view)) === 'measure_new');
    await page.keyboard.press('Space');
  }
  check('three chosen, said in the live line', (await text('#measure-new-processes-count')) === fill(nl['checklist.count'], { n: 3 }),
    await text('#measure-new-processes-count'));
  // Escape empties the search: the whole list again
  await page.focus('#measure-new-processes');
  await page.keyboard.type('zzzz-niets');
  check('a search that finds nothing says so (the chosen stay listed)', await page.isVisible('#measure-new-processes-fieldset .checklist-nothing')
    && (await text('#measure-new-processes-fieldset .checklist-nothing')) === nl['checklist.nothing']
    && (await page.$$('#measure-new-processes-fieldset li:not([hidden]) input:checked')).length === 3);
  await page.keyboard.press('Escape');
  check('Escape empties the search and shows the whole list again', (await page.inputValue('#measure-new-processes')) === ''
    && (await page.$$('#measure-new-processes-fieldset li[hidden]')).length === 0);
  await axe(page, 'new measure with the checkbox lists');
  await shot(page, '80-forms-checklist');
  await page.fill('#measure-new-name', 'Gezamenlijke noodprocedure betalingen (keuzelijst-test)');
  await page.selectOption('#measure-new-kind', 'alternative_method');
  await page.selectOption('#measure-new-scope', 'sectoral');
  await page.click('#save-new-measure');
  await page.waitForFunction(() => document.body.dataset.view === 'measure' && document.body.dataset.ready === '1');
  measureId = decodeURIComponent((await page.evaluate(() => window.location.hash)).split('/')[2] || '');
  const stored = (await deptApi.get(`/measures/${encodeURIComponent(measureId)}`)).body;
  check('saved: the measure names exactly the three processes (API)',
    JSON.stringify([...(stored.processes || [])].sort()) === JSON.stringify(own.map((p) => p.id).sort()), JSON.stringify(stored));

  // the measure's own editor: the requirements as a checkbox list too
  check('no multi-select on the measure page (requirements, sharing)', (await page.$$('select[multiple]')).length === 0
    && (await page.$$('#measure-requirements-fieldset input[type="checkbox"]')).length > 0
    && (await page.$$('#sharing-org-fieldset input[type="checkbox"]')).length > 0);
  check('an English requirement text in the Dutch UI is marked lang="en" (hyphenation, screen readers)',
    (await page.$$('#measure-requirements-fieldset label[lang="en"]')).length > 0);
  await logout(page);
});

// --- 7: a provider's honest empty states ---------------------------------------------
await step('a provider sees honest empty states and counts that match', async () => {
  await login(page, prov.username, prov.password);
  await go(page, '#/dashboard', 'dashboard');
  await page.waitForSelector('#risks-hidden');
  check('no national risk diagram of zeros for a provider', !(await page.$('#risk-table')) && !(await page.$('#risk-chart'))
    && !(await page.$('#residual-table')));
  check('... but a sentence why', (await text('#risks-hidden .empty')) === nl['dashboard.risks_not_for_role']);
  const intro = (await page.$$eval('main p', (ps) => ps.map((p) => p.textContent))).find((x) => / vitale processen /.test(x)) || '';
  const n = Number(intro.match(/(\d+) vitale/)?.[1]);
  const cards = await page.$$eval('[data-clock]:not([data-clock="quickscans"]) .count', (els) => els.map((e) => Number(e.textContent)));
  const status = (await provApi.get('/status')).body;
  check('the clock cards add up to the processes the intro counts, as /status lists them',
    cards.reduce((a, b) => a + b, 0) === n && n === status.processes.length, JSON.stringify({ n, cards, listed: status.processes.length }));
  const provMeasures = await provApi.list('measures');
  const msText = await page.$eval('[aria-labelledby="measures-title"]', (e) => e.textContent);
  check('no bar chart of zeros either: no measures it may see is said in words, with why',
    provMeasures.length > 0 ? Boolean(await page.$('#measures-chart'))
      : !(await page.$('#measures-chart')) && msText.includes(fill(nl['visibility.none'], { what: nl['visibility.what.measures'] })),
    `${provMeasures.length}: ${msText}`);
  await axe(page, 'dashboard of a provider');
  await shot(page, '81-forms-provider-dashboard', false);
  await page.setViewportSize({ width: 320, height: 640 });
  await go(page, '#/dashboard', 'dashboard');
  await page.waitForSelector('#risks-hidden');
  check('320 px: the provider\'s dashboard does not scroll sideways', await pageFits());
  await axe(page, 'dashboard of a provider at 320 px');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  await go(page, '#/dashboard', 'dashboard');
  await page.waitForSelector('#risks-hidden');
  check('text at 200 %: the provider\'s dashboard does not scroll sideways', await pageFits());
  await axe(page, 'dashboard of a provider with text at 200 %');
  await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
  await page.setViewportSize({ width: 1400, height: 1000 });

  // a process it provides whose analyses exist but are hidden from it
  const seen = await provApi.list('processes');
  let target = null;
  for (const p of seen) {
    const mine = await provApi.list('analyses', `&process=${encodeURIComponent(p.id)}`);
    const all = await coordApi.list('analyses', `&process=${encodeURIComponent(p.id)}`);
    if (mine.length === 0 && all.length > 0) { target = p; break; }
  }
  check('(a process the provider reads whose analyses are all hidden from it)', target !== null);
  if (target) {
    await go(page, `#/processes/${encodeURIComponent(target.id)}`, 'process');
    const said = await page.$eval('[aria-labelledby="analyses-title"] .empty', (e) => e.textContent);
    const what = nl['visibility.what.analyses'];
    check('"not visible to your role", not "none recorded"', said !== nl['process.no_analyses']
      && said.startsWith(fill(nl['visibility.none'], { what })) && said.includes(fill(nl['visibility.why.provider'], { what })), said);
    await axe(page, 'process page of a provider');
    await shot(page, '82-forms-provider-process');
  }
  // the same sentence where nothing exists at all: existence does not leak
  const empty = [];
  for (const p of seen) {
    if ((await coordApi.list('analyses', `&process=${encodeURIComponent(p.id)}`)).length === 0) { empty.push(p); break; }
  }
  if (empty.length) {
    await go(page, `#/processes/${encodeURIComponent(empty[0].id)}`, 'process');
    const said = await page.$eval('[aria-labelledby="analyses-title"] .empty', (e) => e.textContent);
    check('a process with no analyses at all reads the same to the provider (nothing leaks)',
      said.startsWith(fill(nl['visibility.none'], { what: nl['visibility.what.analyses'] })), said);
  }
  await go(page, '#/processes', 'processes');
  const rows = (await page.$$('#process-results tbody tr')).length;
  check('the count above the process list is the rows listed', (await text('#process-count')).startsWith(`${rows} van ${rows}`)
    && rows === seen.length, `${await text('#process-count')} / ${rows} / ${seen.length}`);
  await logout(page);

  // the coordinator, who sees everything, still reads "none recorded"
  await login(page, coord.username, coord.password);
  const all = await coordApi.list('processes');
  const measures = await coordApi.list('measures');
  const options = await coordApi.list('fallback_options');
  const bare = all.find((p) => !measures.some((m) => (m.processes || []).includes(p.id)))
    || all.find((p) => !options.some((o) => o.process === p.id));
  check('(a process without measures or without fallback options)', Boolean(bare));
  if (bare) {
    await go(page, `#/processes/${encodeURIComponent(bare.id)}`, 'process');
    const none = (await page.$('#process-measures .empty')) ? [await text('#process-measures .empty'), nl['process.no_measures']]
      : [await text('#fallbacks .empty'), nl['process.no_fallbacks']];
    check('the coordinator (secret) reads "none recorded" where there is none', none[0] === none[1], none.join(' / '));
  }
});

// --- 8: the audit log, newest first, filtered -----------------------------------------
await step('the audit log: newest first, filtered by user, kind and day, details in Dutch', async () => {
  await go(page, '#/users', 'users');
  check('users: the auditor\'s scope is a checkbox list of processes by name, no multi-select', (await page.$$('select[multiple]')).length === 0
    && (await page.$$('#user-new-scope-fieldset input[type="checkbox"]')).length > 0
    && !(await text('#user-new-scope-fieldset .checklist')).includes('giraal-betalingsverkeer'));
  await go(page, '#/audit', 'audit');
  const seqs = await page.$$eval('#audit-results tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.seq)));
  check('newest first', seqs.length > 1 && seqs.every((s, i) => i === 0 || s < seqs[i - 1]), seqs.slice(0, 5).join());
  await page.fill('#audit-actor', dept.username);
  await page.selectOption('#audit-kind', 'measures');
  await page.click('#audit-apply');
  await page.waitForFunction(() => window.location.hash.includes('actor=') && document.body.dataset.ready === '1');
  await page.waitForSelector('#audit-count');
  const rows = await page.$$eval('#audit-results tbody tr', (trs) => trs.map((tr) => ({ seq: Number(tr.dataset.seq), actor: tr.dataset.actor })));
  const want = (await coordApi.get(`/audit?order=desc&limit=50&actor=${dept.username}&kind=measures`)).body.items;
  check('filtered by user and kind: exactly the entries the API gives', rows.length > 0
    && JSON.stringify(rows.map((r) => r.seq)) === JSON.stringify(want.map((e) => e.seq))
    && rows.every((r) => r.actor === dept.username), JSON.stringify({ rows: rows.slice(0, 3), want: want.slice(0, 3).map((e) => e.seq) }));
  check('the count above the list is the rows listed', (await text('#audit-count')) === fill(nl['audit.filtered'], { n: rows.length }));
  const made = want.find((e) => e.record === measureId && e.action === 'create');
  if (made) {
    check('the details in Dutch ("versie 1")', (await text(`#audit-results tr[data-seq="${made.seq}"]`)).includes(fill(nl['audit.detail.version'], { n: 1 })),
      await text(`#audit-results tr[data-seq="${made.seq}"]`));
  } else {
    check('(the new measure\'s creation is in the filtered log)', false, JSON.stringify(want.slice(0, 3)));
  }
  await axe(page, 'audit log filtered');
  await shot(page, '83-forms-audit-filtered');
  await page.fill('#audit-from', '2000-01-01');
  await page.fill('#audit-to', '2000-01-02');
  await page.click('#audit-apply');
  await page.waitForFunction(() => window.location.hash.includes('to=2000-01-02') && document.body.dataset.ready === '1');
  await page.waitForSelector('#audit-results .empty');
  check('a day long past: none, said as such', (await text('#audit-results .empty')) === nl['audit.none_filtered']);
  await page.click('#audit-clear');
  await page.waitForFunction(() => window.location.hash === '#/audit' && document.body.dataset.ready === '1');
});

// --- 8: the risk form says what each impact class means -------------------------------
await step('the risk form says what each impact class means for the criterion', async () => {
  const draft = (await coordApi.list('analyses')).find((a) => a.status === 'draft');
  await go(page, `#/analyses/${encodeURIComponent(draft.id)}`, 'analysis');
  await page.click('#add-risk');
  const form = page.locator('details[data-risk="new"] form');
  await form.waitFor();
  const deaths = await form.locator('select[name="impacts.2.1"] option').allTextContents();
  const costs = await form.locator('select[name="impacts.3.1"] option').allTextContents();
  check('2.1 deaths: B is "10 tot 100 doden"', deaths.includes(`${nl['enum.impact_class.B']}: ${nl['impact_meaning.2.1.B']}`), deaths.join(' | '));
  check('3.1 costs: E is "€ 50 mld of meer"', costs.includes(`${nl['enum.impact_class.E']}: ${nl['impact_meaning.3.1.E']}`), costs.join(' | '));
  await axe(page, 'risk form with the impact meanings');
  await logout(page);
});

// --- 8: the action programme at 320 px, amounts in words, hyphenation -----------------
await step('the action programme fits 320 px; the compare bar stays on top', async () => {
  await login(page, dept.username, dept.password);
  await go(page, '#/measures', 'measures');
  await page.waitForSelector('#measure-results table');
  const costly = (await deptApi.list('measures')).filter((m) => m.cost_eur >= 1e6);
  const cell = costly.length ? await text(`#measure-results tr[data-measure="${costly[0].id}"] td.num.col-low`) : '';
  check('amounts in words ("€ 15 mln")', /^€ [\d,]+ (mln|mld)$/.test(cell), cell);
  check('the page is in Dutch and hyphenates', (await page.evaluate(() => document.documentElement.lang)) === 'nl'
    && (await page.evaluate(() => getComputedStyle(document.querySelector('main p')).hyphens)) === 'auto');
  await page.setViewportSize({ width: 320, height: 640 });
  await page.waitForTimeout(300);
  check('320 px: no sideways page scroll', await pageFits(),
    JSON.stringify(await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])));
  const hidden = await page.$$eval('#measure-results th.col-low, #measure-results th.col-mid', (ths) => ths.every((th) => th.getClientRects().length === 0));
  check('320 px: kind, scope, review, cost, processes and follow-up left out (said in a hint)', hidden
    && await page.isVisible('#measure-narrow-hint'));
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
  await page.waitForTimeout(100);
  const bar = await page.$eval('#compare-bar', (e) => ({ top: e.getBoundingClientRect().top, pos: getComputedStyle(e).position }));
  check('the compare bar stays at the top while the list scrolls', bar.pos === 'sticky' && Math.abs(bar.top) <= 1, JSON.stringify(bar));
  check('... with the count and the compare button in it', await page.isVisible('#compare-bar #whatif-run')
    && await page.isVisible('#compare-bar #whatif-count'));
  await page.evaluate(() => window.scrollTo(0, 0));
  await axe(page, 'action programme at 320 px');
  await shot(page, '84-forms-measures-320');
  await go(page, '#/measures/new', 'measure_new');
  check('320 px: the new-measure form with its lists fits', await pageFits());
  await axe(page, 'new measure at 320 px');
  await shot(page, '85-forms-checklist-320');

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  for (const [hash, view, name] of [['#/measures', 'measures', 'action programme'], ['#/measures/new', 'measure_new', 'new measure']]) {
    await go(page, hash, view);
    await page.waitForTimeout(300);
    check(`text at 200 %: the ${name} does not scroll sideways`, await pageFits());
    await axe(page, `${name} with text at 200 %`);
  }
  await shot(page, '86-forms-measures-text200', false);
  await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
  await logout(page);
});

if (measureId) await coordApi.del(`/measures/${encodeURIComponent(measureId)}`);
check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# forms browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
