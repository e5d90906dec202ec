// dependencies.js — what a process needs (its inputs, afhankelijkheden) on
// the process page, and for users who may write them a form to add one,
// change one or remove one: the suppliers that can each deliver it (a
// searchable checkbox list), the hours the process bridges a loss by itself
// (buffer_h) and the fallback option that bridges it, chosen from the
// process's options or made in the same form. A new option is saved first
// (its own write), then the input naming it; a failed second write keeps
// the made option chosen, so trying again does not make it twice. After a
// save the page's inputs, options and fallback verdict are drawn again in
// place (onChanged). Saving follows form.js: the version read, errors
// beside the field, a 409 offers a reload, nothing typed is lost.

import * as api from '../api.js';
import { h, table, empty, alertBox, announce } from '../dom.js';
import { t, enumLabel, fmtNumber } from '../i18n.js';
import { canWrite, defaultOwner, sortByName, emptyText } from '../data.js';
import { buildForm, readForm, showApiError, saveRecord, classificationSpec, onSubmit, checkRequired, clearErrors } from '../form.js';

const NEW_FALLBACK = '__new';
const FALLBACK_KINDS = ['analogue', 'digital', 'alternative_supplier'];

function fallbackLabel(f) {
  return f.description ? `${enumLabel('fallback_kind', f.kind)}: ${f.description}` : enumLabel('fallback_kind', f.kind);
}

// Appends the "needs" list of process to parent. deps: the process's
// inputs; fallbacks: its fallback options; processes: Map id -> process
// (those the user may see); onChanged(message) draws the section, the
// options and the verdict again.
export function dependencySection(parent, { process, deps, fallbacks, processes, user, provided, orgs, onChanged }) {
  const fallbackById = new Map(fallbacks.map((f) => [f.id, f]));
  const editable = (d) => canWrite(user, process, d.owner, provided);
  const mayCreate = canWrite(user, process, defaultOwner(user, process), provided);
  const anyEditable = deps.some(editable);
  const editorBox = h('div', { id: 'dependency-editor' });
  const processLink = (id) => {
    const p = processes.get(id);
    return p ? h('a', { href: `#/processes/${encodeURIComponent(id)}` }, p.name) : h('span', null, t('dependency.hidden_supplier'));
  };

  const open = async (d) => {
    let record;
    if (d) {
      try {
        record = await api.getRecord('dependencies', d.id); // lists carry no version
      } catch (err) {
        editorBox.replaceChildren(alertBox('error', h('p', null, err.message)));
        return;
      }
    } else {
      record = {
        process: process.id, suppliers: [], buffer_h: 0, fallback: null, description: null,
        classification: ['confidential', 'secret'].includes(user.clearance) ? 'confidential' : user.clearance,
        owner: defaultOwner(user, process),
      };
    }
    editorBox.replaceChildren(editor(record, !d, {
      process, fallbacks, processes, user, orgs, onChanged, close: () => editorBox.replaceChildren(),
    }));
    editorBox.querySelector('input:not([readonly]), select, textarea')?.focus();
    announce(d ? t('dependency.edit_title') : t('dependency.new_title'));
  };

  parent.appendChild(h('h3', null, t('process.needs')));
  parent.appendChild(deps.length === 0 ? empty(emptyText(user, process, 'dependencies', 'process.needs_none')) : table(null, [
    { label: t('field.dependency'), rowHeader: true }, { label: t('field.suppliers') },
    { label: t('field.buffer_h'), num: true }, { label: t('field.fallback') },
    anyEditable ? { label: t('common.actions') } : null,
  ].filter(Boolean), deps.map((d) => [
    d.description || t('dependency.unnamed'),
    h('ul', { class: 'plain' }, (d.suppliers || []).map((s) => h('li', null, processLink(s)))),
    fmtNumber(d.buffer_h),
    d.fallback ? (fallbackById.get(d.fallback) ? fallbackLabel(fallbackById.get(d.fallback)) : t('dependency.hidden_fallback')) : t('common.none'),
    anyEditable ? (editable(d) ? h('button', {
      type: 'button', class: 'secondary', 'data-action': 'edit-dependency', 'data-id': d.id,
      'aria-label': t('dependency.edit_label', { name: d.description || t('dependency.unnamed') }),
      onclick: () => open(d),
    }, t('dependency.edit')) : '') : null,
  ].filter((c) => c !== null)), (i) => ({ 'data-dependency': deps[i].id })));
  if (mayCreate) {
    parent.appendChild(h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'new-dependency', onclick: () => open(null) }, t('dependency.new'))));
  }
  parent.appendChild(editorBox);
}

function editor(record, isNew, { process, fallbacks, processes, user, orgs, onChanged, close }) {
  const suppliers = sortByName([...processes.values()].filter((p) => p.id !== process.id)).map((p) => p.id);
  const fbIds = [...fallbacks].sort((a, b) => fallbackLabel(a).localeCompare(fallbackLabel(b))).map((f) => f.id);
  const fbById = new Map(fallbacks.map((f) => [f.id, f]));
  if (record.fallback && !fbById.has(record.fallback)) fbIds.push(record.fallback);
  const specs = [
    { name: 'description', label: t('dependency.description'), required: true, hint: t('dependency.description_hint') },
    {
      name: 'suppliers', label: t('field.suppliers'), type: 'checklist', values: suppliers, required: true,
      labelOf: (id) => processes.get(id)?.name || t('dependency.hidden_supplier'), hint: t('dependency.suppliers_hint'),
    },
    { name: 'buffer_h', label: t('field.buffer_h'), type: 'number', min: 0, required: true, hint: t('dependency.buffer_hint') },
    {
      name: 'fallback', label: t('field.fallback'), type: 'select', values: [...fbIds, NEW_FALLBACK], empty: t('common.none'),
      labelOf: (id) => (id === NEW_FALLBACK ? t('dependency.new_fallback') : (fbById.get(id) ? fallbackLabel(fbById.get(id)) : t('dependency.hidden_fallback'))),
      hint: t('dependency.fallback_hint'),
    },
    classificationSpec(user),
    user.role === 'coordinator'
      ? { name: 'owner', label: t('field.owner'), type: 'select', values: sortByName([...orgs.values()]).map((o) => o.id), labelOf: (id) => orgs.get(id)?.name || id, required: true }
      : { name: 'owner', label: t('field.owner'), type: 'select', values: [record.owner], labelOf: (id) => orgs.get(id)?.name || id, readOnly: true },
  ];
  const { nodes, fields } = buildForm(specs, record, 'dependency');
  // a new fallback option, made in the same form
  const fbSpecs = [
    { name: 'kind', label: t('field.kind'), type: 'select', values: FALLBACK_KINDS, labelOf: (v) => enumLabel('fallback_kind', v), required: true, empty: t('form.choose') },
    { name: 'available', label: t('field.available'), type: 'checkbox' },
    { name: 'activation_h', label: t('field.activation_h'), type: 'number', min: 0, required: true },
    { name: 'duration_h', label: t('field.duration_h'), type: 'number', min: 1, required: true },
    { name: 'description', label: t('field.description'), type: 'textarea', wide: true, rows: 2 },
  ];
  const fbBase = { process: process.id, kind: '', needed: 'yes', available: true, activation_h: 0, duration_h: null, description: null };
  const fb = buildForm(fbSpecs, fbBase, 'dependency-fb');
  const fbSet = h('fieldset', { id: 'dependency-new-fallback', hidden: true },
    h('legend', null, t('dependency.new_fallback_legend')), h('div', { class: 'form-grid' }, fb.nodes));
  const fallbackSelect = fields.get('fallback').control;
  fallbackSelect.addEventListener('change', () => { fbSet.hidden = fallbackSelect.value !== NEW_FALLBACK; });
  let made = null; // the option made by an earlier try whose input failed to save

  const box = h('div', { id: 'dependency-messages' });
  const saveBtn = h('button', { type: 'submit', id: 'save-dependency' }, isNew ? t('dependency.add') : t('form.save'));
  const delBtn = isNew ? null : h('button', { type: 'button', class: 'danger', id: 'delete-dependency' }, t('form.delete'));
  const title = isNew ? t('dependency.new_title') : t('dependency.edit_title');
  const form = h('form', { id: 'dependency-form', novalidate: true, 'aria-labelledby': 'dependency-form-title' },
    h('h3', { id: 'dependency-form-title' }, title), box,
    h('div', { class: 'form-grid' }, nodes), fbSet,
    h('div', { class: 'actions' }, saveBtn, delBtn,
      h('button', { type: 'button', class: 'secondary', onclick: close }, t('common.cancel'))));
  const reload = () => onChanged(t('form.reloaded'));
  onSubmit(form, {
    fields, box, onReload: reload,
    check: () => {
      if (fbSet.hidden) return null;
      clearErrors(fb.fields);
      return checkRequired(fb.fields);
    },
  }, async () => {
    const values = readForm(fields, record);
    if (values.fallback === NEW_FALLBACK) {
      if (!made) {
        const option = readForm(fb.fields, fbBase);
        option.classification = values.classification;
        option.owner = values.owner;
        try {
          made = await api.createRecord('fallback_options', option);
        } catch (err) {
          showApiError(err, fb.fields, box, reload);
          return;
        }
      }
      values.fallback = made.id;
    }
    await saveRecord('dependencies', values, isNew);
    onChanged(isNew ? t('dependency.added') : t('dependency.saved'));
  });
  if (delBtn) {
    delBtn.addEventListener('click', async () => {
      if (!window.confirm(t('dependency.delete_confirm'))) return;
      try {
        await api.deleteRecord('dependencies', record.id, record.version);
        onChanged(t('dependency.deleted'));
      } catch (err) {
        showApiError(err, fields, box, reload);
      }
    });
  }
  return form;
}
