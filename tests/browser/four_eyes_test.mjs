// four_eyes_test.mjs — four eyes on assessments (vitaalbeoordelingen) and
// effectiveness reviews in the browser, by two department users of the same
// ministry (tests/integration/browser_test.sh makes both: bob and erin of
// fin), against the real server; approval_test.mjs does the same for
// analyses.
//  Assessment: A (bob) records new estimates on the process page, one
//  criterion left empty; the page says the assessment waits for another
//  person's approval, lists it "in review", and offers A no decision (told
//  why: four eyes; the API refuses him too). B (erin) sees the open points
//  the server names, in words (the criterion by its name), rejects with a
//  reason; the row and the notice show it; A sends it for review again; B
//  approves after ticking that the points were weighed: the category section
//  shows it as the vitaalbeoordeling, approved by B, when, with the comment,
//  and the API agrees.
//  Review: A keeps a review without findings as a draft, opens the draft and
//  sends it for review; B sees the open point (the measure by its name) and
//  rejects; A adds the findings and sends it again; B approves: the row
//  shows it final with who, when and the comment, and the toetsing counts it.
// axe-core scans every panel; screenshots; no page error, no CSP refusal, no
// request to another host.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, axe, shot, check, ok, step, summary, sameSet, apiClient, today, amsterdamDay,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const departments = users.filter((u) => u.role === 'department');
const a = departments[0];
const b = departments.find((u) => u !== a && u.org === a.org);
const nl = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'));
const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
const say = (key, kind, vars = {}) => fill(nl[key], { kind: nl[`noun.${kind}`], ...vars });

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const present = async (sel) => (await page.$(sel)) !== null;
const shown = async (sel) => page.$eval(sel, (el) => !el.closest('[hidden]')).catch(() => false);
const listedPoints = () => page.$$eval('#approval-open-points-list li', (lis) =>
  lis.map((li) => ({ type: li.dataset.point, ref: li.dataset.ref, text: li.textContent.replace(/\s+/g, ' ').trim() })));
const pointKeys = (list) => list.map((p) => `${p.type} ${p.ref}`);
// the approval's moment as the page writes it (the Dutch clock, the browser's locale)
const shownWhen = (at) => page.evaluate((x) => new Intl.DateTimeFormat(navigator.language, {
  dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam',
}).format(new Date(x)), at);

if (!b) {
  check('a second department user of the same ministry is in the fixture (browser_test.sh)', false,
    JSON.stringify(departments.map((u) => [u.username, u.org])));
  await context.close();
  process.exit(summary() ? 0 : 1);
}
const apiA = await apiClient(a.username, a.password);
const apiB = await apiClient(b.username, b.password);
// a process of the ministry on which no other suite records assessments
// (ui_test.mjs: the first by id, english_cycle_test.mjs: the last)
const processes = await apiA.list('processes');
const own = processes.filter((p) => p.ministry === a.org).map((p) => p.id).sort();
const processId = own[2] || own[0];
const stamp = Date.now().toString(36);
let asId = null; // made by the server (no id is typed)
let msId = `ms-eyes-${stamp}`;
const msName = `Tweede rekencentrum ${stamp}`;
const reasonAs = 'De schatting van de daling van het reëel inkomen ontbreekt';
const commentAs = 'Gewogen: de inkomensdaling is hier niet van belang';
const reasonRv = 'Zonder bevindingen valt de toetsing niet te volgen';
const commentRv = 'Bevindingen zijn helder, de maatregel werkt';

// Approves in the open panel: comment, the box if shown, the button.
async function approveHere(comment, done) {
  await page.fill('#approval-comment', comment);
  if (await shown('#approval-acknowledged')) await page.check('#approval-acknowledged');
  await page.click('#approve');
  await page.waitForSelector(done, { timeout: 15000 });
}

// --- the assessment ---------------------------------------------------------------
await step('A records new estimates: in review, waiting for another person', async () => {
  await login(page, a.username, a.password);
  await go(page, `#/processes/${processId}`, 'process');
  await page.click('#assess-new summary');
  await page.waitForSelector('#assessment-form');
  check('the form says the new assessment counts only after another person approves it',
    (await text('#assessment-form')).includes(nl['assess.new_intro']));
  const before = (await apiA.list('assessments', `&process=${processId}`)).map((x) => x.id);
  await page.fill('#assessment-impacts_real_income_drop', '');
  await page.fill('#assessment-rationale', 'Vier-ogentest');
  await page.click('#assessment-save');
  await page.waitForSelector('#process-flash');
  asId = (await apiA.list('assessments', `&process=${processId}`)).map((x) => x.id).find((x) => !before.includes(x));
  const stored = (await apiA.get(`/assessments/${asId}`)).body;
  check('stored in review, not final, without an approval', stored.status === 'review' && !stored.approved_by
    && stored.impacts.real_income_drop === undefined, JSON.stringify(stored));
  check('the page says it waits for another person\'s approval', (await text('#process-flash')) === nl['assess.recorded']);
  check('the list shows it in review, waiting for a decision',
    (await page.getAttribute(`#assessments tr[data-assessment="${asId}"]`, 'data-status')) === 'review'
    && (await text(`#assessments tr[data-assessment="${asId}"]`)).includes(nl['enum.analysis_status.review'])
    && (await text(`#assessments tr[data-assessment="${asId}"]`)).includes(nl['assessments.waiting']));
  await page.waitForSelector('#approval');
  check('the panel names the assessment, offers A no decision and says why (four eyes)',
    (await page.getAttribute('#assessment-open', 'data-assessment')) === asId
    && (await text('#approval-title')) === say('approval.title', 'assessment')
    && (await text('#approval-reason')) === say('error.approve_own_work', 'assessment')
    && !(await present('#approve')) && !(await present('#reject')) && !(await present('#approval-comment')),
    async () => text('#approval'));
  const own = await apiA.post(`/assessments/${asId}/approve`, { comment: 'zelf', acknowledged: true });
  check('(the API refuses A too: 403 approve_own_work)', own.status === 403 && own.body.message_id === 'approve_own_work', JSON.stringify(own.body));
  await axe(page, 'assessment in review, its author\'s panel');
  await shot(page, '50-assessment-own-work');
  await logout(page);
});

await step('B sees the open points of the assessment and rejects it', async () => {
  await login(page, b.username, b.password);
  await go(page, `#/processes/${processId}`, 'process');
  await page.waitForSelector('#approval-form');
  const preview = (await apiB.get(`/assessments/${asId}/approval`)).body;
  const points = await listedPoints();
  check('(the server says B may decide, naming the empty criterion)', preview.may_decide === true
    && preview.open_points.some((p) => p.type === 'criterion_without_estimate' && p.ref === 'real_income_drop'), JSON.stringify(preview));
  check('B sees the server\'s open points before any click, with the box to tick',
    sameSet(pointKeys(points), pointKeys(preview.open_points)) && (await shown('#approval-acknowledged')), JSON.stringify(points));
  const proc = processes.find((p) => p.id === processId);
  const stored = (await apiB.get(`/assessments/${asId}`)).body;
  const bad = points.filter((p) => !(p.type === 'criterion_without_estimate'
    ? p.text === fill(nl['approval.point.criterion_without_estimate'], { criterion: nl[`criterion.${p.ref}`] })
    : p.type === 'category_differs_from_list' && p.text === fill(nl['approval.point.category_differs_from_list'], {
      process: proc.name, listed: nl[`enum.category.${proc.category}`], category: nl[`enum.category.${stored.category}`],
    })));
  check('each point said in Dutch words, the criterion and the process by their names', bad.length === 0
    && points.some((p) => p.text === `Criterium zonder schatting: ${nl['criterion.real_income_drop']}`), JSON.stringify(bad));
  await axe(page, 'assessment approval panel with the open points');
  await shot(page, '51-assessment-open-points');
  await page.fill('#approval-comment', reasonAs);
  await page.click('#reject');
  await page.waitForSelector('#assessment-rejection');
  const back = (await apiB.get(`/assessments/${asId}`)).body;
  check('rejected: stored back in draft with the reason', back.status === 'draft' && back.rejection === reasonAs, JSON.stringify(back));
  check('the page says so: the flash, the notice, the row', (await text('#process-flash')) === say('approval.rejected', 'assessment')
    && (await text('#assessment-rejection')) === `${nl['approval.rejected_label']} ${reasonAs}`
    && (await text(`#assessments tr[data-assessment="${asId}"]`)).includes(reasonAs) && !(await present('#approval')));
  await logout(page);
});

await step('A sees the reason and sends the assessment again; B approves', async () => {
  await login(page, a.username, a.password);
  await go(page, `#/processes/${processId}`, 'process');
  check('A sees the rejection and its reason', (await text('#assessment-rejection')) === `${nl['approval.rejected_label']} ${reasonAs}`);
  await axe(page, 'rejected assessment');
  await page.click('#assessment-to-review');
  await page.waitForSelector('#approval');
  check('sent for review again (stored)', (await apiA.get(`/assessments/${asId}`)).body.status === 'review'
    && (await text('#process-flash')) === nl['assessments.sent']);
  await logout(page);

  await login(page, b.username, b.password);
  await go(page, `#/processes/${processId}`, 'process');
  await page.waitForSelector('#approval-open-points-list li');
  await page.fill('#approval-comment', commentAs);
  await page.click('#approve');
  await page.waitForSelector('#approval-acknowledged-error:not([hidden])');
  check('approving without ticking that the points were weighed is stopped beside the box',
    (await text('#approval-acknowledged-error')) === say('approval.acknowledge_needed', 'assessment')
    && (await apiB.get(`/assessments/${asId}`)).body.status === 'review');
  await approveHere(commentAs, '#assessment-approval');
  const stored = (await apiB.get(`/assessments/${asId}`)).body;
  check('the API\'s record: final, approved by B today with the comment, the rejection cleared',
    stored.status === 'final' && stored.approved_by === b.username && stored.approval_comment === commentAs
    && amsterdamDay(Date.parse(stored.approved_at)) === today() && !stored.rejection, JSON.stringify(stored));
  const when = await shownWhen(stored.approved_at);
  check('the category section now shows it, approved by B, when, with the comment',
    (await text('#process-flash')) === say('approval.approved', 'assessment')
    && (await text('#category-title ~ p')).includes(nl[`enum.category.${stored.category}`])
    && (await page.getAttribute('#assessment-approval', 'data-approved-by')) === b.username
    && (await text('#assessment-approval')).startsWith(fill(nl['approval.approved_by'], { user: b.username, when }))
    && (await text('#assessment-approval-comment')) === fill(nl['approval.comment_shown'], { comment: commentAs }),
    async () => `${await text('#category-title ~ p')} / ${await text('#assessment-approval')} / want ${when}`);
  check('the row shows it final with the approver; no panel is left',
    (await page.getAttribute(`#assessments tr[data-assessment="${asId}"]`, 'data-status')) === 'final'
    && (await text(`#assessments tr[data-assessment="${asId}"]`)).includes(commentAs) && !(await present('#approval')));
  await axe(page, 'final assessment with its approval');
  await shot(page, '52-assessment-final');
  await logout(page);
});

// --- the effectiveness review ---------------------------------------------------------
await step('A keeps a review as a draft, then sends it for review', async () => {
  const made = await apiA.post('/measures', {
    name: msName, kind: 'redundancy', scope: 'sectoral', processes: [processId], status: 'done',
    classification: 'internal', owner: a.org,
  });
  check('(a measure of the process to review)', made.status === 201, JSON.stringify(made.body));
  msId = made.body.id; // the server's
  await login(page, a.username, a.password);
  await go(page, `#/measures/${msId}`, 'measure');
  check('the form sends for review or keeps a draft; nothing makes it final',
    (await text('#save-review')) === nl['review.save'] && (await text('#save-review-draft')) === nl['review.save_draft']);
  await page.selectOption('#review-method', 'exercise');
  await page.selectOption('#review-result', 'effective');
  await page.click('#save-review-draft');
  await page.waitForSelector('#reviews tr[data-review]');
  let list = await apiA.list('reviews', `&measure=${msId}`);
  check('kept as a draft (stored), said so', list.length === 1 && list[0].status === 'draft'
    && (await text('#measure-messages')) === nl['review.saved_draft'], JSON.stringify(list));
  const rvId = list[0].id;
  await page.click('#edit-review');
  await page.waitForSelector(`#review-form[data-review="${rvId}"]`);
  await page.click('#save-review');
  await page.waitForSelector('#approval');
  list = await apiA.list('reviews', `&measure=${msId}`);
  check('the draft sent for review: the same review, in review, said so', list.length === 1 && list[0].id === rvId
    && list[0].status === 'review' && (await text('#measure-messages')) === nl['review.saved'], JSON.stringify(list));
  check('the row shows it in review, the panel names it; A is offered no decision (four eyes)',
    (await page.getAttribute(`#reviews tr[data-review="${rvId}"]`, 'data-status')) === 'review'
    && (await page.getAttribute('#review-open', 'data-review')) === rvId
    && (await text('#approval-title')) === say('approval.title', 'review')
    && (await text('#approval-reason')) === say('error.approve_own_work', 'review') && !(await present('#approve')));
  const state = (await apiA.get('/review-status')).body.measures.find((m) => m.id === msId);
  check('(a review in review does not count yet: the measure is still never reviewed)', state && state.last_review === null
    && state.state === 'never', JSON.stringify(state));
  await axe(page, 'review in review, its author\'s panel');
  await logout(page);
});

await step('B sees the review without findings, rejects; A adds them; B approves', async () => {
  const rvId = (await apiB.list('reviews', `&measure=${msId}`))[0].id;
  await login(page, b.username, b.password);
  await go(page, `#/measures/${msId}`, 'measure');
  await page.waitForSelector('#approval-open-points-list li');
  const points = await listedPoints();
  check('the open point: the review has no findings, the measure named by its name',
    points.length === 1 && points[0].type === 'review_without_findings'
    && points[0].text === fill(nl['approval.point.review_without_findings'], { measure: msName }), JSON.stringify(points));
  await axe(page, 'review approval panel with the open point');
  await shot(page, '53-review-open-points');
  await page.fill('#approval-comment', reasonRv);
  await page.click('#reject');
  await page.waitForSelector('#review-rejection');
  check('rejected: back in draft with the reason, shown on the page',
    (await apiB.get(`/reviews/${rvId}`)).body.rejection === reasonRv
    && (await page.getAttribute(`#reviews tr[data-review="${rvId}"]`, 'data-status')) === 'draft'
    && (await text('#review-rejection')) === `${nl['approval.rejected_label']} ${reasonRv}`
    && (await text('#measure-messages')) === say('approval.rejected', 'review'));
  await logout(page);

  await login(page, a.username, a.password);
  await go(page, `#/measures/${msId}`, 'measure');
  check('A sees the reason', (await text('#review-rejection')) === `${nl['approval.rejected_label']} ${reasonRv}`);
  await page.click('#edit-review');
  await page.waitForSelector(`#review-form[data-review="${rvId}"]`);
  await page.fill('#review-findings', 'De uitwijk naar het tweede rekencentrum slaagde binnen twee uur');
  await page.click('#save-review');
  await page.waitForSelector('#approval');
  check('revised and sent again (stored)', (await apiA.get(`/reviews/${rvId}`)).body.status === 'review');
  await logout(page);

  await login(page, b.username, b.password);
  await go(page, `#/measures/${msId}`, 'measure');
  await page.waitForSelector('#approval-form');
  check('no open point is left, so no box to tick', !(await shown('#approval-acknowledged')));
  await approveHere(commentRv, `#reviews tr[data-review="${rvId}"][data-status="final"]`);
  const stored = (await apiB.get(`/reviews/${rvId}`)).body;
  check('the API\'s record: final, approved by B today with the comment', stored.status === 'final'
    && stored.approved_by === b.username && stored.approval_comment === commentRv
    && amsterdamDay(Date.parse(stored.approved_at)) === today() && !stored.rejection, JSON.stringify(stored));
  const when = await shownWhen(stored.approved_at);
  const row = `#reviews tr[data-review="${rvId}"]`;
  check('the row shows it final, approved by B, when, with the comment',
    (await page.getAttribute(`${row} [data-approved-by]`, 'data-approved-by')) === b.username
    && (await text(row)).includes(fill(nl['approval.approved_by'], { user: b.username, when }))
    && (await text(row)).includes(fill(nl['approval.comment_shown'], { comment: commentRv }))
    && (await text('#measure-messages')) === say('approval.approved', 'review') && !(await present('#approval')),
    async () => `${await text(row)} / want ${when}`);
  const state = (await apiB.get('/review-status')).body.measures.find((m) => m.id === msId);
  check('(the toetsing counts it now)', state && state.last_review && state.last_review.id === rvId
    && state.state !== 'never', JSON.stringify(state));
  await axe(page, 'final review with its approval');
  await shot(page, '54-review-final');
  ok(`four eyes on an assessment and a review: ${a.username} wrote, ${b.username} decided`);
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# four-eyes browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
