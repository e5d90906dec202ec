// ripple_test.mjs — the economic ripple of a cascade (issue 16 part 4) in
// the browser against the real server on the demo: the coordinator fails
// the national electricity grid on the dependency graph and sees, under the
// timeline, the IIM on the demo's interdependency table: its source and
// year, the notice that its numbers are illustrative, a bar chart, and per
// sector the processes, the direct loss and the inoperability with ripple
// exactly as POST /api/v1/iim answers them for the same cascade; a
// department user sees the numbers of the processes it may read (as the API
// answers that user). axe on the page; no page error, no CSP refusal, no
// request to another host.

import { readFileSync } from 'node:fs';
import { launch, watch, login, logout, go, axe, shot, check, step, summary, apiClient } from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const coordinator = users.find((u) => u.role === 'coordinator');
const department = users.find((u) => u.role === 'department');

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const cascadeOf = (id) => ({ fail: [id], outage_h: 24, horizon_h: 72 });
const pct = (x) => `${new Intl.NumberFormat('nl-NL').format(Math.round(x * 1000) / 10)} %`;

// Fails process id on the graph page as user; the rows of the ripple
// against POST /iim as that user.
async function ripple(user, name, id) {
  const cascade = cascadeOf(id);
  const api = await apiClient(user.username, user.password);
  const want = (await api.post('/iim', { table: 'iim-nl-illustratief', cascade })).body;
  await login(page, user.username, user.password);
  await go(page, '#/graph?focus=', 'graph');
  await page.check(`#fail-${id}`);
  await page.fill('#outage-h', '24');
  await page.fill('#horizon-h', '72');
  await page.click('#run-cascade');
  await page.waitForSelector('#ripple tr[data-sector]', { timeout: 20000 });
  const rows = await page.$$eval('#ripple tr[data-sector]', (trs) => trs.map((tr) => ({
    sector: tr.dataset.sector, cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
  })));
  const expected = want.sectors.map((s, i) => ({ sector: s, n: String(want.processes[i]), direct: pct(want.c_star[i]), q: pct(want.q[i]) }));
  check(`ripple (${name}): per sector the processes, direct loss and inoperability POST /iim gives`,
    rows.length === 7 && rows.every((r, i) => r.sector === expected[i].sector && r.cells[1] === expected[i].n
      && r.cells[2] === expected[i].direct && r.cells[3] === expected[i].q),
    () => `${JSON.stringify(rows)}\n${JSON.stringify(expected)}`);
  return { want, rows };
}

await step('the coordinator: the ripple beside the timeline', async () => {
  const { want } = await ripple(coordinator, 'coordinator', 'elektriciteit-landelijk');
  check('ripple: the cascade reaches several sectors (the demo shows something)',
    want.c_star.filter((x) => x > 0).length >= 3 && Math.max(...want.q) > 0, JSON.stringify(want.c_star));
  const source = await page.textContent('#ripple-source');
  check('ripple: the table, its year and its source are named', source.includes('2024') && source.includes('Illustratief'), source);
  check('ripple: the notice that the numbers are illustrative', (await page.$('#ripple-illustrative')) !== null);
  await page.waitForSelector('#ripple .ripple-chart svg', { timeout: 10000 });
  check('ripple: a bar chart is drawn', (await page.$$('#ripple .ripple-chart svg path')).length > 0);
  check('ripple: the timeline is there as well', (await page.$('#cascade-summary')) !== null);
  await axe(page, 'dependency graph with the economic ripple');
  await page.locator('#ripple').scrollIntoViewIfNeeded();
  await shot(page, 'ripple', false);
  await logout(page);
});

await step('a department: the ripple of the processes it may read', async () => {
  // a process of its own ministry
  const own = (await (await apiClient(department.username, department.password)).list('processes'))
    .find((p) => p.ministry === department.org) || { id: 'none' };
  const { want } = await ripple(department, 'department', own.id);
  const all = (await (await apiClient(coordinator.username, coordinator.password)).post('/iim', { table: 'iim-nl-illustratief', cascade: cascadeOf(own.id) })).body;
  check('ripple (department): fewer processes count than for the coordinator',
    want.processes.reduce((a, b) => a + b, 0) < all.processes.reduce((a, b) => a + b, 0),
    `${want.processes} / ${all.processes}`);
  await logout(page);
});

await step('two tables: the user chooses which', async () => {
  const api = await apiClient(coordinator.username, coordinator.password);
  const made = await api.post('/iim_tables', {
    id: 'iim-zz-twee', name: 'Twee sectoren (test)', source: 'ripple_test.mjs', year: 2025, illustrative: true,
    data: JSON.stringify({ sectors: ['Energie', 'Rest'], a_star: [[0, 0.1], [0.5, 0]] }),
    sector_map: { 'nl-energie': 'Energie' }, classification: 'public', owner: 'nctv',
  });
  check('a second table is recorded (201)', made.status === 201, JSON.stringify(made.body));
  await ripple(coordinator, 'coordinator, first table', 'elektriciteit-landelijk');
  const offered = await page.$$eval('#ripple-table option', (os) => os.map((o) => o.value));
  check('ripple: a choice of the tables the user may read', offered.join() === 'iim-nl-illustratief,iim-zz-twee', offered.join());
  await page.selectOption('#ripple-table', 'iim-zz-twee');
  await page.waitForFunction(() => document.querySelectorAll('#ripple tr[data-sector]').length === 2, null, { timeout: 15000 });
  const want = (await api.post('/iim', { table: 'iim-zz-twee', cascade: cascadeOf('elektriciteit-landelijk') })).body;
  const rows = await page.$$eval('#ripple tr[data-sector]', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  check('ripple: the chosen table\'s sectors and numbers, its source named',
    rows.map((r) => r[0]).join() === 'Energie,Rest' && rows[0][3] === pct(want.q[0]) && rows[1][3] === pct(want.q[1])
      && (await page.textContent('#ripple-source')).includes('ripple_test.mjs')
      && (await page.evaluate(() => document.activeElement && document.activeElement.id)) === 'ripple-table',
    JSON.stringify(rows));
  await logout(page);
  const rec = (await api.get('/iim_tables/iim-zz-twee')).body;
  const gone = await api.del(`/iim_tables/iim-zz-twee?version=${rec.version}`);
  check('the second table is deleted again (the suites after this one see the demo as it was)',
    gone.status === 204 || gone.status === 200, JSON.stringify(gone));
});

check('no page error, CSP refusal or request to another host', problems.length === 0, problems.join('\n'));
await context.close();
process.exit(summary() ? 0 : 1);
