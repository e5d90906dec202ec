// ripple.js — the economic ripple of a cascade (issue 16 part 4): beside the
// hour-by-hour timeline of the dependency graph, the inoperability
// input-output model on a stored interdependency table (POST /api/v1/iim
// with table and cascade): per sector of the table the direct loss (c*, the
// share of the hours of its processes that are down) and the inoperability
// q once the loss has spread through what sectors buy from each other, as
// an ECharts bar chart and the same numbers in a table (the chart is
// decoration for those who see it; the table tells all). The table's source
// and year are always shown, and a table of illustrative numbers says so.

import * as api from './api.js';
import { h, table, alertBox, uid, field, options } from './dom.js';
import { t, fmtNumber } from './i18n.js';

const pct = (x) => `${fmtNumber(Math.round(x * 1000) / 10)} %`;

// Draws into section (an element it fills) the ripple of the cascade
// {fail, outage_h, horizon_h}; alive() says whether the view is still
// shown; tableId: the table to use (else the first the user may read; a
// choice is offered when there are several). Returns a function that
// disposes of the chart.
export async function drawRipple(section, cascade, alive, tableId) {
  const titleId = uid('ripple');
  const title = h('h2', { id: titleId }, t('ripple.title'));
  section.setAttribute('aria-labelledby', titleId);
  section.replaceChildren(title, h('p', null, t('ripple.running')));
  let tables;
  try {
    tables = await api.listAll('iim_tables');
  } catch (err) {
    section.replaceChildren(title, alertBox('error', h('p', null, err.message)));
    return () => {};
  }
  if (!alive()) return () => {};
  if (!tables.length) {
    section.replaceChildren(title, h('p', { class: 'empty' }, t('ripple.none')));
    return () => {};
  }
  const chosen = tables.find((x) => x.id === tableId) || tables[0];
  let res;
  try {
    res = await api.post('/iim', { table: chosen.id, cascade });
  } catch (err) {
    if (alive()) section.replaceChildren(title, alertBox('error', h('p', null, err.message)));
    return () => {};
  }
  if (!alive()) return () => {};
  const info = res.table;
  const about = h('p', { class: 'ripple-source', id: 'ripple-source' },
    t('ripple.about', { name: info.name, year: String(info.year) }), ' ',
    h('span', null, t('ripple.source', { source: info.source })));
  const parts = [title, h('p', null, t('ripple.intro'))];
  let dispose = () => {}; // a redrawn ripple's (another table chosen)
  let own = () => {}; // this drawing's chart
  if (tables.length > 1) {
    const names = new Map(tables.map((x) => [x.id, `${x.name} (${x.year})`]));
    const pick = field(t('ripple.choose'), h('select', { id: 'ripple-table' },
      ...options(tables.map((x) => x.id), chosen.id, (id) => names.get(id))));
    pick.control.addEventListener('change', async () => {
      own();
      own = () => {};
      dispose();
      dispose = await drawRipple(section, cascade, alive, pick.control.value);
      const again = section.querySelector('#ripple-table');
      if (again) again.focus();
    });
    parts.push(pick.field);
  }
  parts.push(about);
  if (info.illustrative) parts.push(h('p', { class: 'callout', id: 'ripple-illustrative' }, t('ripple.illustrative')));
  const chartEl = h('div', { class: 'ripple-chart', 'aria-hidden': 'true' });
  parts.push(chartEl);
  const unit = info.unit ? ` (${info.unit})` : '';
  parts.push(table(t('ripple.caption', { outage: fmtNumber(cascade.outage_h), horizon: fmtNumber(cascade.horizon_h) }), [
    { label: t('ripple.sector') }, { label: t('ripple.processes'), num: true },
    { label: t('ripple.direct'), num: true }, { label: t('ripple.q'), num: true },
    ...(res.loss ? [{ label: t('ripple.loss') + unit, num: true }] : []),
  ], res.sectors.map((s, i) => [
    s, fmtNumber(res.processes[i]), pct(res.c_star[i]), pct(res.q[i]),
    ...(res.loss ? [fmtNumber(Math.round(res.loss[i] * 10) / 10)] : []),
  ]), (i) => ({ 'data-sector': res.sectors[i] })));
  section.replaceChildren(...parts);

  let echarts;
  try {
    echarts = await import('/vendor/echarts/echarts.esm.min.mjs');
  } catch {
    chartEl.remove(); // the table still tells all
    return () => dispose();
  }
  if (!alive()) return () => dispose();
  const chart = echarts.init(chartEl, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    aria: { enabled: false },
    legend: { top: 0, textStyle: { color: '#1b1b1b' } },
    grid: { left: 8, right: 48, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { color: '#1b1b1b', formatter: '{value} %' } },
    yAxis: { type: 'category', inverse: true, data: res.sectors, axisLabel: { color: '#1b1b1b', fontSize: 13 } },
    series: [
      { name: t('ripple.direct'), type: 'bar', data: res.c_star.map((x) => Math.round(x * 1000) / 10), itemStyle: { color: '#8fb3d9' } },
      { name: t('ripple.q'), type: 'bar', data: res.q.map((x) => Math.round(x * 1000) / 10), itemStyle: { color: '#154273' },
        label: { show: true, position: 'right', color: '#1b1b1b', formatter: (p) => `${fmtNumber(p.value)} %` } },
    ],
  });
  const onResize = () => chart.resize();
  window.addEventListener('resize', onResize);
  own = () => {
    window.removeEventListener('resize', onResize);
    chart.dispose();
  };
  return () => {
    own();
    dispose();
  };
}
