// checklist.js — choosing many things (issue 13 part 6): a searchable list of
// checkboxes in place of a Ctrl/Shift multi-select, the one builder every
// form with many choices uses (processes, risks, requirements, scope,
// organisations). A fieldset whose legend is the field's label holds a
// search box that filters the list as one types (by the shown label, case
// and accents ignored; the chosen items stay shown), the boxes (in groups
// with a heading where the choices are grouped) and a live line "3 gekozen"
// (aria-live polite), so a screen reader hears the count change. Works by
// keyboard alone: Tab into the search box, Tab or Down on to the boxes,
// Space to tick; Enter in the search box never submits the form (it moves to
// the first box shown), Escape empties it. It never reads or writes the API.

import { h, uid } from './dom.js';
import { t } from './i18n.js';

const fold = (s) => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

// {id, name, label, hint?, values?: ids | groups?: [{label, lang?, values}],
//  selected?: ids, labelOf?(id), langOf?(id) (the label's language when not
//  the page's), disabled?, onChange?(ids)} ->
// {field (the fieldset), control (the search box, id = id), error,
//  selected(): ids in the order shown, setSelected(ids)}.
// A chosen id not among the values is kept, listed first.
export function checklistField({ id, name, label, hint, values, groups, selected = [], labelOf = (v) => v, langOf = () => null, disabled = false, onChange }) {
  const chosen = new Set(selected);
  const base = id || uid('cl');
  const offered = groups ? groups.flatMap((g) => g.values) : values;
  const extra = selected.filter((v) => !offered.includes(v));
  const sets = [
    ...(extra.length ? [{ label: null, values: extra }] : []),
    ...(groups || [{ label: null, values }]),
  ];
  const boxes = new Map();
  const items = [];
  const item = (v) => {
    const box = h('input', { type: 'checkbox', id: uid(`${base}-v`), value: v, checked: chosen.has(v), disabled: disabled || null, 'data-check': v });
    boxes.set(v, box);
    box.addEventListener('change', () => {
      if (box.checked) chosen.add(v); else chosen.delete(v);
      say();
      if (onChange) onChange(api.selected());
    });
    const li = h('li', { 'data-label': fold(labelOf(v)) }, box, h('label', { for: box.id, lang: langOf(v) }, labelOf(v)));
    items.push(li);
    return li;
  };
  // the stored choices first in each group, then the rest in the order given
  const lists = sets.map((g) => {
    const ordered = [...g.values.filter((v) => chosen.has(v)), ...g.values.filter((v) => !chosen.has(v))];
    const ul = h('ul', { class: 'checklist plain' }, ordered.map(item));
    if (!g.label) return ul;
    const headingId = uid(`${base}-g`);
    return h('div', { class: 'checklist-part', role: 'group', 'aria-labelledby': headingId },
      h('p', { class: 'checklist-heading', id: headingId, lang: g.lang || null }, g.label), ul);
  });
  const hintId = hint ? `${base}-hint` : null;
  const input = h('input', {
    type: 'search', id: base, name: `${name}-search`, 'data-field': name, autocomplete: 'off',
    placeholder: t('checklist.search'), disabled: disabled || null,
    'aria-controls': `${base}-list`, 'aria-describedby': hintId,
  });
  const count = h('p', { class: 'hint checklist-count', id: `${base}-count`, 'aria-live': 'polite' });
  const nothing = h('p', { class: 'hint checklist-nothing', hidden: true }, t('checklist.nothing'));
  const error = h('p', { class: 'field-error', id: `${base}-error`, hidden: true });
  const field = h('fieldset', { class: 'field wide checklist-field', id: `${base}-fieldset`, 'data-checklist': name },
    h('legend', null, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('label', { for: base, class: 'visually-hidden' }, t('checklist.search_in', { label })),
    input,
    h('div', { class: 'checklist-box', id: `${base}-list` }, lists, nothing),
    count, error);
  function say() {
    count.textContent = t('checklist.count', { n: chosen.size });
  }
  const shown = () => items.filter((li) => !li.hidden);
  const matches = (li, q) => q === '' || li.dataset.label.includes(q);
  input.addEventListener('input', () => {
    const q = fold(input.value.trim());
    for (const li of items) li.hidden = !matches(li, q) && !li.querySelector('input').checked;
    for (const part of field.querySelectorAll('.checklist-part')) part.hidden = [...part.querySelectorAll('li')].every((li) => li.hidden);
    nothing.hidden = items.some((li) => matches(li, q));
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === 'ArrowDown') {
      // to the first box the search found (a chosen one stays shown but
      // is passed over unless it matches too)
      ev.preventDefault();
      const q = fold(input.value.trim());
      (shown().find((li) => matches(li, q)) || shown()[0])?.querySelector('input').focus();
    } else if (ev.key === 'Escape' && input.value !== '') {
      ev.preventDefault();
      input.value = '';
      input.dispatchEvent(new Event('input'));
    }
  });
  // Up and Down move between the boxes shown, as in a list
  field.querySelector('.checklist-box').addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const list = shown().map((li) => li.querySelector('input'));
    const at = list.indexOf(document.activeElement);
    if (at < 0) return;
    ev.preventDefault();
    if (ev.key === 'ArrowUp' && at === 0) input.focus();
    else list[Math.max(0, Math.min(list.length - 1, at + (ev.key === 'ArrowDown' ? 1 : -1)))].focus();
  });
  say();
  const order = items.map((li) => li.querySelector('input').value);
  const api = {
    field, control: input, error,
    selected: () => order.filter((v) => chosen.has(v)),
    setSelected(ids) {
      chosen.clear();
      for (const v of ids) chosen.add(v);
      for (const [v, b] of boxes) b.checked = chosen.has(v);
      say();
    },
  };
  return api;
}
