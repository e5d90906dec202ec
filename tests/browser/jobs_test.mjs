// jobs_test.mjs — a long computation in the browser (issue 16 part 3)
// against the real server on the demo (tests/integration/browser_test.sh,
// which starts it with the test hook VITAAL_JOB_SLICE_MS so that a
// criticality ranking of the small demo graph takes a few seconds): the
// department user starts the ranking and sees its phase and percentage (a
// progress bar whose aria-valuenow follows GET /api/v1/jobs/ID, the words in
// a polite live region), cancels it with the Cancel button, reads that it
// was cancelled and by whom, and the server says the same (the job failed
// with job_cancelled, naming the user). Run again, the ranking appears. axe
// on the running job; no page error, no CSP refusal, no request to another
// host.

import { readFileSync } from 'node:fs';
import { launch, watch, login, go, axe, shot, check, step, summary, apiClient } from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const department = users.find((u) => u.role === 'department');

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const api = await apiClient(department.username, department.password);

await step('criticality: progress while it runs, then cancelled', async () => {
  await login(page, department.username, department.password);
  await go(page, '#/graph?focus=', 'graph');
  const started = Date.now();
  await page.click('#run-criticality');
  // the bar moves: aria-valuenow above 0 while the job still runs
  await page.waitForFunction(() => {
    const bar = document.querySelector('#criticality progress.job-progress');
    return bar && Number(bar.getAttribute('aria-valuenow')) > 0;
  }, null, { timeout: 15000 });
  const seen = await page.evaluate(() => {
    const bar = document.querySelector('#criticality progress.job-progress');
    const words = document.querySelector('#criticality .job-phase');
    return {
      now: Number(bar.getAttribute('aria-valuenow')), value: bar.value, max: bar.max,
      label: bar.getAttribute('aria-label'), live: words.getAttribute('aria-live'),
      text: words.textContent, id: words.dataset.job,
    };
  });
  const job = (await api.get(`/jobs/${seen.id}`)).body;
  check('progress: a bar with aria-valuenow 1..99 and its value, labelled', seen.now > 0 && seen.now < 100
    && seen.value === seen.now && seen.max === 100 && seen.label, JSON.stringify(seen));
  check('progress: the job the page polls is running, at or past the percentage shown',
    job && job.status === 'running' && job.phase === 'criticality' && job.percent >= seen.now, JSON.stringify(job));
  check('progress: the phase and percentage in words, in a polite live region',
    seen.live === 'polite' && /^Processen rangschikken: \d+ % klaar$/.test(seen.text), seen.text);
  await axe(page, 'a criticality ranking running');
  await page.locator('#criticality').scrollIntoViewIfNeeded();
  await shot(page, 'job-running', false);

  await page.click(`#criticality button[data-cancel-job="${seen.id}"]`);
  await page.waitForSelector('#criticality .job-cancelled', { timeout: 15000 });
  const said = await page.textContent('#criticality .job-cancelled');
  check('cancel: the page says the job was cancelled, and by whom',
    said.includes('geannuleerd') && said.includes(department.username), said);
  check('cancel: no ranking is shown', (await page.$('#criticality tr[data-rank]')) === null);
  const after = (await api.get(`/jobs/${seen.id}`)).body;
  check('cancel: the server ended the job as failed with job_cancelled naming the user',
    after.status === 'failed' && after.error && after.error.message_id === 'job_cancelled'
    && after.error.params && after.error.params.user === department.username, JSON.stringify(after));
  check('cancel: it stopped before the ranking would have ended (a few seconds)', Date.now() - started < 60000);
  check('cancel: the button to start it is usable again', !(await page.$eval('#run-criticality', (b) => b.disabled)));
});

await step('criticality: run to the end, the ranking appears', async () => {
  await page.click('#run-criticality');
  await page.waitForSelector('#criticality tr[data-rank]', { timeout: 60000 });
  check('the ranking replaces the progress', (await page.$('#criticality progress.job-progress')) === null
    && (await page.$$('#criticality tr[data-rank]')).length > 0);
});

check('no page error, CSP refusal or request to another host', problems.length === 0, problems.join('\n'));
await context.close();
process.exit(summary() ? 0 : 1);
