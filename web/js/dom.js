// dom.js — building the page safely: elements from data, never from HTML
// strings (no innerHTML with record text), and the small helpers every
// view shares (live announcements, badges, tables).

import { t, enumLabel } from './i18n.js';

// h('a', {href: '#/x', class: 'y', onclick: fn}, 'text', child, [more]) -> element.
// Attributes: class, text, on<event>, aria-* and data-* as attributes,
// value/checked/disabled/selected/hidden as properties, others as attributes.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (['value', 'checked', 'disabled', 'selected', 'hidden', 'open', 'indeterminate'].includes(key)) el[key] = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// An SVG element (createElementNS); attributes only.
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

let idCounter = 0;
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// Says text to screen-reader users through the page's polite live region.
export function announce(text) {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  window.setTimeout(() => { live.textContent = text; }, 50);
}

// A coloured badge that always carries its word (never colour alone).
export function badge(group, value) {
  return h('span', { class: `badge ${value ?? 'none'}` }, enumLabel(group, value));
}

export function categoryBadge(category) {
  return h('span', { class: `badge cat-${category}` }, enumLabel('category', category));
}

// A box that scrolls sideways when its content is wider than the screen (a
// wide table on a phone, WCAG 1.4.10 Reflow). While it does, it is a named,
// focusable region, so a keyboard user can scroll it too (axe's
// scrollable-region-focusable); while it does not, it is no extra tab stop.
// Named by its table's caption, else by its section's heading.
const scrollWatcher = typeof ResizeObserver === 'function'
  ? new ResizeObserver((entries) => {
    for (const { target } of entries) {
      const box = target.classList.contains('table-wrap') ? target : target.parentElement;
      if (!box.isConnected) { scrollWatcher.unobserve(target); continue; }
      markScrollable(box);
    }
  })
  : null;

function markScrollable(box) {
  const scrolls = box.scrollWidth > box.clientWidth + 1;
  if (scrolls === (box.getAttribute('tabindex') === '0')) return;
  if (!scrolls) {
    for (const a of ['tabindex', 'role', 'aria-label', 'aria-labelledby']) box.removeAttribute(a);
    return;
  }
  box.setAttribute('tabindex', '0');
  box.setAttribute('role', 'region');
  const caption = box.querySelector('caption');
  if (caption && !caption.id) caption.id = uid('caption');
  const named = caption ? caption.id : box.closest('[aria-labelledby]')?.getAttribute('aria-labelledby');
  if (named) box.setAttribute('aria-labelledby', named);
  else box.setAttribute('aria-label', t('common.table_scroll'));
}

// Watches a .table-wrap box (and its content) as above; returns the box.
export function scrollBox(box) {
  if (scrollWatcher) {
    scrollWatcher.observe(box);
    if (box.firstElementChild) scrollWatcher.observe(box.firstElementChild);
  }
  return box;
}

// A table: columns [{label, num?, cls?}], rows of arrays of cells (node or
// text), in a box that scrolls sideways on its own when it is too wide. cls
// classes a column's cells (col-low, col-mid: which a narrow screen leaves
// out first, see app.css); tableClass classes the table.
export function table(caption, columns, rows, rowAttrs, tableClass) {
  const cls = (c) => [c.num ? 'num' : '', c.cls || ''].filter(Boolean).join(' ') || null;
  return scrollBox(h('div', { class: 'table-wrap' },
    h('table', { class: tableClass || null },
      caption ? h('caption', null, caption) : null,
      h('thead', null, h('tr', null, columns.map((c) =>
        h('th', { scope: 'col', class: cls(c) }, c.label)))),
      h('tbody', null, rows.map((cells, i) =>
        h('tr', rowAttrs ? rowAttrs(i) : null, cells.map((cell, j) =>
          j === 0 && columns[0].rowHeader
            ? h('th', { scope: 'row' }, cell)
            : h('td', { class: cls(columns[j]) }, cell))))))));
}

export function alertBox(kind, ...children) {
  return h('div', { class: `alert ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

// A labelled control in a .field: returns {field, control, error}.
export function field(labelText, control, hint) {
  const id = control.id || uid('f');
  control.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, labelText, hintEl), control, error);
  return { field: wrap, control, error };
}

export function options(values, selected, labelOf) {
  return values.map((v) => h('option', { value: v, selected: v === selected }, labelOf ? labelOf(v) : v));
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('common.loading'));
}
