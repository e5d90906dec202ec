// dashboard.js — the cycle at a glance: what to do first ("Nu doen", one
// ranked list: todo.js), the four-year clock per process
// (GET /api/v1/status: overdue, due within a year, never analysed, current;
// open quickscans), the processes that need attention first, and the
// measures of the action programme by status (an ECharts bar chart with the
// same numbers in a table beside it, for keyboard and screen-reader users)
// with how many are overdue or stand at adjustment due, and what is due
// under CER (the `cer` part of /status): the national milestones and per
// critical entity its notification, risk assessment and Chapter III.
// A "peildatum" (as-of day, #/dashboard?as_of=YYYY-MM-DD) shows all of it
// as the records stood at the end of that day (?as_of= on every read),
// marked as such in the heading; empty is today.

import * as api from '../api.js';
import { h, table, badge, categoryBadge, empty, scrollBox, field, alertBox, showFieldError } from '../dom.js';
import { t, enumLabel, fmtDate, fmtNumber, locale } from '../i18n.js';
import { todayIso, hiddenReason, emptyText } from '../data.js';
import { todoSection, todoReads } from './todo.js';
import { themed, chartText } from '../tokens.js';

const CLOCK_STATES = ['overdue', 'due_soon', 'never', 'current'];
const MEASURE_STATUSES = ['proposed', 'planned', 'in_progress', 'done', 'cancelled'];
const STATUS_COLOURS = {
  proposed: '#6b6b6b', planned: '#6f95c2', in_progress: '#b07000', done: '#1c6331', cancelled: '#a4161a',
};

// "2024-06-01" -> "1 juni 2024" (a calendar date: no time zone shift).
function longDate(value) {
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

// The as-of form: a date (empty: today) that reloads the view for that day.
function asOfForm(ctx, asOf) {
  const input = h('input', { type: 'date', name: 'as_of', id: 'as-of', value: asOf, max: todayIso() });
  const f = field(t('dashboard.as_of'), input, t('dashboard.as_of_hint'));
  const form = h('form', { class: 'as-of-form', id: 'as-of-form', novalidate: true, 'aria-label': t('dashboard.as_of_form') },
    f.field, h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'secondary', id: 'as-of-show' }, t('dashboard.as_of_show')),
      asOf ? h('a', { class: 'button secondary', href: '#/dashboard', id: 'as-of-today' }, t('dashboard.as_of_today')) : null));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.navigate(input.value ? `#/dashboard?as_of=${input.value}` : '#/dashboard');
  });
  return { form, field: f };
}

export async function render(ctx) {
  const { main, query } = ctx;
  const asOf = (query && query.get('as_of')) || '';
  const day = asOf ? { as_of: asOf } : {};
  main.appendChild(h('h1', null, t('dashboard.title'),
    asOf ? [' — ', h('span', { id: 'as-of-notice' }, t('dashboard.as_of_notice', { date: longDate(asOf) }))] : null));
  const asOfBox = asOfForm(ctx, asOf);
  main.appendChild(asOfBox.form);
  // every read the dashboard draws from, and the chart library, asked at
  // once (one network round trip, not one after the other; on the first
  // load start.js has asked them already): the todo list's own reads, and
  // one risk picture with both diagrams and only what is drawn
  // (summary=true: no list of risks, processes or sectors)
  const todo = asOf ? null : todoReads();
  // a provider's picture is asked for its common causes only (no diagram)
  const pictureRead = api.get(`/risk-picture${api.query({ residual: 'true', summary: 'true', ...day })}`).catch(() => null);
  const echartsLoad = import('/vendor/echarts/echarts.esm.min.mjs').catch(() => null);
  let status;
  let measures;
  try {
    [status, measures] = await Promise.all([api.get(`/status${api.query(day)}`), api.listAll('measures', day)]);
  } catch (err) {
    // a day the server refuses (not a date, or in the future): said beside the field
    if (err.status !== 400 || err.field !== 'as_of') throw err;
    showFieldError(asOfBox.field, err.message);
    return undefined;
  }
  // the day said first (a past one marked as such), then the form to choose another
  if (asOf) {
    main.insertBefore(alertBox('warning', h('p', null, h('strong', null, t('dashboard.as_of_notice', { date: longDate(asOf) })), '. ',
      t('dashboard.as_of_explain'))), asOfBox.form);
  }
  main.insertBefore(h('p', null, t('dashboard.intro', { today: fmtDate(status.today), n: fmtNumber(status.processes.length) })),
    asOfBox.form);

  const counts = Object.fromEntries(CLOCK_STATES.map((s) => [s, 0]));
  let quickscans = 0;
  for (const p of status.processes) {
    counts[p.state] = (counts[p.state] || 0) + 1;
    quickscans += p.open_quickscans || 0;
  }

  // what to do first, ranked (todo.js): about now, so not on a past day
  if (!asOf) {
    await todoSection(ctx, main, { status, measures }, todo);
    if (!ctx.alive()) return undefined;
  }

  main.appendChild(h('h2', { id: 'clock-title' }, t('dashboard.clock')));
  main.appendChild(h('ul', { class: 'cards', 'aria-labelledby': 'clock-title' },
    CLOCK_STATES.map((s) => h('li', { class: `card ${s}` },
      h('a', { href: `#/processes?state=${s}`, 'data-clock': s },
        h('span', { class: 'count' }, fmtNumber(counts[s])),
        h('span', { class: 'label' }, t(`dashboard.clock_${s}`))))),
    h('li', { class: 'card' },
      h('span', { class: 'count', 'data-clock': 'quickscans' }, fmtNumber(quickscans)),
      h('span', { class: 'label' }, t('dashboard.open_quickscans')))));

  const order = { overdue: 0, never: 1, due_soon: 2, current: 3 };
  const attention = status.processes
    .filter((p) => p.state !== 'current' || p.open_quickscans > 0)
    .sort((a, b) => order[a.state] - order[b.state] || String(a.next_due || '').localeCompare(String(b.next_due || '')));

  const grid = h('div', { class: 'two-col' });
  main.appendChild(grid);
  const left = h('section', { 'aria-labelledby': 'attention-title' },
    h('h2', { id: 'attention-title' }, t('dashboard.attention')));
  grid.appendChild(left);
  if (attention.length === 0) left.appendChild(empty(t('dashboard.attention_none')));
  else {
    left.appendChild(table(null, [
      { label: t('field.process'), rowHeader: true }, { label: t('field.category') },
      { label: t('field.state') }, { label: t('field.next_due') }, { label: t('field.due_reason') },
      { label: t('field.open_quickscans'), num: true },
    ], attention.map((p) => [
      h('a', { href: `#/processes/${encodeURIComponent(p.id)}` }, p.name),
      categoryBadge(p.category),
      badge('clock', p.state),
      p.next_due ? fmtDate(p.next_due) : t('dashboard.now'),
      enumLabel('due_reason', p.due_reason),
      fmtNumber(p.open_quickscans),
    ])));
  }

  const byStatus = Object.fromEntries(MEASURE_STATUSES.map((s) => [s, 0]));
  for (const m of measures) byStatus[m.status] = (byStatus[m.status] || 0) + 1;
  const right = h('section', { 'aria-labelledby': 'measures-title' },
    h('h2', { id: 'measures-title' }, t('dashboard.measures')));
  grid.appendChild(right);
  const chartEl = h('div', {
    class: 'chart', id: 'measures-chart', role: 'img',
    'aria-label': t('dashboard.measures_chart', { n: fmtNumber(measures.length) }),
  });
  // no chart of zeros (issue 13 part 7): none at all is said in words, and
  // why where the user may not see every measure
  const noMeasures = measures.length === 0;
  if (noMeasures) right.appendChild(empty(emptyText(ctx.user, null, 'measures', 'measures.none')));
  else right.appendChild(chartEl);
  if (!noMeasures) right.appendChild(table(t('dashboard.measures_table'), [
    { label: t('field.status'), rowHeader: true }, { label: t('common.count'), num: true },
  ], MEASURE_STATUSES.map((s) => [
    h('a', { href: `#/measures?status=${s}` }, enumLabel('measure_status', s)), fmtNumber(byStatus[s]),
  ])));
  const overdue = measures.filter((m) => m.overdue).length;
  const adjustment = measures.filter((m) => m.adjustment_due).length;
  if (!noMeasures) right.appendChild(h('p', { id: 'measures-follow-up' },
    h('a', { href: '#/measures?follow_up=overdue', 'data-follow-up': 'overdue' },
      t('dashboard.measures_overdue', { n: fmtNumber(overdue) })), ' · ',
    h('a', { href: '#/measures?follow_up=adjustment_due', 'data-follow-up': 'adjustment_due' },
      t('dashboard.measures_adjustment_due', { n: fmtNumber(adjustment) }))));

  if (status.cer) drawCer(main, status.cer, status.processes);

  // the national risk diagram: absent when the server has no risk picture
  // and beside it the residual one: after the measures judged effective.
  // Never a diagram of zeros for a user who may not see the risks (issue
  // 13 part 7): a provider gets none at all, another user who sees no risk
  // a sentence saying why instead
  const picture = await pictureRead;
  if (!ctx.alive()) return undefined;
  const pair = h('div', { class: 'risk-pair' });
  main.appendChild(pair);
  const blind = ctx.user.role === 'provider' || (picture && picture.diagram.risks === 0 && hiddenReason(ctx.user, null));
  if (blind) drawNoDiagram(pair, ctx.user);
  const riskEl = picture && !blind ? drawRiskSection(pair, picture.diagram, RISK_VIEWS.inherent) : null;
  const residualEl = picture && picture.residual_diagram && !blind
    ? drawRiskSection(pair, picture.residual_diagram, RISK_VIEWS.residual) : null;
  if (picture && picture.common_causes) drawCommonCauses(main, picture.common_causes, status.processes);

  // the charts follow when their library has come: on a slow connection
  // that is after the rest is drawn (the tables beside them tell the
  // same), so the dashboard does not wait for it (issue 13 part 9);
  // data-charts="1" on the view says they are done
  const charts = [];
  let gone = false;
  main.dataset.charts = '0';
  echartsLoad.then((echarts) => {
    if (gone || !ctx.alive()) return;
    if (!echarts) {
      // without the chart library the tables beside the charts still tell all
      chartEl.remove();
      if (riskEl) riskEl.remove();
      if (residualEl) residualEl.remove();
    } else {
      if (riskEl) charts.push(drawRiskChart(echarts, riskEl, picture.diagram));
      if (residualEl) charts.push(drawRiskChart(echarts, residualEl, picture.residual_diagram));
      if (!noMeasures) charts.push(drawMeasuresChart(echarts, chartEl, byStatus));
    }
    main.dataset.charts = '1';
  });
  const onResize = () => charts.forEach((c) => c.resize());
  window.addEventListener('resize', onResize);
  return () => {
    gone = true;
    window.removeEventListener('resize', onResize);
    charts.forEach((c) => c.dispose());
  };
}

// The bar chart of the measures by status.
function drawMeasuresChart(echarts, el, byStatus) {
  const chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption(themed({
    textStyle: chartText(),
    animation: false,
    aria: { enabled: false },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#1b1b1b' } },
    yAxis: {
      type: 'category', inverse: true,
      data: MEASURE_STATUSES.map((s) => enumLabel('measure_status', s)),
      axisLabel: { color: '#1b1b1b', fontSize: 13 },
    },
    tooltip: { trigger: 'item' },
    series: [{
      type: 'bar',
      data: MEASURE_STATUSES.map((s) => ({ value: byStatus[s], itemStyle: { color: STATUS_COLOURS[s] } })),
      label: { show: true, position: 'right', color: '#1b1b1b', formatter: (p) => fmtNumber(p.value) },
    }],
  }));
  return chart;
}

// In place of a risk diagram of zeros: why this user sees none (issue 13
// part 7), decided from the role and clearance, not from what exists.
function drawNoDiagram(parent, user) {
  const reason = hiddenReason(user, null);
  parent.appendChild(h('section', { 'aria-labelledby': 'risks-title', class: 'risk-view', id: 'risks-hidden' },
    h('h2', { id: 'risks-title' }, t('dashboard.risks')),
    h('p', { class: 'empty' }, user.role === 'provider' ? t('dashboard.risks_not_for_role')
      : t('dashboard.risks_none_visible', { why: t(`visibility.why.${reason}`, { what: t('visibility.what.risks'), level: enumLabel('classification', user.clearance) }) }))));
}

// The common causes (issue 20 part 4): the services the user may see whose
// failure alone takes down processes in two or more sectors, as the risk
// picture gives them (only the processes the user may see are named; the
// counts are the engine's).
function drawCommonCauses(main, cc, processList) {
  const names = new Map(processList.map((p) => [p.id, p.name]));
  const section = h('section', { id: 'common-causes', 'aria-labelledby': 'common-causes-title' },
    h('h2', { id: 'common-causes-title' }, t('dashboard.common_causes')),
    h('p', null, t('dashboard.common_causes_intro', {
      min: fmtNumber(cc.min_sectors), outage: fmtNumber(cc.outage_h), horizon: fmtNumber(cc.horizon_h),
    })));
  main.appendChild(section);
  if (cc.services.length === 0) {
    section.appendChild(empty(t('dashboard.common_causes_none')));
    return;
  }
  section.appendChild(table(t('dashboard.common_causes_caption'), [
    { label: t('dashboard.service'), rowHeader: true }, { label: t('dashboard.sectors_down'), num: true },
    { label: t('dashboard.processes_down') }, { label: t('dashboard.process_hours_down'), num: true },
  ], cc.services.map((s) => [
    h('span', null, h('a', { href: `#/graph?focus=${encodeURIComponent(s.service)}` }, s.name), ' ',
      badge('service_kind', s.kind)),
    fmtNumber(s.sectors_down),
    h('span', null, s.processes.map((id, i) => [i ? ', ' : '',
      h('a', { href: `#/processes/${encodeURIComponent(id)}` }, names.get(id) || id)])),
    fmtNumber(s.down_node_hours),
  ]), (i) => ({ 'data-service': cc.services[i].service })));
}

// What is due under CER: the milestones, then the entities the user may see
// (a date past is said in words, not only by colour).
function drawCer(main, cer, processList) {
  const names = new Map(processList.map((p) => [p.id, p.name]));
  const section = h('section', { id: 'cer', 'aria-labelledby': 'cer-title' },
    h('h2', { id: 'cer-title' }, t('dashboard.cer')),
    h('p', null, t('dashboard.cer_intro', {
      ra: fmtNumber(cer.rules.risk_assessment_months), ch3: fmtNumber(cer.rules.chapter3_months),
    })));
  main.appendChild(section);
  // a known milestone in the user's language, another by its setting's description
  const milestone = (m) => {
    const label = enumLabel('milestone', m.id);
    return label === m.id ? (m.description || m.id) : label;
  };
  section.appendChild(cer.milestones.length === 0 ? empty(t('dashboard.cer_no_milestones')) : table(t('dashboard.cer_milestones'), [
    { label: t('field.date'), rowHeader: true }, { label: t('dashboard.cer_milestone') }, { label: t('dashboard.cer_state') },
  ], cer.milestones.map((m) => [
    fmtDate(m.due), milestone(m), badge('milestone_state', m.state),
  ]), (i) => ({ 'data-milestone': cer.milestones[i].id })));
  if (cer.not_identified > 0) {
    section.appendChild(h('p', { id: 'cer-not-identified' }, t('dashboard.cer_not_identified', { n: fmtNumber(cer.not_identified) })));
  }
  const order = (e) => (e.overdue ? 0 : 1);
  const entities = [...cer.entities].sort((a, b) => order(a) - order(b)
    || String(a.next_due || '9999').localeCompare(String(b.next_due || '9999')) || a.name.localeCompare(b.name));
  const date = (d) => (d ? fmtDate(d) : t('common.none'));
  section.appendChild(entities.length === 0 ? empty(t('dashboard.cer_no_entities')) : table(t('dashboard.cer_entities'), [
    { label: t('field.provider'), rowHeader: true }, { label: t('field.processes') },
    { label: t('dashboard.cer_identified') }, { label: t('dashboard.cer_notified') },
    { label: t('dashboard.cer_risk_assessment') }, { label: t('dashboard.cer_chapter3') },
    { label: t('dashboard.cer_next') }, { label: t('field.due') },
  ], entities.map((e) => [
    e.name, e.processes.map((id) => names.get(id) || id).join(', '), date(e.identified), date(e.notified),
    date(e.risk_assessment_due), date(e.chapter3_applies),
    badge('cer_step', e.step),
    e.next_due ? h('span', null, fmtDate(e.next_due), e.overdue ? [' ', badge('clock', 'overdue')] : '') : t('common.none'),
  ]), (i) => ({ 'data-entity': entities[i].provider })));
}

const CLASSES = ['A', 'B', 'C', 'D', 'E'];
// light tones, so the black count stays readable on every cell (4.5:1)
const LEVEL_COLOURS = ['#d6ecd9', '#d6ecd9', '#d6ecd9', '#fff0b3', '#fff0b3', '#fbd3a9', '#fbd3a9', '#f4b6b6', '#f4b6b6'];

function cellCount(diagram, likelihood, impact) {
  const cell = diagram.cells.find((c) => c.likelihood === likelihood && c.impact === impact);
  return cell ? cell.count : 0;
}

// The two diagrams: element ids and label keys of each.
const RISK_VIEWS = {
  inherent: { title: 'risks-title', chart: 'risk-chart', table: 'risk-table', key: 'risks', legend: true },
  residual: { title: 'residual-title', chart: 'residual-chart', table: 'residual-table', key: 'residual', legend: false },
};

// A diagram's section: the chart's place and the same counts as a table
// (likelihood rows, E on top; impact columns).
function drawRiskSection(parent, diagram, v) {
  const chartEl = h('div', {
    class: 'chart risk-chart', id: v.chart, role: 'img',
    'aria-label': t(`dashboard.${v.key}_chart`, { n: fmtNumber(diagram.risks) }),
  });
  const section = h('section', { 'aria-labelledby': v.title, class: 'risk-view' });
  parent.appendChild(section);
  section.appendChild(h('h2', { id: v.title }, t(`dashboard.${v.key}`)));
  section.appendChild(h('p', null, t(`dashboard.${v.key}_intro`, { n: fmtNumber(diagram.risks) })));
  if (v.legend) {
    section.appendChild(h('p', { class: 'hint', id: 'impact-legend' }, t('dashboard.impact_legend'),
      CLASSES.map((c) => ` ${enumLabel('impact_class', c)}`).join(';')));
  }
  section.appendChild(chartEl);
  section.appendChild(scrollBox(h('div', { class: 'table-wrap' }, h('table', { id: v.table },
    h('caption', null, t(`dashboard.${v.key}_table`)),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('dashboard.likelihood_impact')),
      CLASSES.map((c) => h('th', { scope: 'col', class: 'num' }, c,
        h('span', { class: 'visually-hidden' }, ` ${enumLabel('impact_class', c)}`))))),
    h('tbody', null, [...CLASSES].reverse().map((l) => h('tr', null,
      h('th', { scope: 'row' }, enumLabel('likelihood_class', l)),
      CLASSES.map((i) => h('td', { class: 'num', 'data-cell': `${l}${i}` }, fmtNumber(cellCount(diagram, l, i)))))))))));
  if (diagram.without_impact && diagram.without_impact.length) {
    section.appendChild(h('p', { class: 'hint' }, t('dashboard.risks_without_impact', { n: fmtNumber(diagram.without_impact.length) })));
  }
  return chartEl;
}

function drawRiskChart(echarts, el, diagram) {
  const chart = echarts.init(el, null, { renderer: 'svg' });
  const data = [];
  CLASSES.forEach((l, li) => CLASSES.forEach((i, ii) => {
    data.push({ value: [ii, li, cellCount(diagram, l, i)], itemStyle: { color: LEVEL_COLOURS[li + ii], borderColor: '#ffffff', borderWidth: 2 } });
  }));
  chart.setOption(themed({
    textStyle: chartText(),
    animation: false,
    aria: { enabled: false },
    grid: { left: 8, right: 8, top: 8, bottom: 28, containLabel: true },
    xAxis: {
      type: 'category', data: CLASSES, name: t('dashboard.impact_axis'),
      nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: '#1b1b1b' },
      axisLabel: { color: '#1b1b1b', interval: 0, fontSize: 12 }, splitArea: { show: false },
    },
    yAxis: {
      type: 'category', data: CLASSES.map((c) => enumLabel('likelihood_class', c)),
      axisLabel: { color: '#1b1b1b', fontSize: 11 },
    },
    tooltip: { trigger: 'item', formatter: (p) => t('dashboard.risks_cell', { n: fmtNumber(p.value[2]) }) },
    series: [{
      type: 'heatmap', data,
      label: { show: true, color: '#1b1b1b', fontSize: 14, fontWeight: 'bold', formatter: (p) => (p.value[2] ? fmtNumber(p.value[2]) : '') },
    }],
  }));
  return chart;
}
