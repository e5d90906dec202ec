// measure.js — one measure of the action programme: what it is, and for a
// user who may write it the edit form (status, due date, the CER/NIS2
// requirements it helps meet, its what-if effect: which dependency or risk
// it changes and how, with only the fields that effect uses shown); its
// effectiveness reviews with their four-eyes approval and the form to
// record one (reviews.js), the what-if comparison of this measure on the
// failure its effect addresses (whatif.js), its evidence (attachments.js), its comment thread
// (comments.js), its sharing (sharing.js), then its history (history.js). The follow-up the server derives (overdue, adjustment due)
// stands beside the status. Saving follows form.js: PUT with the version
// read, errors beside the field, a 409 offers a reload, nothing typed is
// lost on a failed save.

import * as api from '../api.js';
import { h, badge, alertBox } from '../dom.js';
import { t, enumLabel, fmtDate, currentLang } from '../i18n.js';
import { canWrite, providedProcesses, criterionLabel, textIn } from '../data.js';
import { buildForm, readForm, saveRecord, onSubmit } from '../form.js';
import { followUpBadges } from './measures.js';
import { historySection } from './history.js';
import { sharingSection, tlpBadge } from './sharing.js';
import { reviewsSection } from './reviews.js';
import { attachmentsSection } from './attachments.js';
import { commentsSection } from './comments.js';
import { whatifSection } from './whatif.js';

const STATUSES = ['proposed', 'planned', 'in_progress', 'done', 'cancelled'];
const CLASSES = ['A', 'B', 'C', 'D', 'E'];
// The fields each what-if effect uses (the server's rule is in
// src/domain/whatif.c; it refuses a what-if run when one is missing, so the
// form asks for every field of the chosen effect).
const EFFECT_FIELDS = {
  none: [],
  add_supplier: ['effect_dependency', 'effect_supplier'],
  add_buffer: ['effect_dependency', 'effect_hours'],
  add_fallback: ['effect_dependency', 'effect_activation_h', 'effect_duration_h'],
  likelihood: ['effect_risk', 'effect_class'],
  impact: ['effect_risk', 'effect_criterion', 'effect_class'],
};
const ALL_EFFECT_FIELDS = [...new Set(Object.values(EFFECT_FIELDS).flat())];

export async function render(ctx, flash) {
  const { main, params, user } = ctx;
  const measure = await api.getRecord('measures', params.id);
  const [processList, requirements, reviews, provided, frameworks] = await Promise.all([
    api.listAll('processes'), api.listAll('requirements'), api.listAll('reviews', { measure: measure.id }),
    providedProcesses(user), api.listAll('frameworks'),
  ]);
  if (!ctx.alive()) return undefined;
  const processes = new Map(processList.map((p) => [p.id, p]));
  const writable = (measure.processes || []).some((id) => canWrite(user, processes.get(id), measure.owner, provided))
    || user.role === 'coordinator';
  const rerender = (message) => {
    main.replaceChildren();
    return render(ctx, message);
  };

  main.appendChild(h('p', { class: 'breadcrumb' },
    h('a', { href: '#/measures' }, t('measures.title')), ' › ', measure.name));
  main.appendChild(h('div', { class: 'page-head' }, h('h1', null, measure.name), badge('measure_status', measure.status),
    followUpBadges(measure), tlpBadge(measure.tlp)));
  const messages = h('div', { id: 'measure-messages' });
  main.appendChild(messages);
  if (flash) {
    messages.appendChild(alertBox('success', h('p', { tabindex: '-1' }, flash)));
    window.setTimeout(() => messages.querySelector('p')?.focus(), 0);
  }
  const reqLabel = (r) => [r.ref_id, textIn(r).text].filter(Boolean).join(' — ') || r.id;
  // the language a requirement's text is in: its framework's, unless translated
  const fwLang = new Map(frameworks.map((fw) => [fw.id, fw.language || null]));
  const reqLang = (r) => textIn(r, 'name', fwLang.get(r.framework)).lang;
  const reqById = new Map(requirements.map((r) => [r.id, r]));
  main.appendChild(h('dl', { class: 'facts', id: 'measure-facts' },
    h('dt', null, t('field.kind')), h('dd', null, enumLabel('measure_kind', measure.kind)),
    h('dt', null, t('field.scope')), h('dd', null, enumLabel('measure_scope', measure.scope)),
    h('dt', null, t('field.processes')), h('dd', null, (measure.processes || []).map((id) => processes.get(id)?.name || id).join(', ') || t('common.none')),
    h('dt', null, t('field.due')), h('dd', null, measure.due ? fmtDate(measure.due) : t('common.none')),
    h('dt', null, t('measures.follow_up')), h('dd', { id: 'measure-follow-up' }, followUpBadges(measure) || t('measure.follow_up_none')),
    h('dt', null, t('measure.requirements')), h('dd', { id: 'measure-requirements' },
      (measure.requirements || []).map((id) => (reqById.get(id) ? reqLabel(reqById.get(id)) : id)).join('; ') || t('common.none'))));

  if (writable) {
    const [deps, risks, criteria] = await Promise.all([
      api.listAll('dependencies'), api.listAll('risks'), api.listAll('impact_criteria'),
    ]);
    if (!ctx.alive()) return undefined;
    renderEditor(ctx, main, { measure, requirements, reqLabel, reqLang, messages, rerender, processes, deps, risks, criteria });
  }
  if (measure.effect && measure.effect !== 'none') {
    whatifSection(ctx, main, { selected: new Set([measure.id]), processes, measures: new Map([[measure.id, measure]]), one: true });
  }
  await reviewsSection(ctx, main, { measure, reviews, writable, user, processes, rerender });
  if (!ctx.alive()) return undefined;
  await attachmentsSection(ctx, main, { kind: 'measures', id: measure.id, writable: writable && user.role !== 'auditor' });
  if (!ctx.alive()) return undefined;
  await sharingSection(ctx, main, { kind: 'measures', record: measure, writable, onSaved: rerender });
  if (!ctx.alive()) return undefined;
  await commentsSection(ctx, main, { kind: 'measures', id: measure.id, user });
  if (!ctx.alive()) return undefined;
  historySection(ctx, main, { kind: 'measures', id: measure.id, onRestored: rerender });
  return undefined;
}

// The what-if effect's controls: the effect, then the fields it uses.
function effectForm(measure, { processes, deps, risks, criteria }) {
  const pname = (id) => processes.get(id)?.name || id;
  const mine = new Set(measure.processes || []);
  // dependencies of the measure's own processes first, then the rest
  const depOrder = [...deps].sort((a, b) => Number(mine.has(b.process)) - Number(mine.has(a.process))
    || pname(a.process).localeCompare(pname(b.process)));
  const depById = new Map(deps.map((d) => [d.id, d]));
  const riskById = new Map(risks.map((r) => [r.id, r]));
  const addressed = new Set(measure.risks || []);
  const riskOrder = [...risks].sort((a, b) => Number(addressed.has(b.id)) - Number(addressed.has(a.id)) || a.id.localeCompare(b.id));
  const critById = new Map(criteria.map((c) => [c.id, c]));
  const choose = t('form.choose');
  const form = buildForm([
    { name: 'effect', label: t('measure.effect'), type: 'select', values: Object.keys(EFFECT_FIELDS), labelOf: (v) => enumLabel('effect', v), required: true, hint: t('measure.effect_hint') },
    { name: 'effect_dependency', required: true, label: t('measure.effect_dependency'), type: 'select', empty: choose, values: depOrder.map((d) => d.id), labelOf: (id) => (depById.get(id) ? `${pname(depById.get(id).process)}: ${depById.get(id).description || id}` : id), wide: true },
    { name: 'effect_supplier', required: true, label: t('measure.effect_supplier'), type: 'select', empty: choose, values: [...processes.keys()].sort((a, b) => pname(a).localeCompare(pname(b))), labelOf: pname },
    { name: 'effect_hours', required: true, label: t('measure.effect_hours'), type: 'number', min: 0, max: 1000000 },
    { name: 'effect_activation_h', required: true, label: t('measure.effect_activation_h'), type: 'number', min: 0, max: 1000000 },
    { name: 'effect_duration_h', required: true, label: t('measure.effect_duration_h'), type: 'number', min: 1, max: 1000000 },
    { name: 'effect_risk', required: true, label: t('measure.effect_risk'), type: 'select', empty: choose, values: riskOrder.map((r) => r.id), labelOf: (id) => (riskById.get(id) ? `${id} — ${riskById.get(id).scenario || ''}`.slice(0, 120) : id), wide: true },
    { name: 'effect_criterion', required: true, label: t('measure.effect_criterion'), type: 'select', empty: choose, values: criteria.map((c) => c.id), labelOf: (id) => (critById.get(id) ? criterionLabel(critById.get(id)) : id) },
    { name: 'effect_class', required: true, label: t('measure.effect_class'), type: 'select', empty: choose, values: CLASSES, hint: t('measure.effect_class_hint') },
  ], measure, 'measure');
  const effect = form.fields.get('effect').control;
  const show = () => {
    const used = new Set(EFFECT_FIELDS[effect.value] || []);
    for (const name of ALL_EFFECT_FIELDS) form.fields.get(name).field.hidden = !used.has(name);
  };
  effect.addEventListener('change', show);
  show();
  // what the record gets: the chosen effect's fields, the others emptied
  const read = (values) => {
    const used = new Set(EFFECT_FIELDS[values.effect] || []);
    for (const name of ALL_EFFECT_FIELDS) if (!used.has(name)) values[name] = null;
    return values;
  };
  return { ...form, read };
}

function renderEditor(ctx, main, { measure, requirements, reqLabel, reqLang, messages, rerender, ...lists }) {
  const form1 = buildForm([
    { name: 'status', label: t('field.status'), type: 'select', values: STATUSES, labelOf: (v) => enumLabel('measure_status', v), required: true },
    { name: 'due', label: t('field.due'), type: 'date' },
  ], measure, 'measure');
  const assessable = requirements.filter((r) => r.assessable || (measure.requirements || []).includes(r.id));
  const reqById = new Map(assessable.map((r) => [r.id, r]));
  const reqs = buildForm([{
    name: 'requirements', label: t('measure.requirements'), type: 'checklist', hint: t('measure.requirements_hint'),
    values: assessable.map((r) => r.id), labelOf: (id) => (reqById.has(id) ? reqLabel(reqById.get(id)) : id),
    langOf: (id) => { const l = reqById.has(id) ? reqLang(reqById.get(id)) : null; return l && l !== currentLang() ? l : null; },
  }], measure, 'measure');
  const effects = effectForm(measure, lists);
  const fields = new Map([...form1.fields, ...reqs.fields, ...effects.fields]);
  const saveBtn = h('button', { type: 'submit', id: 'save-measure' }, t('form.save'));
  const form = h('form', { id: 'measure-form', novalidate: true, 'aria-labelledby': 'measure-edit-title' },
    h('h2', { id: 'measure-edit-title' }, t('measure.edit')),
    h('div', { class: 'form-grid' }, form1.nodes, reqs.nodes),
    h('fieldset', { id: 'measure-effect-fields' }, h('legend', null, t('measure.effect_title')),
      h('p', { class: 'hint' }, t('measure.effect_intro')),
      h('div', { class: 'form-grid' }, effects.nodes)),
    h('div', { class: 'actions' }, saveBtn));
  onSubmit(form, { fields, box: messages, onReload: () => rerender(t('form.reloaded')) }, async () => {
    const values = effects.read(readForm(effects.fields, readForm(reqs.fields, readForm(form1.fields, measure))));
    await saveRecord('measures', values, false);
    if (ctx.alive()) rerender(t('form.saved'));
  });
  main.appendChild(form);
}
