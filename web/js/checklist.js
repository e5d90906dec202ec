// checklist.js — choosing many things: a searchable list of checkboxes in
// place of a Ctrl/Shift multi-select. A text box filters the list as one
// types (by the shown label, case and accents ignored); the chosen items stay
// listed first and are counted in a live line, so a screen reader hears how
// many are chosen. Works by keyboard alone: Tab into the search box, Tab on
// to the boxes, Space to tick. form.js uses it for fields of type
// 'checklist'; the label of the field names the search box and the group.

import { h, uid } from './dom.js';
import { t } from './i18n.js';

const fold = (s) => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

// values: ids; selected: ids chosen; labelOf(id) the text shown. Returns
// {input, list, selected(), setSelected(ids)}; input gets the field's id.
export function checklist({ name, values, selected = [], labelOf = (v) => v, disabled = false }) {
  const chosen = new Set(selected);
  const groupId = uid('cl');
  const input = h('input', {
    type: 'search', 'data-field': name, autocomplete: 'off', 'aria-controls': groupId,
    placeholder: t('checklist.search'), disabled: disabled || null,
  });
  const count = h('p', { class: 'hint checklist-count', 'aria-live': 'polite' });
  const boxes = new Map();
  // the stored choices first, then the rest in the order given
  const ordered = [...values.filter((v) => chosen.has(v)), ...values.filter((v) => !chosen.has(v))];
  for (const v of selected) if (!values.includes(v)) ordered.unshift(v); // kept though not offered
  const items = ordered.map((v) => {
    const box = h('input', { type: 'checkbox', value: v, checked: chosen.has(v), disabled: disabled || null, 'data-check': v });
    const id = uid('clv');
    box.id = id;
    boxes.set(v, box);
    box.addEventListener('change', () => { if (box.checked) chosen.add(v); else chosen.delete(v); say(); });
    return h('li', { 'data-label': fold(labelOf(v)) }, box, h('label', { for: id }, labelOf(v)));
  });
  const ul = h('ul', { class: 'checklist plain' }, items);
  const group = h('div', { class: 'checklist-group', id: groupId, role: 'group' }, ul);
  const list = h('div', { class: 'checklist-box' }, group, count);
  function say() {
    count.textContent = t('checklist.count', { n: chosen.size });
  }
  input.addEventListener('input', () => {
    const q = fold(input.value.trim());
    for (const li of items) li.hidden = q !== '' && !li.dataset.label.includes(q) && !li.querySelector('input').checked;
  });
  say();
  return {
    input, list,
    // the group is named by the field's label once the input has its id
    name(labelId) { group.setAttribute('aria-labelledby', labelId); },
    selected: () => ordered.filter((v) => chosen.has(v)),
    setSelected(ids) {
      chosen.clear();
      for (const v of ids) chosen.add(v);
      for (const [v, b] of boxes) b.checked = chosen.has(v);
      say();
    },
  };
}
