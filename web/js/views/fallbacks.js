// fallbacks.js — the fallback options (terugvalopties) section of a process
// page: the options that keep the process going when an input fails (kind,
// whether one is needed and why, available, hours before it takes over and
// hours it bridges, cost, proportionate), and for users who may write them
// a form to add one, change one or delete one (the server refuses, 409, to
// delete an option a dependency still names). What a user may not change
// shows no control. Saving follows form.js: errors beside the field, a 409
// offers a reload, nothing typed is lost on a failed save.

import * as api from '../api.js';
import { h, table, empty, alertBox, announce } from '../dom.js';
import { t, enumLabel, fmtNumber } from '../i18n.js';
import { canWrite, defaultOwner, sortByName, emptyText } from '../data.js';
import { buildForm, readForm, showApiError, saveRecord, classificationSpec, onSubmit } from '../form.js';

const KINDS = ['analogue', 'digital', 'alternative_supplier'];
const NEEDED = ['yes', 'no', 'unknown'];

function yesNo(v) {
  if (v === null || v === undefined) return t('common.none');
  return v ? t('common.yes') : t('common.no');
}

// section: the process's fallback options; rerender(flash) draws the page again.
export function fallbackSection(main, { process, fallbacks, user, provided, orgs, measures = [], rerender }) {
  const section = h('section', { id: 'fallbacks', 'aria-labelledby': 'fallback-title' },
    h('h2', { id: 'fallback-title' }, t('process.fallbacks')));
  main.appendChild(section);
  const editable = (f) => canWrite(user, process, f.owner, provided);
  const mayCreate = canWrite(user, process, defaultOwner(user, process), provided);
  const anyEditable = fallbacks.some(editable);
  const editorBox = h('div', { id: 'fallback-editor' });

  const open = async (f) => {
    let record;
    if (f) {
      try {
        record = await api.getRecord('fallback_options', f.id); // lists carry no version
      } catch (err) {
        editorBox.replaceChildren(alertBox('error', h('p', null, err.message)));
        return;
      }
    } else {
      record = {
        process: process.id, kind: '',
        needed: 'unknown', need_rationale: null, available: false, activation_h: 0, duration_h: null,
        cost_eur: null, proportionate: null, alternative_measure: null, description: null,
        classification: ['confidential', 'secret'].includes(user.clearance) ? 'confidential' : user.clearance,
        owner: defaultOwner(user, process),
      };
    }
    editorBox.replaceChildren(editor(record, !f, { user, orgs, measures, rerender, close: () => editorBox.replaceChildren() }));
    editorBox.querySelector('input:not([readonly]), select, textarea')?.focus();
    announce(f ? t('fallback.edit_title') : t('fallback.new_title'));
  };

  section.appendChild(fallbacks.length === 0 ? empty(emptyText(user, process, 'fallbacks', 'process.no_fallbacks')) : table(null, [
    { label: t('field.kind'), rowHeader: true }, { label: t('field.needed') }, { label: t('field.available') },
    { label: t('field.activation_h'), num: true }, { label: t('field.duration_h'), num: true }, { label: t('field.description') },
    anyEditable ? { label: t('common.actions') } : null,
  ].filter(Boolean), fallbacks.map((f) => [
    enumLabel('fallback_kind', f.kind), enumLabel('needed', f.needed), yesNo(f.available),
    fmtNumber(f.activation_h), fmtNumber(f.duration_h), f.description || '',
    anyEditable ? (editable(f) ? h('button', {
      type: 'button', class: 'secondary', 'data-action': 'edit-fallback', 'data-id': f.id,
      'aria-label': t('fallback.edit_label', { kind: enumLabel('fallback_kind', f.kind), description: f.description || f.id }),
      onclick: () => open(f),
    }, t('fallback.edit')) : '') : null,
  ].filter((c) => c !== null)), (i) => ({ 'data-fallback': fallbacks[i].id })));
  if (mayCreate) {
    section.appendChild(h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'new-fallback', onclick: () => open(null) }, t('fallback.new'))));
  }
  section.appendChild(editorBox);
}

function editor(record, isNew, { user, orgs, measures, rerender, close }) {
  // the tri-state "proportionate" travels as '' / 'true' / 'false' in the form
  const shown = { ...record, proportionate: record.proportionate == null ? '' : String(record.proportionate) };
  // judged not proportionate: the mitigating measure chosen instead (one of
  // the process's measures; the stored one stays listed even when not)
  const measureName = new Map(measures.map((m) => [m.id, m.name]));
  const measureIds = [...measures].sort((a, b) => String(a.name).localeCompare(String(b.name))).map((m) => m.id);
  if (record.alternative_measure && !measureName.has(record.alternative_measure)) measureIds.push(record.alternative_measure);
  const specs = [
    { name: 'kind', label: t('field.kind'), type: 'select', values: KINDS, labelOf: (v) => enumLabel('fallback_kind', v), required: true, empty: t('form.choose') },
    { name: 'needed', label: t('field.needed'), type: 'select', values: NEEDED, labelOf: (v) => enumLabel('needed', v), required: true },
    { name: 'available', label: t('field.available'), type: 'checkbox' },
    { name: 'activation_h', label: t('field.activation_h'), type: 'number', min: 0, required: true },
    { name: 'duration_h', label: t('field.duration_h'), type: 'number', min: 1, required: true },
    { name: 'cost_eur', label: t('fallback.cost'), type: 'number', min: 0 },
    { name: 'proportionate', label: t('fallback.proportionate'), type: 'select', values: ['true', 'false'], labelOf: (v) => t(v === 'true' ? 'common.yes' : 'common.no'), empty: t('fallback.not_judged') },
    { name: 'alternative_measure', label: t('field.alternative_measure'), type: 'select', values: measureIds, labelOf: (id) => measureName.get(id) || id, empty: t('common.none'), hint: t('fallback.alternative_hint') },
    classificationSpec(user),
    user.role === 'coordinator'
      ? { name: 'owner', label: t('field.owner'), type: 'select', values: sortByName([...orgs.values()]).map((o) => o.id), labelOf: (id) => orgs.get(id)?.name || id, required: true }
      : { name: 'owner', label: t('field.owner'), type: 'select', values: [record.owner], labelOf: (id) => orgs.get(id)?.name || id, readOnly: true },
    { name: 'need_rationale', label: t('fallback.need_rationale'), type: 'textarea', wide: true, rows: 2 },
    { name: 'description', label: t('field.description'), type: 'textarea', wide: true, rows: 2 },
  ].filter(Boolean);
  const { nodes, fields } = buildForm(specs, shown, 'fallback');
  const box = h('div', { id: 'fallback-messages' });
  const saveBtn = h('button', { type: 'submit', id: 'save-fallback' }, isNew ? t('fallback.add') : t('form.save'));
  const delBtn = isNew ? null : h('button', { type: 'button', class: 'danger', id: 'delete-fallback' }, t('form.delete'));
  const title = isNew ? t('fallback.new_title') : t('fallback.edit_title');
  const form = h('form', { id: 'fallback-form', novalidate: true, 'aria-labelledby': 'fallback-form-title' },
    h('h3', { id: 'fallback-form-title' }, title), box,
    h('div', { class: 'form-grid' }, nodes),
    h('div', { class: 'actions' }, saveBtn, delBtn,
      h('button', { type: 'button', class: 'secondary', onclick: close }, t('common.cancel'))));
  onSubmit(form, { fields, box, onReload: () => rerender(t('form.reloaded')) }, async () => {
    const values = readForm(fields, record);
    values.proportionate = values.proportionate == null ? null : values.proportionate === 'true';
    await saveRecord('fallback_options', values, isNew);
    rerender(isNew ? t('fallback.added') : t('fallback.saved'));
  });
  if (delBtn) {
    delBtn.addEventListener('click', async () => {
      if (!window.confirm(t('fallback.delete_confirm'))) return;
      try {
        await api.deleteRecord('fallback_options', record.id, record.version);
        rerender(t('fallback.deleted'));
      } catch (err) {
        showApiError(err, fields, box, () => rerender(t('form.reloaded')));
      }
    });
  }
  return form;
}
