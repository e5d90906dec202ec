// whatif.js — the what-if comparison of the action programme: the chosen
// measures applied to the stored graph and risks by the server (POST
// /api/v1/whatif, a job polled until done), shown before and after: the
// cascade of the failure the server picks (or the processes named), the
// processes whose course changes, the risks whose class changes and the
// criticality top 10. The comparison itself is the server's
// (src/domain/whatif.c); this module only shows it.

import * as api from '../api.js';
import { h, table, alertBox, announce, empty } from '../dom.js';
import { t, enumLabel, fmtNumber } from '../i18n.js';

// One side of a measure's change in the user's language, from the values
// the server gives (state_before/state_after); null when there are none.
function stateText(effect, st, processes) {
  if (!st) return null;
  switch (effect) {
    case 'add_supplier': {
      const names = st.suppliers.map((id) => name(processes, id));
      if (st.hidden_suppliers) names.push(t('whatif.state.hidden', { n: fmtNumber(st.hidden_suppliers) }));
      return t('whatif.state.suppliers', { list: names.join(', ') || t('common.none') });
    }
    case 'add_buffer': return t('whatif.state.buffer', { n: fmtNumber(st.buffer_h) });
    case 'add_fallback': return st.fallback
      ? t('whatif.state.fallback', { from: fmtNumber(st.fallback.from_h), through: fmtNumber(st.fallback.through_h) })
      : t('whatif.state.no_fallback');
    case 'likelihood': return t('whatif.state.likelihood', { class: st.class ?? t('common.none') });
    case 'impact': return t('whatif.state.impact', { criterion: st.criterion, class: st.class ?? t('common.none') });
    default: return null;
  }
}

function name(processes, id) {
  return processes.get(id)?.name || id;
}

function renderResult(res, processes, measures) {
  const parts = [];
  parts.push(h('p', { id: 'whatif-summary' }, t('whatif.summary', {
    // the server names only the failed processes this user may see
    failed: res.failed.length ? res.failed.map((id) => name(processes, id)).join(', ') : t('whatif.failed_hidden'),
    outage: fmtNumber(res.outage_h), horizon: fmtNumber(res.horizon_h),
  }), res.failed_default ? ` ${t('whatif.failed_default')}` : ''));
  parts.push(table(t('whatif.cascade_caption'), [
    { label: t('whatif.measure_of'), rowHeader: true }, { label: t('whatif.before'), num: true }, { label: t('whatif.after'), num: true },
  ], [
    [t('graph.affected'), fmtNumber(res.cascade.affected_before), fmtNumber(res.cascade.affected_after)],
    [t('graph.down_node_hours'), fmtNumber(res.cascade.down_node_hours_before), fmtNumber(res.cascade.down_node_hours_after)],
  ], (i) => ({ 'data-metric': ['affected', 'down_node_hours'][i] })));
  parts.push(table(t('whatif.measures_caption'), [
    { label: t('field.name'), rowHeader: true }, { label: t('whatif.effect') }, { label: t('whatif.target') },
    { label: t('whatif.before') }, { label: t('whatif.after') },
  ], res.measures.map((m) => [
    measures.get(m.id)?.name || m.id, enumLabel('effect', m.effect), m.target || t('common.none'),
    stateText(m.effect, m.state_before, processes) ?? m.before ?? t('common.none'),
    stateText(m.effect, m.state_after, processes) ?? m.after ?? t('common.none'),
  ]), (i) => ({ 'data-measure': res.measures[i].id })));
  const changed = (res.cascade.nodes || []).filter((n) => JSON.stringify(n.before) !== JSON.stringify(n.after));
  parts.push(h('h3', null, t('whatif.changed_processes')));
  parts.push(changed.length === 0 ? empty(t('whatif.no_change')) : table(null, [
    { label: t('field.process'), rowHeader: true }, { label: t('whatif.hours_before'), num: true }, { label: t('whatif.hours_after'), num: true },
  ], changed.map((n) => [name(processes, n.id), fmtNumber(n.before ? n.before.down_h : 0), fmtNumber(n.after ? n.after.down_h : 0)])));
  if ((res.risks || []).length) {
    parts.push(table(t('whatif.risks_caption'), [
      { label: t('whatif.risk'), rowHeader: true }, { label: t('field.likelihood') }, { label: t('whatif.impact_class') },
    ], res.risks.map((r) => [
      r.id, `${r.before.likelihood} → ${r.after.likelihood}`, `${r.before.impact_class ?? t('common.none')} → ${r.after.impact_class ?? t('common.none')}`,
    ])));
  }
  const before = res.criticality.before || [];
  const after = res.criticality.after || [];
  parts.push(table(t('whatif.criticality_caption'), [
    { label: t('graph.rank'), num: true }, { label: t('whatif.before') }, { label: t('whatif.after') },
  ], before.map((b, i) => [
    fmtNumber(b.rank), `${name(processes, b.id)} (${fmtNumber(b.affected)})`,
    after[i] ? `${name(processes, after[i].id)} (${fmtNumber(after[i].affected)})` : t('common.none'),
  ])));
  return parts;
}

// Appends the what-if section; selected is the Set of chosen measure ids.
export function whatifSection(ctx, parent, { selected, processes, measures, onClear }) {
  const count = h('p', { id: 'whatif-count' });
  const out = h('div', { id: 'whatif-result' });
  const run = h('button', { type: 'button', id: 'whatif-run' }, t('whatif.run'));
  const clearBtn = h('button', { type: 'button', class: 'secondary', id: 'whatif-clear' }, t('whatif.clear'));
  parent.appendChild(h('section', { 'aria-labelledby': 'whatif-title', id: 'whatif' },
    h('h2', { id: 'whatif-title' }, t('whatif.title')),
    h('p', null, t('whatif.intro')), count, h('div', { class: 'actions' }, run, clearBtn), out));
  const update = () => {
    count.textContent = t('whatif.count', { n: fmtNumber(selected.size) });
  };
  clearBtn.addEventListener('click', () => { selected.clear(); update(); onClear(); });
  run.addEventListener('click', async () => {
    if (selected.size === 0) {
      out.replaceChildren(alertBox('error', h('p', null, t('whatif.pick'))));
      return;
    }
    run.disabled = true;
    const bar = h('progress', { max: 1, value: 0, 'aria-label': t('whatif.progress') });
    out.replaceChildren(h('p', null, t('whatif.running')), bar);
    try {
      const job = await api.post('/whatif', { measures: [...selected] });
      const res = await api.waitForJob(job.location, (p) => { bar.value = p; });
      if (!ctx.alive()) return;
      out.replaceChildren(...renderResult(res, processes, measures));
      announce(t('whatif.done'));
    } catch (err) {
      if (ctx.alive()) out.replaceChildren(alertBox('error', h('p', null, err.message)));
    } finally {
      run.disabled = false;
    }
  });
  update();
  return update;
}
