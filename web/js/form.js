// form.js — record forms shared by the editors: labelled controls built from
// a list of field specs, reading the values back into a record, and saving
// through the API with the rules every editor follows:
//  - the API's error is shown beside the field it names ("field":
//    "impacts.1.2" is the control named so), with aria-invalid and focus;
//  - a 409 says someone else changed the record and offers to reload;
//  - a failed save never clears the form: what the user typed stays.

import * as api from './api.js';
import { h, field, alertBox, options, announce, showFieldError } from './dom.js';
import { t, enumLabel } from './i18n.js';
import { toWallInput, fromWallInput } from './calendar.js';
import { impliedTlp } from './data.js';
import { checklistField } from './checklist.js';

// spec: {name, label, type: text|textarea|number|date|datetime|select|checkbox|checklist,
//        values?, labelOf?, required?, readOnly?, hint?, wide?, min?, max?, empty?,
//        groups?, onChange? (checklist: [{label, values}] in place of values; told the ids)}
function control(spec, value) {
  const common = { name: spec.name, 'data-field': spec.name, required: spec.required || null };
  switch (spec.type) {
    case 'textarea':
      return h('textarea', { ...common, rows: spec.rows || 3, value: value ?? '', readonly: spec.readOnly || null });
    case 'number':
      return h('input', { ...common, type: 'number', value: value ?? '', min: spec.min, max: spec.max, step: spec.step || 1, readonly: spec.readOnly || null });
    case 'date':
      return h('input', { ...common, type: 'date', value: value ?? '', readonly: spec.readOnly || null });
    case 'datetime':
      return h('input', { ...common, type: 'datetime-local', value: toWallInput(value), readonly: spec.readOnly || null });
    case 'select': {
      if (spec.readOnly) {
        return h('input', { ...common, type: 'text', readonly: true, value: spec.labelOf ? spec.labelOf(value) : (value ?? '') });
      }
      const sel = h('select', { ...common, disabled: spec.readOnly || null },
        spec.empty ? h('option', { value: '' }, spec.empty) : null,
        options(spec.values, value ?? '', spec.labelOf));
      return sel;
    }
    case 'checkbox':
      return h('input', { ...common, type: 'checkbox', checked: Boolean(value), disabled: spec.readOnly || null });
    default:
      return h('input', { ...common, type: 'text', value: value ?? '', readonly: spec.readOnly || null });
  }
}

export function buildForm(specs, record, idPrefix) {
  const fields = new Map();
  const nodes = specs.map((spec) => {
    // many choices: a searchable list of checkboxes in a fieldset
    // (checklist.js), its search box the control errors are shown beside
    if (spec.type === 'checklist') {
      const many = checklistField({
        id: `${idPrefix}-${spec.name.replace(/[^a-zA-Z0-9_-]/g, '_')}`, name: spec.name, label: spec.label, hint: spec.hint,
        values: spec.values, groups: spec.groups, selected: getPath(record, spec.name) || [], labelOf: spec.labelOf, langOf: spec.langOf,
        disabled: spec.readOnly, onChange: spec.onChange,
      });
      fields.set(spec.name, { field: many.field, control: many.control, error: many.error, checklist: many, spec });
      return many.field;
    }
    const c = control(spec, getPath(record, spec.name));
    c.id = `${idPrefix}-${spec.name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
    const f = field(spec.label, c, spec.hint);
    if (spec.type === 'checkbox') {
      f.field.classList.add('check-field');
    }
    if (spec.wide) f.field.classList.add('wide');
    fields.set(spec.name, { ...f, spec });
    return f.field;
  });
  return { nodes, fields };
}

function getPath(record, name) {
  if (!record) return undefined;
  if (name in record) return record[name];
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const head = name.slice(0, dot);
  const rest = name.slice(dot + 1);
  return record[head] && typeof record[head] === 'object' ? record[head][rest] : undefined;
}

// Reads the controls into a copy of base: empty optional text becomes null,
// numbers become numbers, "map.key" fields fill maps (empty: key removed).
export function readForm(fields, base) {
  const out = JSON.parse(JSON.stringify(base || {}));
  for (const [name, { control: c, spec }] of fields) {
    if (spec.readOnly) continue;
    let v;
    if (spec.type === 'checklist') v = fields.get(name).checklist.selected();
    else if (spec.type === 'checkbox') v = c.checked;
    else if (spec.type === 'number') v = c.value === '' ? null : Number(c.value);
    else if (spec.type === 'datetime') v = c.value === '' ? null : fromWallInput(c.value);
    else v = c.value === '' ? null : c.value;
    const dot = name.indexOf('.');
    if (dot > 0 && !(name in out)) {
      const head = name.slice(0, dot);
      const key = name.slice(dot + 1);
      out[head] = { ...(out[head] || {}) };
      if (v === null) delete out[head][key];
      else out[head][key] = v;
    } else {
      out[name] = v;
    }
  }
  // the TLP marking follows a changed classification while it is the one the
  // old classification implied (a marking chosen on purpose stays; the
  // server refuses clear on a record that is not public)
  if (base && out.classification && out.classification !== base.classification && base.tlp === impliedTlp(base.classification)) {
    out.tlp = impliedTlp(out.classification);
  }
  return out;
}

export function clearErrors(fields, box) {
  for (const { control: c, error } of fields.values()) {
    error.hidden = true;
    error.textContent = '';
    c.removeAttribute('aria-invalid');
    c.closest('.utrecht-form-field')?.classList.remove('utrecht-form-field--invalid');
    const hint = c.id ? document.getElementById(`${c.id}-hint`) : null;
    if (hint) c.setAttribute('aria-describedby', hint.id);
    else c.removeAttribute('aria-describedby');
  }
  if (box) box.replaceChildren();
}

// showFieldError lives in dom.js (the first screen needs it without this
// module); given here too for the forms that take it from here.
export { showFieldError };

// Checks required fields in the chosen language before asking the server.
export function checkRequired(fields) {
  let first = null;
  for (const f of fields.values()) {
    // a field not shown (hidden with its wrapper) is not asked for
    if (!f.spec.required || f.spec.readOnly || f.spec.type === 'checkbox' || f.field?.closest('[hidden]')) continue;
    if (f.checklist ? f.checklist.selected().length === 0 : String(f.control.value).trim() === '') {
      showFieldError(f, t('form.required'));
      first = first || f;
    }
  }
  return first;
}

// Shows an API error: beside its field, or in box. onReload for a 409.
export function showApiError(err, fields, box, onReload) {
  // "suppliers[2]" is the list control named "suppliers"
  const f = err.field ? (fields.get(err.field) || fields.get(err.field.replace(/\[\d+\]$/, ''))) : null;
  if (err.status === 409 && err.field === 'version') {
    box.replaceChildren(alertBox('error',
      h('p', null, h('strong', null, t('form.conflict_title'))),
      h('p', null, t('form.conflict_text')),
      h('p', null, h('button', { type: 'button', class: 'secondary', 'data-action': 'reload', onclick: onReload }, t('form.reload')))));
    box.querySelector('button').focus();
    return;
  }
  let text = err.message;
  if (err.status === 403) text = t('form.forbidden');
  else if (err.status === 0) text = t('common.network_error');
  else if (err.status >= 500) text = t('common.server_error');
  // a field's value refused (400), or taken (409: an id or name in use)
  if (f && (err.status === 400 || err.status === 409)) {
    showFieldError(f, err.message);
    box.replaceChildren(alertBox('error', h('p', null, t('form.fix_field', { field: f.spec.label }))));
    f.control.focus();
    return;
  }
  const where = err.field ? ` (${err.field})` : '';
  box.replaceChildren(alertBox('error', h('p', null, t('form.save_failed')), h('p', null, text + where)));
  box.querySelector('.alert').setAttribute('tabindex', '-1');
  box.querySelector('.alert').focus();
}

// Wires the submit of form: the required fields are checked first (a
// message in box, focus on the first empty one; check() may return one
// more field to complain about, already marked), then save() runs with
// the form's submit button disabled; an API error is shown beside its field
// or in box, and a 409 conflict offers onReload. Nothing typed is cleared.
export function onSubmit(form, { fields, box, onReload, check }, save) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(fields, box);
    const missing = checkRequired(fields);
    const other = check ? check() : null;
    const first = missing || other;
    if (first) {
      box.replaceChildren(alertBox('error', h('p', null, t('form.fix_field', { field: first.spec.label }))));
      first.control.focus();
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    try {
      await save();
    } catch (err) {
      showApiError(err, fields, box, onReload);
    } finally {
      if (button) button.disabled = false;
    }
  });
}

// Saves record (POST when isNew, else PUT with its version); returns the
// stored record or throws ApiError. A new record goes without an id: the
// server makes it (only a coordinator may choose one, and no form asks).
export async function saveRecord(kind, record, isNew) {
  const body = { ...record };
  if (isNew) {
    delete body.version;
    if (!body.id) delete body.id;
  }
  const saved = isNew ? await api.createRecord(kind, body) : await api.replaceRecord(kind, record.id, body);
  announce(t('form.saved'));
  return saved;
}

export function classificationSpec(user, name = 'classification') {
  const levels = ['public', 'internal', 'confidential', 'secret'];
  const allowed = levels.slice(0, levels.indexOf(user.clearance) + 1);
  return { name, label: t('field.classification'), type: 'select', values: allowed, labelOf: (v) => enumLabel('classification', v), required: true };
}
