// todo_test.mjs — the dashboard's "Nu doen" (issue 13 part 3), against the
// real server on the demo database: a department user sees one ranked list
// whose first item is the most urgent thing it may see (the earliest passed
// incident notification deadline, as /incident-deadlines says), the kinds
// in the documented order (deadlines, overdue analyses A before B,
// measures, adjustments, reviews, approvals, requests), each item a link;
// when an older incident with a missed early warning is reported, it
// becomes the first item; an auditor sees no approvals to give. axe-clean,
// photographed; no page error, no CSP refusal, no request to another host.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, axe, shot, check, step, summary, apiClient,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const user = (role) => users.find((u) => u.role === role);
const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const ORDER = ['incident_passed', 'incident_soon', 'analysis_a', 'analysis', 'measure_overdue',
  'adjustment_due', 'review_due', 'approval', 'request'];

const dept = user('department');
const api = await apiClient(dept.username, dept.password);
const items = () => page.$$eval('#todo-list > li', (lis) => lis.map((li) => ({
  key: li.dataset.todo, kind: li.dataset.kind, href: li.querySelector('a')?.getAttribute('href') || null,
})));
const earliestPassed = async () => {
  const d = (await api.get('/incident-deadlines')).body;
  const passed = d.incidents.flatMap((i) => i.deadlines.filter((x) => x.state === 'overdue')
    .map((x) => ({ key: `incident:${i.id}:${x.regime}:${x.step}`, due: x.due })));
  passed.sort((a, b) => a.due.localeCompare(b.due) || a.key.localeCompare(b.key));
  return passed[0] || null;
};

let incident = null;
await step('a department user: the first item is the most urgent', async () => {
  await login(page, dept.username, dept.password);
  await go(page, '#/dashboard', 'dashboard');
  await page.waitForSelector('#todo-list');
  let list = await items();
  const want = await earliestPassed();
  check('the first item is the earliest passed notification deadline the user may see (API)',
    want && list[0]?.key === want.key && list[0].href === '#/incidents', JSON.stringify({ want, first: list[0] }));
  const ranks = list.map((i) => ORDER.indexOf(i.kind));
  check('the kinds come in the documented order, most urgent first', ranks.every((r, i) => r >= 0 && (i === 0 || r >= ranks[i - 1])),
    JSON.stringify(list.map((i) => i.kind)));
  check('every item is a link', list.length > 1 && list.every((i) => i.href && i.href.startsWith('#/')), JSON.stringify(list));
  const a = list.findIndex((i) => i.kind === 'analysis_a');
  const b = list.findIndex((i) => i.kind === 'analysis');
  check('an overdue analysis of category A comes before one of B', a < 0 || b < 0 || a < b, JSON.stringify(list));
  await axe(page, 'dashboard with "Nu doen"');
  await shot(page, '63-dashboard-todo', false);

  // an incident detected long ago whose early warning was never sent: now the most urgent
  // (NIS2 applies through a provider link of an essential or important entity)
  const own = new Set((await api.list('processes')).filter((p) => p.ministry === dept.org).map((p) => p.id));
  const link = (await api.list('provider_links')).filter((l) => own.has(l.process) && ['essential', 'important'].includes(l.nis2_entity))
    .sort((x, y) => x.id.localeCompare(y.id))[0];
  const made = await api.post('/incidents', {
    process: link.process, provider: link.provider, title: 'Storing in de verrekening (test Nu doen)',
    detected_at: '2020-01-06T08:00:00Z', significant: true, classification: 'internal', owner: dept.org,
  });
  check('(an incident reported without an id: the server makes it)', made.status === 201 && /^inc-/.test(made.body.id), JSON.stringify(made.body));
  incident = made.body.id;
  await go(page, '#/incidents', 'incidents');
  await go(page, '#/dashboard', 'dashboard');
  await page.waitForSelector('#todo-list');
  list = await items();
  const now = await earliestPassed();
  check('the new missed deadline is the first item now', now && now.key.startsWith(`incident:${incident}:`)
    && list[0]?.key === now.key, JSON.stringify({ now, first: list[0] }));
  await page.click('#todo-list > li:first-child a');
  await page.waitForFunction(() => document.body.dataset.view === 'incidents');
  check('the first item leads to where it is done (the incidents page)', true);
  await logout(page);
});

await step('an auditor: no approvals to give', async () => {
  const aud = user('auditor');
  await login(page, aud.username, aud.password);
  await go(page, '#/dashboard', 'dashboard');
  await page.waitForSelector('#todo-list, #todo .empty');
  const list = (await page.$('#todo-list')) ? await items() : [];
  check('no approval or request items for an auditor', list.every((i) => i.kind !== 'approval' && i.kind !== 'request'), JSON.stringify(list));
  await axe(page, 'dashboard "Nu doen" of an auditor');
  await logout(page);
});

if (incident) {
  const coordApi = await apiClient(user('coordinator').username, user('coordinator').password);
  await coordApi.del(`/incidents/${incident}`);
}
check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# todo browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
