// dom.js — building the page safely: elements from data, never from HTML
// strings (no innerHTML with record text), and the small helpers every
// view shares (live announcements, badges, tables, alerts, breadcrumbs).
//
// The look is the NL Design System's, as the Rijkshuisstijl Community
// publishes it (components-css with the design tokens, served under
// /vendor): h() gives every element it builds its component's class
// (componentClass below), so the views build plain elements and get the
// design system's buttons, links, headings, paragraphs, form controls and
// tables without naming them.

import { t, enumLabel } from './i18n.js';

const TEXTBOX_TYPES = new Set(['text', 'password', 'number', 'date', 'datetime-local', 'search', 'email', 'time', 'url', 'tel']);
const COMPONENT_BY_TAG = {
  p: 'utrecht-paragraph',
  label: 'utrecht-form-label',
  select: 'utrecht-select utrecht-select--html-select',
  textarea: 'utrecht-textarea utrecht-textarea--html-textarea',
  fieldset: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset',
  legend: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend',
  table: 'utrecht-table utrecht-table--html-table',
  caption: 'utrecht-table__caption',
  thead: 'utrecht-table__header',
  tbody: 'utrecht-table__body',
  tr: 'utrecht-table__row',
  th: 'utrecht-table__header-cell',
  td: 'utrecht-table__cell',
};

// The NL Design System classes for an element built as tag with attrs
// (null for elements that are vitaal's own: lists, sections, the graph).
export function componentClass(tag, attrs) {
  const own = ` ${(attrs && attrs.class) || ''} `;
  if (tag === 'button') {
    let appearance = 'primary-action';
    if (own.includes(' secondary ') || own.includes(' danger ')) appearance = 'secondary-action';
    if (own.includes(' subtle ')) appearance = 'subtle';
    return `utrecht-button utrecht-button--${appearance}${own.includes(' danger ') ? ' utrecht-button--danger' : ''}`;
  }
  if (tag === 'a') {
    if (own.includes(' ams-pagination__link ')) return null;
    if (own.includes(' button ')) {
      return `utrecht-button-link utrecht-button-link--html-a utrecht-button-link--${own.includes(' secondary ') ? 'secondary' : 'primary'}-action`;
    }
    return 'utrecht-link utrecht-link--html-a';
  }
  if (/^h[1-6]$/.test(tag)) return `nl-heading nl-heading--level-${tag[1]}`;
  if (tag === 'input') {
    const type = (attrs && attrs.type) || 'text';
    if (type === 'checkbox') return 'utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom';
    if (type === 'radio') return 'utrecht-radio-button utrecht-radio-button--html-input';
    if (TEXTBOX_TYPES.has(type)) return `utrecht-textbox utrecht-textbox--html-input${attrs && attrs.readonly ? ' utrecht-textbox--read-only' : ''}`;
    return null;
  }
  if (tag === 'td' && own.includes(' num ')) return 'utrecht-table__cell utrecht-table__cell--numeric-data';
  if (tag === 'th' && own.includes(' num ')) return 'utrecht-table__header-cell utrecht-table__header-cell--numeric-column';
  return COMPONENT_BY_TAG[tag] || null;
}

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
  const component = componentClass(tag, attrs);
  if (component) el.className = el.className ? `${component} ${el.className}` : component;
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

// A coloured badge that always carries its word (never colour alone): the
// design system's status badge, its colour by state in app.css.
export function badge(group, value) {
  return h('span', { class: `utrecht-badge-status badge ${value ?? 'none'}` }, enumLabel(group, value));
}

export function categoryBadge(category) {
  return h('span', { class: `utrecht-badge-status badge cat-${category}` }, enumLabel('category', category));
}

// The views write a trail as <p class="breadcrumb">link › link › here</p>;
// the router turns each into the design system's breadcrumb navigation
// (below) once the view is drawn, so no view needs to know its markup.
export function upgradeBreadcrumbs(root) {
  for (const p of root.querySelectorAll('p.breadcrumb')) {
    const items = [];
    let current = '';
    for (const node of p.childNodes) {
      if (node.nodeName === 'A') items.push({ href: node.getAttribute('href'), label: node.textContent });
      else current += node.textContent;
    }
    current = current.replace(/›/g, ' ').trim();
    p.replaceWith(breadcrumb(items, current || null));
  }
}

// A breadcrumb trail: items [{href, label}] and the current page's label
// last (no link), the design system's breadcrumb navigation.
export function breadcrumb(items, current) {
  const links = items.map((item, i) => h('li', { class: 'utrecht-breadcrumb-nav__item' },
    h('a', { href: item.href, class: `utrecht-breadcrumb-nav__link${i === 0 ? ' utrecht-breadcrumb-nav__link--first' : ''}` }, item.label)));
  const here = current ? h('li', { class: 'utrecht-breadcrumb-nav__item' },
    h('span', { class: 'utrecht-breadcrumb-nav__link utrecht-breadcrumb-nav__link--current', 'aria-current': 'page' }, current)) : null;
  const separated = [...links, here].filter(Boolean).flatMap((li, i) => (i === 0 ? [li] : [
    h('li', { class: 'utrecht-breadcrumb-nav__separator utrecht-breadcrumb-nav__separator--html-li', 'aria-hidden': 'true' }, '›'), li]));
  return h('nav', { class: 'utrecht-breadcrumb-nav breadcrumb', 'aria-label': t('common.breadcrumb') },
    h('ol', { class: 'utrecht-breadcrumb-nav__list utrecht-breadcrumb-nav__list--html-ol' }, separated));
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

// Previous / next page links (the design system's page number navigation):
// label names the navigation, previous and next are {href, label, id?} or
// null when there is no such page.
export function pagination(label, previous, next) {
  const link = (p, rel) => h('li', null, h('a', {
    class: 'ams-pagination__link', href: p.href, id: p.id, rel,
  }, rel === 'prev' ? '‹ ' : null, p.label, rel === 'next' ? ' ›' : null));
  return h('nav', { class: 'ams-pagination pagination', 'aria-label': label },
    h('ol', { class: 'ams-pagination__list' }, previous ? link(previous, 'prev') : null, next ? link(next, 'next') : null));
}

// A message box: kind error, warning, success or info (the design system's
// alert: error, warning, ok, info), its text as children.
const ALERT_TYPES = { error: 'error', warning: 'warning', success: 'ok', info: 'info' };
export function alertBox(kind, ...children) {
  return h('div', { class: `utrecht-alert utrecht-alert--${ALERT_TYPES[kind] || 'info'} alert ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('div', { class: 'utrecht-alert__content' }, h('div', { class: 'utrecht-alert__message' }, ...children)));
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

// A labelled control in a .field (the design system's form field, with its
// label, description and error message): returns {field, control, error}.
export function field(labelText, control, hint) {
  const id = control.id || uid('f');
  control.id = id;
  const hintEl = hint ? h('span', { class: 'utrecht-form-field-description hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const error = h('p', { class: 'utrecht-form-field-error-message utrecht-form-field__error-message field-error', id: `${id}-error`, hidden: true });
  const check = control.type === 'checkbox' || control.type === 'radio';
  const wrap = h('div', { class: `utrecht-form-field utrecht-form-field--${check ? 'checkbox' : 'text'} field` },
    h('div', { class: 'utrecht-form-field__label' }, h('label', { for: id }, labelText, hintEl)),
    h('div', { class: 'utrecht-form-field__input' }, control), error);
  return { field: wrap, control, error };
}

export function options(values, selected, labelOf) {
  return values.map((v) => h('option', { value: v, selected: v === selected }, labelOf ? labelOf(v) : v));
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('common.loading'));
}

// Marks a field (from field()) invalid with message beside it.
export function showFieldError(f, message) {
  f.error.textContent = message;
  f.error.hidden = false;
  f.control.setAttribute('aria-invalid', 'true');
  f.control.closest('.utrecht-form-field')?.classList.add('utrecht-form-field--invalid');
  const hint = document.getElementById(`${f.control.id}-hint`);
  f.control.setAttribute('aria-describedby', hint ? `${f.error.id} ${hint.id}` : f.error.id);
}
