// process.js — one vital process: its facts and clock, its category with
// the reasons of the vitaalbeoordeling (the latest final assessment; all
// of them with their status and four eyes in assessments.js), its vital providers
// (provider links), what it depends on (dependencies.js: added, changed and
// removed here) and what depends on it, its fallback options (fallbacks.js:
// added, changed and deleted here), the fallback verdict (fallback_need.js,
// drawn again in place when an input is saved), its resilience
// analyses over the years and the measures that protect it, and its
// history (history.js), with the way
// into the analysis editor, a new measure and the dependency graph. Only
// what the user may see is read; "new analysis", "new measure" and the
// fallback controls appear only for users who may write here.

import * as api from '../api.js';
import { h, table, badge, categoryBadge, empty, alertBox } from '../dom.js';
import { t, enumLabel, fmtDate, fmtNumber } from '../i18n.js';
import { byId, canWrite, defaultOwner, providedProcesses, emptyText } from '../data.js';
import { assessSection, reasonsText } from './assess.js';
import { assessmentsSection } from './assessments.js';
import { approvalFacts } from './approval.js';
import { fallbackSection } from './fallbacks.js';
import { dependencySection } from './dependencies.js';
import { fallbackNeedSection } from './fallback_need.js';
import { contributeSection } from './contribute.js';
import { historySection } from './history.js';

function processLink(id, processes) {
  const p = processes.get(id);
  return p ? h('a', { href: `#/processes/${encodeURIComponent(id)}` }, p.name) : h('span', null, id);
}

function yesNo(v) {
  if (v === null || v === undefined) return t('common.none');
  return v ? t('common.yes') : t('common.no');
}

export async function render(ctx, flash) {
  const { main, params, user } = ctx;
  const id = params.id;
  const process = await api.getRecord('processes', id);
  const [all, status, sectors, orgs, criteria, assessments, links, deps, fallbacks, analyses, provided, measures] =
    await Promise.all([
      api.listAll('processes'), api.get('/status'), byId('sectors'), byId('organisations'),
      byId('vitaal_criteria'),
      api.listAll('assessments', { process: id }), api.listAll('provider_links', { process: id }),
      api.listAll('dependencies'), api.listAll('fallback_options', { process: id }),
      api.listAll('analyses', { process: id }), providedProcesses(user),
      api.listAll('measures', { processes: id }),
    ]);
  const processes = new Map(all.map((p) => [p.id, p]));
  const clock = status.processes.find((p) => p.id === id);

  main.appendChild(h('p', { class: 'breadcrumb' }, h('a', { href: '#/processes' }, t('processes.title')), ' › ', process.name));
  main.appendChild(h('div', { class: 'page-head' },
    h('h1', null, process.name), categoryBadge(process.category), clock ? badge('clock', clock.state) : null));
  if (flash) {
    main.appendChild(alertBox('success', h('p', { tabindex: '-1', id: 'process-flash' }, flash)));
    window.setTimeout(() => document.getElementById('process-flash')?.focus(), 0);
  }
  main.appendChild(h('div', { class: 'actions' },
    h('a', { class: 'button secondary', href: `#/graph?focus=${encodeURIComponent(id)}` }, t('process.show_graph')),
    h('a', { class: 'button secondary', href: `#/graph?fail=${encodeURIComponent(id)}`, id: 'simulate-failure' }, t('process.simulate')),
    // the whole weerbaarheidsanalyse as a document, as far as this user may read it (audited)
    h('a', {
      class: 'button secondary', id: 'process-report', download: '',
      href: `/api/v1/reports/process/${encodeURIComponent(id)}?${new URLSearchParams({ format: 'pdf', lang: document.documentElement.lang === 'en' ? 'en' : 'nl' })}`,
    }, t('process.report_pdf'))));

  main.appendChild(h('dl', { class: 'facts' },
    h('dt', null, t('field.id')), h('dd', null, h('code', null, process.id)),
    h('dt', null, t('field.sector')), h('dd', null, sectors.get(process.sector)?.name || process.sector),
    h('dt', null, t('field.ministry')), h('dd', null, orgs.get(process.ministry)?.name || process.ministry),
    h('dt', null, t('field.recovery_h')), h('dd', null, t('units.hours', { n: fmtNumber(process.recovery_h) })),
    process.mtpd_h != null ? [
      h('dt', null, t('field.mtpd_h')),
      h('dd', { id: 'process-mtpd' }, t('units.hours', { n: fmtNumber(process.mtpd_h) }), ' — ', process.mtpd_reason || ''),
    ] : null,
    h('dt', null, t('field.classification')), h('dd', null, enumLabel('classification', process.classification)),
    clock ? [
      h('dt', null, t('field.last_final')), h('dd', null, clock.last_final ? fmtDate(clock.last_final) : t('common.none')),
      h('dt', null, t('field.next_due')), h('dd', null, clock.next_due ? fmtDate(clock.next_due) : t('dashboard.now'),
        ' (', enumLabel('due_reason', clock.due_reason), ')'),
      h('dt', null, t('field.open_measures')), h('dd', null, fmtNumber(clock.open_measures)),
    ] : null,
    process.description ? [h('dt', null, t('field.description')), h('dd', null, process.description)] : null));

  // --- category and its reasons
  // newest first as the server's assess_latest orders them: by date, then
  // by id in natural order (as-p-2026-01-02-10 after as-p-2026-01-02-9);
  // only a final one counts (four eyes)
  const sortedAssessments = [...assessments].sort((a, b) => b.date.localeCompare(a.date)
    || b.id.localeCompare(a.id, 'en', { numeric: true }));
  const latest = sortedAssessments.find((a) => a.status === 'final');
  const rerender = (message) => { main.replaceChildren(); return render(ctx, message); };
  const catSection = h('section', { 'aria-labelledby': 'category-title' },
    h('h2', { id: 'category-title' }, t('process.category_title')));
  main.appendChild(catSection);
  if (!latest) catSection.appendChild(empty(t('process.no_assessment')));
  else {
    catSection.appendChild(h('p', null, t('process.assessed', {
      date: fmtDate(latest.date), assessor: latest.assessor, category: enumLabel('category', latest.category),
    })));
    const approved = approvalFacts(latest, 'assessment');
    if (approved) catSection.appendChild(approved);
    // the decision in the reader's language from the recorded criteria, then
    // the assessor's own rationale and the engine's explanation, each as recorded
    const decisive = (latest.decided_by || []).map((cid) => {
      const c = criteria.get(cid);
      const value = (latest.impacts || {})[cid];
      const overA = c && c.category_a_above != null
        && (c.comparator === 'at_least' ? value >= c.category_a_above : value > c.category_a_above);
      return c && value != null ? {
        id: cid, estimate: value, level: overA ? 'A' : 'B', threshold: overA ? c.category_a_above : c.category_b_above,
      } : null;
    }).filter((c) => c && c.threshold != null);
    catSection.appendChild(h('p', { id: 'category-reasons' }, reasonsText(decisive)));
    if (latest.rationale) {
      catSection.appendChild(h('p', { class: 'muted' }, t('process.recorded_rationale')));
      catSection.appendChild(h('blockquote', { id: 'category-rationale' }, h('p', null, latest.rationale)));
    }
    if (latest.engine_explanation) {
      catSection.appendChild(h('p', { class: 'muted' }, t('process.engine_explanation')));
      catSection.appendChild(h('blockquote', { id: 'category-explanation', lang: 'en' },
        h('p', null, latest.engine_explanation)));
    }
    const impacts = Object.entries(latest.impacts || {});
    if (impacts.length) {
      const decided = new Set(latest.decided_by || []);
      catSection.appendChild(table(t('process.impacts_caption'), [
        { label: t('field.criterion'), rowHeader: true }, { label: t('field.estimate'), num: true },
        { label: t('field.threshold_a'), num: true }, { label: t('field.threshold_b'), num: true },
        { label: t('process.decisive') },
      ], impacts.map(([cid, value]) => {
        const c = criteria.get(cid);
        return [
          t(`criterion.${cid}`), `${fmtNumber(value)} ${t(`criterion_unit.${cid}`)}`,
          c && c.category_a_above != null ? fmtNumber(c.category_a_above) : t('common.none'),
          c && c.category_b_above != null ? fmtNumber(c.category_b_above) : t('common.none'),
          decided.has(cid) ? t('common.yes') : t('common.no'),
        ];
      })));
    }
  }

  // --- every assessment with its status; the one in review decided on (four eyes)
  const writable = canWrite(user, process, user.org, provided);
  await assessmentsSection(ctx, main, { processes, sorted: sortedAssessments, writable, rerender });
  if (!ctx.alive()) return undefined;

  // --- the vitaalbeoordeling, computed by the server
  assessSection(ctx, main, { process, processes, latest, writable, rerender });

  // --- providers
  const provSection = h('section', { 'aria-labelledby': 'providers-title' },
    h('h2', { id: 'providers-title' }, t('process.providers')));
  main.appendChild(provSection);
  provSection.appendChild(links.length === 0 ? empty(emptyText(user, process, 'providers', 'process.no_providers')) : table(null, [
    { label: t('field.provider'), rowHeader: true }, { label: t('field.nis2_entity') },
    { label: t('field.cer_critical') }, { label: t('field.description') },
  ], links.map((l) => [
    orgs.get(l.provider)?.name || l.provider, enumLabel('nis2_entity', l.nis2_entity), yesNo(l.cer_critical), l.description || '',
  ])));

  // --- dependencies both ways: the inputs editable (dependencies.js), the
  // options that bridge them (fallbacks.js) and the verdict (fallback_need.js),
  // drawn again in place after an input is saved
  const depSection = h('section', { id: 'dependencies', 'aria-labelledby': 'deps-title' },
    h('h2', { id: 'deps-title' }, t('process.dependencies')));
  main.appendChild(depSection);
  const needsHost = h('div', { id: 'needs' });
  const neededByHost = h('div', null);
  depSection.append(needsHost, neededByHost);
  const fallbackHost = h('div', null);
  const verdictHost = h('div', null);
  main.append(fallbackHost, verdictHost);
  const drawInputs = (depsNow, fallbacksNow, message) => {
    needsHost.replaceChildren();
    if (message) {
      needsHost.appendChild(alertBox('success', h('p', { tabindex: '-1', id: 'dependency-flash' }, message)));
    }
    dependencySection(needsHost, {
      process, deps: depsNow.filter((d) => d.process === id), fallbacks: fallbacksNow, processes, user, provided, orgs,
      onChanged: async (msg) => {
        const [d2, f2] = await Promise.all([api.listAll('dependencies'), api.listAll('fallback_options', { process: id })]);
        if (!ctx.alive()) return;
        drawInputs(d2, f2, msg);
        document.getElementById('dependency-flash')?.focus();
      },
    });
    fallbackHost.replaceChildren();
    fallbackSection(fallbackHost, {
      process, fallbacks: fallbacksNow, user, provided, orgs, measures,
      rerender: (msg) => { main.replaceChildren(); return render(ctx, msg); },
    });
    verdictHost.replaceChildren();
    fallbackNeedSection(ctx, verdictHost, { process, manageLink: false });
  };
  drawInputs(deps, fallbacks, null);
  const neededBy = deps.filter((d) => (d.suppliers || []).includes(id));
  neededByHost.appendChild(h('h3', null, t('process.needed_by')));
  neededByHost.appendChild(neededBy.length === 0 ? empty(t('process.needed_by_none')) : h('ul', null,
    neededBy.map((d) => h('li', null, processLink(d.process, processes),
      d.buffer_h ? ` — ${t('process.buffer', { n: fmtNumber(d.buffer_h) })}` : ''))));

  // --- analyses over the years
  const anSection = h('section', { 'aria-labelledby': 'analyses-title' },
    h('h2', { id: 'analyses-title' }, t('process.analyses')));
  main.appendChild(anSection);
  if (canWrite(user, process, user.org, provided)) {
    anSection.appendChild(h('div', { class: 'actions' }, h('a', {
      class: 'button', id: 'new-analysis', href: `#/analyses/new?process=${encodeURIComponent(id)}`,
    }, t('process.new_analysis'))));
  }
  const sortedAnalyses = [...analyses].sort((a, b) => b.cycle_year - a.cycle_year || b.started.localeCompare(a.started));
  anSection.appendChild(sortedAnalyses.length === 0 ? empty(emptyText(user, process, 'analyses', 'process.no_analyses')) : table(null, [
    { label: t('field.cycle_year'), rowHeader: true }, { label: t('field.kind') }, { label: t('field.status') },
    { label: t('field.started') }, { label: t('field.finalised') }, { label: t('field.summary') },
  ], sortedAnalyses.map((a) => [
    h('a', { href: `#/analyses/${encodeURIComponent(a.id)}`, 'data-analysis': a.id }, String(a.cycle_year)),
    enumLabel('analysis_kind', a.kind), badge('analysis_status', a.status),
    fmtDate(a.started), a.finalised ? fmtDate(a.finalised) : t('common.none'), a.summary || '',
  ])));

  // --- a provider's contributions to the ministry's analyses (contribute.js)
  await contributeSection(ctx, main, {
    process, user, provided, rerender: (message) => { main.replaceChildren(); return render(ctx, message); },
  });
  if (!ctx.alive()) return undefined;

  // --- measures of the action programme that protect it
  const msSection = h('section', { id: 'process-measures', 'aria-labelledby': 'process-measures-title' },
    h('h2', { id: 'process-measures-title' }, t('process.measures')));
  main.appendChild(msSection);
  if (canWrite(user, process, defaultOwner(user, process), provided)) {
    msSection.appendChild(h('div', { class: 'actions' }, h('a', {
      class: 'button', id: 'new-measure-for-process', href: `#/measures/new?process=${encodeURIComponent(id)}`,
    }, t('process.new_measure'))));
  }
  const sortedMeasures = [...measures].sort((a, b) => String(a.due || '9999').localeCompare(String(b.due || '9999')));
  msSection.appendChild(sortedMeasures.length === 0 ? empty(emptyText(user, process, 'measures', 'process.no_measures')) : table(null, [
    { label: t('field.name'), rowHeader: true }, { label: t('field.kind') }, { label: t('field.due') }, { label: t('field.status') },
  ], sortedMeasures.map((m) => [
    h('a', { href: `#/measures/${encodeURIComponent(m.id)}`, 'data-measure-link': m.id }, m.name),
    enumLabel('measure_kind', m.kind), m.due ? fmtDate(m.due) : t('common.none'), badge('measure_status', m.status),
  ])));

  // --- the process record's own history
  historySection(ctx, main, {
    kind: 'processes', id, onRestored: (message) => { main.replaceChildren(); return render(ctx, message); },
  });
  return undefined;
}
