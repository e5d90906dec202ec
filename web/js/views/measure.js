// measure.js — one measure of the action programme: what it is, and for a
// user who may write it the edit form (status, due date, the CER/NIS2
// requirements it helps meet) and the form to record an effectiveness
// review (date, method, result, findings, adjustment); the reviews so far
// below. Saving follows form.js: PUT with the version read, errors beside
// the field, a 409 offers a reload, nothing typed is lost on a failed save.

import * as api from '../api.js';
import { h, table, badge, empty, alertBox, field } from '../dom.js';
import { t, enumLabel, fmtDate } from '../i18n.js';
import { canWrite, providedProcesses, todayIso } from '../data.js';
import { buildForm, readForm, clearErrors, checkRequired, showApiError, saveRecord } from '../form.js';

const STATUSES = ['proposed', 'planned', 'in_progress', 'done', 'cancelled'];
const METHODS = ['exercise', 'test', 'audit', 'incident'];
const RESULTS = ['effective', 'partly_effective', 'ineffective', 'inconclusive'];

export async function render(ctx, flash) {
  const { main, params, user } = ctx;
  const measure = await api.getRecord('measures', params.id);
  const [processList, requirements, reviews, provided] = await Promise.all([
    api.listAll('processes'), api.listAll('requirements'), api.listAll('reviews', { measure: measure.id }),
    providedProcesses(user),
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
  main.appendChild(h('div', { class: 'page-head' }, h('h1', null, measure.name), badge('measure_status', measure.status)));
  const messages = h('div', { id: 'measure-messages' });
  main.appendChild(messages);
  if (flash) {
    messages.appendChild(alertBox('success', h('p', { tabindex: '-1' }, flash)));
    window.setTimeout(() => messages.querySelector('p')?.focus(), 0);
  }
  const reqLabel = (r) => [r.ref_id, r.name].filter(Boolean).join(' — ') || r.id;
  const reqById = new Map(requirements.map((r) => [r.id, r]));
  main.appendChild(h('dl', { class: 'facts', id: 'measure-facts' },
    h('dt', null, t('field.kind')), h('dd', null, enumLabel('measure_kind', measure.kind)),
    h('dt', null, t('field.scope')), h('dd', null, enumLabel('measure_scope', measure.scope)),
    h('dt', null, t('field.processes')), h('dd', null, (measure.processes || []).map((id) => processes.get(id)?.name || id).join(', ') || t('common.none')),
    h('dt', null, t('field.due')), h('dd', null, measure.due ? fmtDate(measure.due) : t('common.none')),
    h('dt', null, t('measure.requirements')), h('dd', { id: 'measure-requirements' },
      (measure.requirements || []).map((id) => (reqById.get(id) ? reqLabel(reqById.get(id)) : id)).join('; ') || t('common.none'))));

  if (writable) renderEditor(ctx, main, { measure, requirements, reqLabel, messages, rerender });
  renderReviews(main, { measure, reviews, writable, user, processes, rerender });
  return undefined;
}

function renderEditor(ctx, main, { measure, requirements, reqLabel, messages, rerender }) {
  const form1 = buildForm([
    { name: 'status', label: t('field.status'), type: 'select', values: STATUSES, labelOf: (v) => enumLabel('measure_status', v), required: true },
    { name: 'due', label: t('field.due'), type: 'date' },
  ], measure, 'measure');
  const assessable = requirements.filter((r) => r.assessable || (measure.requirements || []).includes(r.id));
  const select = h('select', { id: 'measure-requirements-select', name: 'requirements', multiple: true, size: Math.min(8, Math.max(3, assessable.length)) },
    assessable.map((r) => h('option', { value: r.id, selected: (measure.requirements || []).includes(r.id) }, reqLabel(r))));
  const reqField = field(t('measure.requirements'), select, t('measure.requirements_hint'));
  reqField.field.classList.add('wide');
  const fields = new Map([...form1.fields, ['requirements', { ...reqField, spec: { name: 'requirements', label: t('measure.requirements') } }]]);
  const saveBtn = h('button', { type: 'submit', id: 'save-measure' }, t('form.save'));
  const form = h('form', { id: 'measure-form', novalidate: true, 'aria-labelledby': 'measure-edit-title' },
    h('h2', { id: 'measure-edit-title' }, t('measure.edit')),
    h('div', { class: 'form-grid' }, form1.nodes, reqField.field),
    h('div', { class: 'actions' }, saveBtn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(fields, messages);
    const first = checkRequired(form1.fields);
    if (first) {
      messages.replaceChildren(alertBox('error', h('p', null, t('form.fix_field', { field: first.spec.label }))));
      first.control.focus();
      return;
    }
    const values = readForm(form1.fields, measure);
    values.requirements = [...select.selectedOptions].map((o) => o.value);
    saveBtn.disabled = true;
    try {
      await saveRecord('measures', values, false);
      if (ctx.alive()) rerender(t('form.saved'));
    } catch (err) {
      showApiError(err, fields, messages, () => rerender(t('form.reloaded')));
    } finally {
      saveBtn.disabled = false;
    }
  });
  main.appendChild(form);
}

function renderReviews(main, { measure, reviews, writable, user, processes, rerender }) {
  const section = h('section', { id: 'reviews', 'aria-labelledby': 'reviews-title' },
    h('h2', { id: 'reviews-title' }, t('measure.reviews')));
  main.appendChild(section);
  const sorted = [...reviews].sort((a, b) => String(b.date).localeCompare(String(a.date)));
  section.appendChild(sorted.length === 0 ? empty(t('measure.no_reviews')) : table(null, [
    { label: t('field.date'), rowHeader: true }, { label: t('review.method') }, { label: t('review.result') },
    { label: t('review.findings') }, { label: t('review.adjustment') },
  ], sorted.map((r) => [
    fmtDate(r.date), enumLabel('review_method', r.method), enumLabel('review_result', r.result),
    r.findings || t('common.none'), r.adjustment || t('common.none'),
  ]), (i) => ({ 'data-review': sorted[i].id })));
  if (!writable || user.role === 'auditor') return;

  const firstProcess = processes.get((measure.processes || [])[0]);
  const owner = user.role === 'coordinator' ? measure.owner : user.org;
  const base = {
    id: null, measure: measure.id, date: todayIso(), method: null, result: null, findings: null, adjustment: null,
    classification: measure.classification, owner: owner || firstProcess?.ministry,
  };
  const { nodes, fields } = buildForm([
    { name: 'date', label: t('field.date'), type: 'date', required: true },
    { name: 'method', label: t('review.method'), type: 'select', values: METHODS, labelOf: (v) => enumLabel('review_method', v), required: true, empty: t('form.choose') },
    { name: 'result', label: t('review.result'), type: 'select', values: RESULTS, labelOf: (v) => enumLabel('review_result', v), required: true, empty: t('form.choose') },
    { name: 'findings', label: t('review.findings'), type: 'textarea', wide: true },
    { name: 'adjustment', label: t('review.adjustment'), type: 'textarea', wide: true },
  ], base, 'review');
  const box = h('div', { id: 'review-messages' });
  const saveBtn = h('button', { type: 'submit', id: 'save-review' }, t('review.save'));
  const form = h('form', { id: 'review-form', novalidate: true, 'aria-labelledby': 'review-new-title' },
    h('h3', { id: 'review-new-title' }, t('review.new')), box,
    h('div', { class: 'form-grid' }, nodes), h('div', { class: 'actions' }, saveBtn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(fields, box);
    const first = checkRequired(fields);
    if (first) {
      box.replaceChildren(alertBox('error', h('p', null, t('form.fix_field', { field: first.spec.label }))));
      first.control.focus();
      return;
    }
    const values = readForm(fields, base);
    values.id = `rv-${measure.id.replace(/^ms-/, '')}-${values.date}-${Date.now().toString(36)}`.slice(0, 128);
    saveBtn.disabled = true;
    try {
      await saveRecord('reviews', values, true);
      rerender(t('review.saved'));
    } catch (err) {
      showApiError(err, fields, box, () => rerender(t('form.reloaded')));
    } finally {
      saveBtn.disabled = false;
    }
  });
  section.appendChild(form);
}

