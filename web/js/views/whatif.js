// whatif.js — the what-if comparison of the action programme and of one
// measure's page: the chosen measures applied to the stored graph and risks
// by the server (POST /api/v1/whatif, a job polled until done), shown before
// and after: the cascade of the failure the user chooses (issue 13 part 2:
// what fails, for how long, over which horizon; by default the suppliers of
// the input the first chosen measure's effect works on, and the processes
// the server picks when no measure names an input), the processes whose
// course changes, the risks whose class changes and the criticality top 10.
// When nothing changes it says why in words (whyUnchanged below: derived
// from the comparison itself and the dependencies the user may read). The
// comparison itself is the server's (src/domain/whatif.c); this module only
// asks it and shows it.

import * as api from '../api.js';
import { h, table, alertBox, announce, empty, field } from '../dom.js';
import { t, enumLabel, fmtNumber } from '../i18n.js';
import { checklistField } from '../checklist.js';
import { runJob } from '../jobs.js';

const GRAPH_EFFECTS = new Set(['add_supplier', 'add_buffer', 'add_fallback']);

// One side of a measure's change in the user's language, from the values
// the server gives (state_before/state_after); null when there are none.
function stateText(effect, st, names) {
  if (!st) return null;
  switch (effect) {
    case 'add_supplier': {
      const list = st.suppliers.map((id) => name(names, id));
      if (st.hidden_suppliers) list.push(t('whatif.state.hidden', { n: fmtNumber(st.hidden_suppliers) }));
      return t('whatif.state.suppliers', { list: list.join(', ') || t('common.none') });
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

function name(names, id) {
  return names.get(id)?.name || id;
}

const suppliersOf = (dep) => [...(dep.suppliers || []), ...(dep.supplier_services || [])];
const inputName = (dep) => dep.description || dep.id;

// The failure a measure's effect addresses: the suppliers of the input it
// works on (all of them: they are alternatives, so the input is lost only
// when every one fails). Null for a risk effect or an input the user may
// not read.
export function addressedFailure(measure, deps, names) {
  if (!measure || !GRAPH_EFFECTS.has(measure.effect)) return null;
  const dep = deps.get(measure.effect_dependency);
  if (!dep) return null;
  const fail = suppliersOf(dep).filter((id) => names.has(id));
  return fail.length ? { fail, dep, measure } : null;
}

// Why the cascade is the same before and after, in words: one reason per
// measure, derived from the comparison (which nodes were down, how long)
// and the dependencies the user may read. Each is [code, text].
export function whyUnchanged(res, { deps, names, measures }) {
  const node = new Map((res.cascade.nodes || []).map((n) => [n.id, n]));
  const downBefore = (id) => Boolean(node.get(id)?.before);
  const reasons = [];
  for (const m of res.measures) {
    const mname = measures.get(m.id)?.name || m.id;
    const say = (code, vars = {}) => reasons.push([code, t(`whatif.why.${code}`, { measure: mname, ...vars })]);
    if (!GRAPH_EFFECTS.has(m.effect)) { say('risk_only'); continue; }
    const dep = m.target ? deps.get(m.target) : null;
    if (!dep) { say('hidden_target'); continue; }
    const proc = name(names, dep.process);
    const input = inputName(dep);
    if (!m.changed) {
      if (m.effect === 'add_supplier') say('supplier_already', { supplier: name(names, measures.get(m.id)?.effect_supplier), input });
      else if (m.effect === 'add_fallback') say('fallback_weaker', { input });
      else say('no_hours', { input });
      continue;
    }
    const sup = suppliersOf(dep);
    const down = sup.filter(downBefore);
    if (down.length === 0) {
      say('not_reached', { input, process: proc, suppliers: sup.map((id) => name(names, id)).join(', ') });
      continue;
    }
    if (down.length < sup.length) {
      say('alternatives', { input, process: proc, up: sup.filter((id) => !downBefore(id)).map((id) => name(names, id)).join(', ') });
      continue;
    }
    if (!downBefore(dep.process)) { say('copes_already', { input, process: proc }); continue; }
    // the input is lost while every supplier is down: at least the shortest of their outages
    const loss = Math.min(...down.map((id) => node.get(id).before.down_h));
    let said = false;
    if (m.effect === 'add_buffer' && m.state_after && m.state_after.buffer_h < loss) {
      say('buffer_short', { input, buffer: fmtNumber(m.state_after.buffer_h), loss: fmtNumber(loss) });
      said = true;
    }
    if (m.effect === 'add_fallback' && m.state_after?.fallback && m.state_after.fallback.through_h < loss) {
      say('fallback_short', {
        input, from: fmtNumber(m.state_after.fallback.from_h), through: fmtNumber(m.state_after.fallback.through_h), loss: fmtNumber(loss),
      });
      said = true;
    }
    if (m.effect === 'add_supplier') {
      const added = measures.get(m.id)?.effect_supplier;
      if (added && downBefore(added)) { say('new_supplier_down', { supplier: name(names, added), input }); said = true; }
    }
    // another input of the same process lost in this scenario keeps it down anyway
    const others = [...deps.values()].filter((d) => d.process === dep.process && d.id !== dep.id
      && suppliersOf(d).length && suppliersOf(d).every(downBefore));
    if (others.length) {
      say('other_input', { process: proc, inputs: others.map(inputName).join('; ') });
      said = true;
    }
    if (!said) say('unknown', { input, process: proc });
  }
  return reasons;
}

function renderResult(res, { names, measures, deps }) {
  const parts = [];
  parts.push(h('p', { id: 'whatif-summary' }, t('whatif.summary', {
    // the server names only the failed processes this user may see
    failed: res.failed.length ? res.failed.map((id) => name(names, id)).join(', ') : t('whatif.failed_hidden'),
    outage: fmtNumber(res.outage_h), horizon: fmtNumber(res.horizon_h),
  }), res.failed_default ? ` ${t('whatif.failed_default')}` : ''));
  if (Number.isInteger(res.not_visible) && res.not_visible > 0) {
    parts.push(h('p', { id: 'whatif-not-visible', class: 'hint' }, t('graph.not_visible', { n: fmtNumber(res.not_visible) })));
  }
  parts.push(table(t('whatif.cascade_caption'), [
    { label: t('whatif.measure_of'), rowHeader: true }, { label: t('whatif.before'), num: true }, { label: t('whatif.after'), num: true },
  ], [
    [t('graph.affected'), fmtNumber(res.cascade.affected_before), fmtNumber(res.cascade.affected_after)],
    [t('graph.down_node_hours'), fmtNumber(res.cascade.down_node_hours_before), fmtNumber(res.cascade.down_node_hours_after)],
  ], (i) => ({ 'data-metric': ['affected', 'down_node_hours'][i] })));
  const changed = (res.cascade.nodes || []).filter((n) => JSON.stringify(n.before) !== JSON.stringify(n.after));
  const same = changed.length === 0 && res.cascade.affected_before === res.cascade.affected_after
    && res.cascade.down_node_hours_before === res.cascade.down_node_hours_after;
  if (same) {
    const why = whyUnchanged(res, { deps, names, measures });
    parts.push(h('div', { id: 'whatif-why', class: 'callout' },
      h('p', null, h('strong', null, t('whatif.why.title'))),
      h('ul', null, why.map(([code, text]) => h('li', { 'data-reason': code }, text)))));
  }
  parts.push(table(t('whatif.measures_caption'), [
    { label: t('field.name'), rowHeader: true }, { label: t('whatif.effect') }, { label: t('whatif.target') },
    { label: t('whatif.before') }, { label: t('whatif.after') },
  ], res.measures.map((m) => [
    measures.get(m.id)?.name || m.id, enumLabel('effect', m.effect),
    (m.target && deps.get(m.target) ? `${name(names, deps.get(m.target).process)}: ${inputName(deps.get(m.target))}` : m.target) || t('common.none'),
    stateText(m.effect, m.state_before, names) ?? m.before ?? t('common.none'),
    stateText(m.effect, m.state_after, names) ?? m.after ?? t('common.none'),
  ]), (i) => ({ 'data-measure': res.measures[i].id })));
  parts.push(h('h3', null, t('whatif.changed_processes')));
  parts.push(changed.length === 0 ? empty(t('whatif.no_change')) : table(null, [
    { label: t('field.process'), rowHeader: true }, { label: t('whatif.hours_before'), num: true }, { label: t('whatif.hours_after'), num: true },
  ], changed.map((n) => [name(names, n.id), fmtNumber(n.before ? n.before.down_h : 0), fmtNumber(n.after ? n.after.down_h : 0)]),
  (i) => ({ 'data-changed': changed[i].id })));
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
    fmtNumber(b.rank), `${name(names, b.id)} (${fmtNumber(b.affected)})`,
    after[i] ? `${name(names, after[i].id)} (${fmtNumber(after[i].affected)})` : t('common.none'),
  ])));
  return parts;
}

// A setting's whole hours, or the fallback when it cannot be read.
async function settingHours(key, fallback) {
  try {
    const s = await api.getRecord('settings', key);
    const n = Number(s.value);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  } catch {
    return fallback;
  }
}

// Appends the what-if section; selected is the Set of chosen measure ids,
// processes the Map of the processes by id, measures the Map of the
// measures by id. one: the section of one measure's page (no clear button,
// the measure fixed). Returns update(), to call when the selection changes.
export function whatifSection(ctx, parent, { selected, processes, measures, onClear, one = false }) {
  const count = h('p', { id: 'whatif-count' });
  const out = h('div', { id: 'whatif-result' });
  const run = h('button', { type: 'button', id: 'whatif-run' }, t('whatif.run'));
  const clearBtn = one ? null : h('button', { type: 'button', class: 'secondary', id: 'whatif-clear' }, t('whatif.clear'));
  const scenario = h('fieldset', { id: 'whatif-scenario' }, h('legend', null, t('whatif.scenario')), h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  parent.appendChild(h('section', { 'aria-labelledby': 'whatif-title', id: 'whatif' },
    h('h2', { id: 'whatif-title' }, one ? t('whatif.title_one') : t('whatif.title')),
    h('p', null, one ? t('whatif.intro_one') : t('whatif.intro')), one ? '' : count, scenario,
    h('div', { class: 'actions' }, run, clearBtn || ''), out));

  // the failure: what fails (processes and services), for how long, the horizon
  let picker = null;
  let touched = false; // the user chose the failure: no default replaces it
  let deps = new Map();
  let names = new Map(processes);
  const why = h('p', { class: 'hint', id: 'whatif-fail-why', 'aria-live': 'polite' });
  const outage = field(t('graph.outage_h'), h('input', { type: 'number', id: 'whatif-outage-h', min: 0, max: 100000, required: true }), t('whatif.outage_hint'));
  const horizon = field(t('graph.horizon_h'), h('input', { type: 'number', id: 'whatif-horizon-h', min: 1, max: 100000, required: true }), t('graph.horizon_hint'));
  const chosenMeasures = () => [...selected].map((id) => measures.get(id)).filter(Boolean);
  const applyDefault = () => {
    if (!picker || touched) return;
    const addressed = chosenMeasures().map((m) => addressedFailure(m, deps, names)).find(Boolean);
    picker.setSelected(addressed ? addressed.fail : []);
    why.textContent = addressed ? t('whatif.fail_default', {
      measure: addressed.measure.name, input: inputName(addressed.dep), process: name(names, addressed.dep.process),
    }) : t('whatif.fail_server');
    why.dataset.default = addressed ? 'addressed' : 'server';
  };
  const ready = Promise.all([
    api.listAll('dependencies').catch(() => []), api.listAll('services').catch(() => []),
    settingHours('whatif_outage_h', 24), settingHours('whatif_horizon_h', 168),
  ]).then(([depList, serviceList, outageH, horizonH]) => {
    if (!ctx.alive()) return;
    deps = new Map(depList.map((d) => [d.id, d]));
    names = new Map([...processes, ...serviceList.map((s) => [s.id, { ...s, name: t('graph.service_name', { name: s.name }) }])]);
    const ids = [...names.keys()].sort((a, b) => name(names, a).localeCompare(name(names, b)));
    picker = checklistField({
      id: 'whatif-fail-search', name: 'whatif-fail', label: t('whatif.fail_label'), values: ids, labelOf: (id) => name(names, id),
      onChange: () => {
        touched = true;
        why.textContent = t('whatif.fail_chosen');
        why.dataset.default = 'chosen';
      },
    });
    const reset = h('button', { type: 'button', class: 'secondary', id: 'whatif-fail-default' }, t('whatif.fail_reset'));
    reset.addEventListener('click', () => { touched = false; applyDefault(); });
    outage.control.value = String(outageH);
    horizon.control.value = String(horizonH);
    scenario.replaceChildren(h('legend', null, t('whatif.scenario')),
      picker.field,
      why, h('div', { class: 'actions' }, reset),
      h('div', { class: 'form-grid' }, outage.field, horizon.field));
    applyDefault();
  });

  const update = () => {
    count.textContent = t('whatif.count', { n: fmtNumber(selected.size) });
    ready.then(applyDefault);
  };
  if (clearBtn) clearBtn.addEventListener('click', () => { selected.clear(); update(); onClear(); });
  const bad = (f, text) => {
    f.error.textContent = text;
    f.error.hidden = false;
    f.control.setAttribute('aria-invalid', 'true');
    f.control.focus();
  };
  run.addEventListener('click', async () => {
    await ready;
    if (selected.size === 0) {
      out.replaceChildren(alertBox('error', h('p', null, t('whatif.pick'))));
      return;
    }
    for (const f of [outage, horizon]) { f.error.hidden = true; f.control.removeAttribute('aria-invalid'); }
    const outageH = Number(outage.control.value);
    const horizonH = Number(horizon.control.value);
    if (!Number.isInteger(outageH) || outageH < 0) { bad(outage, t('graph.whole_hours')); return; }
    if (!Number.isInteger(horizonH) || horizonH < 1) { bad(horizon, t('graph.whole_hours')); return; }
    const body = { measures: [...selected], outage_h: outageH, horizon_h: horizonH };
    const fail = picker ? picker.selected() : [];
    if (fail.length) body.fail = fail;
    run.disabled = true;
    out.replaceChildren(h('p', null, t('whatif.running')));
    try {
      const job = await api.post('/whatif', body);
      const res = await runJob(out, job.location, { label: t('whatif.progress'), intro: t('whatif.running') });
      if (!ctx.alive() || res === null) return;
      out.replaceChildren(...renderResult(res, { names, measures, deps }));
      announce(t('whatif.done'));
    } catch (err) {
      if (!ctx.alive()) return;
      const f = err.field === 'horizon_h' ? horizon : err.field === 'outage_h' ? outage : null;
      if (f) bad(f, err.message);
      else out.replaceChildren(alertBox('error', h('p', null, err.message)));
    } finally {
      run.disabled = false;
    }
  });
  update();
  return update;
}
