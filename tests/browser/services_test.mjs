// services_test.mjs — shared suppliers as nodes (issue 20 part 4) in the
// browser against the real server on the demo (tests/integration/
// browser_test.sh): the coordinator sees the services in the dependency
// graph as nodes of their own (class "service", a legend entry), fails the
// national cloud platform and gets the timeline of POST /api/v1/cascade with
// the service drawn as failed, finds the satellite time signal in the
// criticality ranking marked as a service, and sees the common causes on the
// dashboard as GET /api/v1/risk-picture gives them. A department user sees
// only its own processes among them; a provider below the cloud platform's
// classification never sees it, nor its id. axe-core on both screens; no
// page error, no CSP refusal, no request to another host.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, axe, shot, check, step, summary, sameSet, setDiff, apiClient,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const coordinator = users.find((u) => u.role === 'coordinator');
const department = users.find((u) => u.role === 'department');
const provider = users.find((u) => u.role === 'provider');

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const attrs = (sel, name) => page.$$eval(sel, (els, n) => els.map((e) => e.getAttribute(n)), name);

const apiC = await apiClient(coordinator.username, coordinator.password);
const services = (await apiC.list('services')).map((s) => s.id);

await step('the graph: services as nodes, failing one, the ranking', async () => {
  await login(page, coordinator.username, coordinator.password);
  // the whole set (the page opens on one process's neighbourhood: issue 13 part 4)
  await go(page, '#/graph?focus=', 'graph');
  await page.waitForFunction(() => window.__vitaalCy && window.__vitaalCy.nodes().length > 0);
  const drawn = await page.evaluate(() => window.__vitaalCy.nodes('.service').map((n) => n.id()));
  check(`graph: the ${services.length} services are drawn as service nodes`, services.length >= 2 && sameSet(drawn, services),
    () => setDiff(drawn, services));
  check('graph: the legend says what a service is', (await page.$('.legend .swatch.service')) !== null);
  const edge = await page.evaluate(() => window.__vitaalCy.edges().some((e) => e.source().id() === 'svc-overheidscloud'
    && e.target().id() === 'basisregistraties'));
  check('graph: a dependency naming a service is an edge from it', edge);

  await page.check('#fail-svc-overheidscloud');
  await page.fill('#outage-h', '24');
  await page.fill('#horizon-h', '72');
  await page.click('#run-cascade');
  await page.waitForSelector('#cascade-summary');
  const want = (await apiC.post('/cascade', { fail: ['svc-overheidscloud'], outage_h: 24, horizon_h: 72 })).body;
  const rows = await attrs('#timeline tr[data-process]', 'data-process');
  check(`cascade: the timeline lists the ${want.affected} nodes POST /cascade gives, the service among them`,
    sameSet(rows, want.nodes.map((n) => n.id)) && rows.includes('svc-overheidscloud'), () => setDiff(rows, want.nodes.map((n) => n.id)));
  const types = await attrs('#timeline tr[data-process="svc-overheidscloud"] a', 'data-type');
  check('cascade: the timeline marks the service as a service', types.join() === 'service', types.join());
  await page.focus('#hour-slider');
  await page.keyboard.press('Home');
  const failed = await page.evaluate(() => window.__vitaalCy.getElementById('svc-overheidscloud').hasClass('failed'));
  check('cascade: the failing service is drawn as failed', failed === true);
  await axe(page, 'dependency graph with a service failing');
  await shot(page, '70-services-cascade', false);

  await page.click('#run-criticality');
  await page.waitForSelector('#criticality tr[data-rank]', { timeout: 30000 });
  const ranked = await attrs('#criticality tr[data-rank]', 'data-rank');
  const kind = await attrs('#criticality tr[data-rank="svc-tijdsignaal"] a', 'data-type');
  check('criticality: the satellite time signal is in the ranking, marked as a service',
    ranked.includes('svc-tijdsignaal') && kind.join() === 'service', ranked.join(', '));
  await axe(page, 'dependency graph with services in the ranking');
});

await step('the dashboard: common causes', async () => {
  await go(page, '#/dashboard', 'dashboard');
  await page.waitForSelector('#common-causes');
  const want = (await apiC.get('/risk-picture')).body.common_causes.services.map((s) => s.service);
  const shown = await attrs('#common-causes tr[data-service]', 'data-service');
  check('dashboard: the common causes of /api/v1/risk-picture, in its order', want.length >= 2 && shown.join() === want.join(),
    () => `${shown.join()} / ${want.join()}`);
  await axe(page, 'dashboard with common causes');
  await shot(page, '71-common-causes');
  await logout(page);
});

await step('need-to-know: a ministry and a provider', async () => {
  await login(page, department.username, department.password);
  await go(page, '#/dashboard', 'dashboard');
  await page.waitForSelector('#common-causes');
  const own = new Set((await (await apiClient(department.username, department.password)).list('processes')).map((p) => p.id));
  const named = (await attrs('#common-causes a[href^="#/processes/"]', 'href')).map((h) => decodeURIComponent(h.split('/')[2]));
  check('dashboard: a ministry sees common causes, naming only its own processes',
    named.length > 0 && named.every((id) => own.has(id)), named.join(', '));
  await logout(page);

  await login(page, provider.username, provider.password);
  await go(page, '#/dashboard', 'dashboard');
  await page.waitForSelector('#common-causes');
  const html = await page.content();
  check('dashboard: a provider below the cloud platform\'s classification never sees it, nor its id',
    !html.includes('svc-overheidscloud'), '');
  await go(page, '#/graph', 'graph');
  await page.waitForFunction(() => window.__vitaalCy && window.__vitaalCy.nodes().length > 0);
  const drawn = await page.evaluate(() => window.__vitaalCy.nodes('.service').map((n) => n.id()));
  check('graph: nor is it drawn for the provider', !drawn.includes('svc-overheidscloud'), drawn.join(', '));
  const missing = await page.evaluate(() => [...window.__vitaalMissingKeys]);
  check('no label of the screens is missing from the translation files', missing.length === 0, missing.join(', '));
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# services browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
