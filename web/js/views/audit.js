// audit.js — the audit log for coordinators (GET /api/v1/audit): logins,
// reads of confidential records and every write, newest first (order=desc,
// paged on with next_before), narrowed by user, kind of record and days
// (the filters are in the address, #/audit?actor=&kind=&from=&to=, so a
// filtered view can be shared and the Back button works), the actions,
// kinds and details in the user's language (issue 13 part 8). Only in the
// coordinator's menu; the server answers 403 to anyone else.

import * as api from '../api.js';
import { h, table, empty, field, options, pagination } from '../dom.js';
import { t, has, enumLabel, enumValues, fmtDateTime, fmtNumber, compareText } from '../i18n.js';

const PAGE = 50;
const FILTERS = ['actor', 'kind', 'from', 'to'];

// A detail as the server writes it ("version 3; from version 1", "list",
// "comment 12 retracted") in the user's language, part by part; a part it
// does not know (a reason typed by a user, a file name) stays as written.
const DETAIL_PARTS = [
  [/^version (\d+)$/, (m) => t('audit.detail.version', { n: m[1] })],
  [/^assess, version (\d+)$/, (m) => `${t('audit.detail.assess')}, ${t('audit.detail.version', { n: m[1] })}`],
  [/^from version (\d+)$/, (m) => t('audit.detail.from_version', { n: m[1] })],
  [/^comment (\d+) retracted$/, (m) => t('audit.detail.comment_retracted', { n: m[1] })],
  [/^comment (\d+)$/, (m) => t('audit.detail.comment', { n: m[1] })],
  [/^quickscan (\S+)$/, (m) => t('audit.detail.quickscan', { id: m[1] })],
  [/^adopted from proposed risk (\S+)$/, (m) => t('audit.detail.adopted_from', { id: m[1] })],
  [/^became risk (\S+)$/, (m) => t('audit.detail.became_risk', { id: m[1] })],
  [/^contribution (\S+)$/, (m) => t('audit.detail.contribution', { id: m[1] })],
];
export function auditDetail(detail) {
  if (!detail) return '';
  return detail.split('; ').map((part) => {
    const key = `audit.detail.${part.replace(/ /g, '_')}`;
    if (has(key)) return t(key);
    for (const [re, say] of DETAIL_PARTS) {
      const m = part.match(re);
      if (m) return say(m);
    }
    return part;
  }).join('; ');
}

function filterForm(ctx, values, users) {
  const actor = h('input', { type: 'text', id: 'audit-actor', name: 'actor', value: values.actor || '', list: 'audit-actors', autocomplete: 'off' });
  const kinds = enumValues('kind').sort((a, b) => compareText(enumLabel('kind', a), enumLabel('kind', b)));
  const kind = h('select', { id: 'audit-kind', name: 'kind' }, h('option', { value: '' }, t('common.all')),
    options(kinds, values.kind || '', (k) => enumLabel('kind', k)));
  const from = h('input', { type: 'date', id: 'audit-from', name: 'from', value: values.from || '' });
  const to = h('input', { type: 'date', id: 'audit-to', name: 'to', value: values.to || '' });
  const form = h('form', { class: 'filters', id: 'audit-filters', role: 'search', 'aria-label': t('audit.filters'), novalidate: true },
    field(t('audit.filter_actor'), actor, t('audit.filter_actor_hint')).field,
    h('datalist', { id: 'audit-actors' }, users.map((u) => h('option', { value: u.username }))),
    field(t('audit.filter_kind'), kind).field,
    field(t('audit.filter_from'), from).field,
    field(t('audit.filter_to'), to).field,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'audit-apply' }, t('audit.filter_apply')),
      FILTERS.some((k) => values[k]) ? h('a', { class: 'button secondary', href: '#/audit', id: 'audit-clear' }, t('audit.filter_clear')) : null));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, el] of [['actor', actor], ['kind', kind], ['from', from], ['to', to]]) {
      if (el.value.trim()) q.set(k, el.value.trim());
    }
    const s = q.toString();
    ctx.navigate(s ? `#/audit?${s}` : '#/audit');
  });
  return form;
}

export async function render(ctx) {
  const { main, query } = ctx;
  const before = Math.max(0, Number(query.get('before')) || 0);
  const values = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) || '']));
  const filtered = FILTERS.some((k) => values[k]);
  main.appendChild(h('h1', null, t('audit.title')));
  main.appendChild(h('p', null, t('audit.intro')));
  const [page, users] = await Promise.all([
    api.get(`/audit${api.query({ order: 'desc', before: before || undefined, limit: PAGE, ...values })}`),
    api.get('/users').then((r) => r.items || r).catch(() => []),
  ]);
  if (!ctx.alive()) return undefined;
  main.appendChild(filterForm(ctx, values, users));
  const results = h('div', { id: 'audit-results' });
  main.appendChild(results);
  if (filtered) results.appendChild(h('p', { id: 'audit-count' }, t('audit.filtered', { n: fmtNumber(page.items.length) })));
  if (page.items.length === 0) {
    results.appendChild(empty(t(filtered ? 'audit.none_filtered' : 'audit.none')));
  } else {
    const first = page.items[0].seq;
    const last = page.items[page.items.length - 1].seq;
    results.appendChild(table(t('audit.caption', { from: fmtNumber(first), to: fmtNumber(last) }), [
      { label: t('audit.seq'), num: true }, { label: t('audit.at') }, { label: t('audit.actor') },
      { label: t('audit.action') }, { label: t('audit.record') }, { label: t('audit.detail') }, { label: t('audit.address') },
    ], page.items.map((e) => [
      fmtNumber(e.seq), fmtDateTime(e.at), e.actor, enumLabel('audit_action', e.action),
      e.kind ? `${enumLabel('kind', e.kind)} ${e.record || ''}` : '', auditDetail(e.detail), e.address || '',
    ]), (i) => ({ 'data-seq': page.items[i].seq, 'data-actor': page.items[i].actor })));
  }
  const link = (extra) => {
    const q = new URLSearchParams();
    for (const k of FILTERS) if (values[k]) q.set(k, values[k]);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    const s = q.toString();
    return s ? `#/audit?${s}` : '#/audit';
  };
  main.appendChild(pagination(t('audit.pages'),
    before > 0 ? { href: link({}), label: t('audit.previous'), id: 'audit-newest' } : null,
    page.items.length === PAGE && page.next_before ? { href: link({ before: page.next_before }), label: t('audit.next'), id: 'audit-next' } : null));
  return undefined;
}
