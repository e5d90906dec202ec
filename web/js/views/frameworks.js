// frameworks.js — how far the action programme meets the CER and NIS2
// requirements: every framework with its coverage (#/frameworks), and for
// one framework (#/frameworks/ID) its requirements as the tree the data
// gives (headings and the requirements under them), each with the measures
// mapped to it, linked to their pages, and whether it is covered by a
// measure that is not cancelled, and by one that is done. Optionally for
// one process (?process=ID). The figures are the server's (GET
// /api/v1/framework-coverage, the same as `vitaal framework list|show`),
// counted over the measures this user may see.

import * as api from '../api.js';
import { h, table, empty, field, options, announce } from '../dom.js';
import { t, enumLabel, fmtNumber, currentLang } from '../i18n.js';
import { sortByName } from '../data.js';

const covState = (r) => {
  if (r.covered_done) return 'done';
  return r.covered ? 'planned' : 'overdue'; // the badge colours of done / planned / late
};

function stateBadge(r) {
  const state = covState(r);
  return h('span', { class: `badge ${state}` }, t(`frameworks.state_${state}`));
}

function summaryLine(c) {
  return t('frameworks.summary', {
    covered: fmtNumber(c.covered), done: fmtNumber(c.covered_done), assessable: fmtNumber(c.assessable),
  });
}

function share(part, whole) {
  return whole > 0 ? fmtNumber(part / whole, { style: 'percent', maximumFractionDigits: 0 }) : t('common.none');
}

export async function render(ctx) {
  const { main, params, query } = ctx;
  const process = query.get('process') || '';
  const processes = sortByName(await api.listAll('processes'));
  if (!ctx.alive()) return undefined;
  const hashFor = (id, pid) => `#/frameworks${id ? `/${encodeURIComponent(id)}` : ''}${pid ? `?process=${encodeURIComponent(pid)}` : ''}`;
  const filter = field(t('frameworks.process_filter'), h('select', { id: 'framework-process' },
    h('option', { value: '' }, t('frameworks.all_processes')),
    options(processes.map((p) => p.id), process, (id) => processes.find((p) => p.id === id).name)));
  filter.control.addEventListener('change', () => ctx.navigate(hashFor(params.id, filter.control.value)));
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('frameworks.filters') }, filter.field);
  filters.addEventListener('submit', (ev) => ev.preventDefault());
  // the framework's texts in the UI's language where its library translates them
  const q = `&lang=${currentLang()}${process ? `&process=${encodeURIComponent(process)}` : ''}`;

  if (!params.id) {
    const { items } = await api.get(`/framework-coverage?${q.slice(1)}`);
    if (!ctx.alive()) return undefined;
    main.appendChild(h('h1', null, t('frameworks.title')));
    main.appendChild(h('p', null, t('frameworks.intro')));
    main.appendChild(filters);
    main.appendChild(items.length === 0 ? empty(t('frameworks.none')) : table(null, [
      { label: t('frameworks.framework'), rowHeader: true }, { label: t('frameworks.requirements'), num: true },
      { label: t('frameworks.assessable'), num: true }, { label: t('frameworks.covered'), num: true },
      { label: t('frameworks.covered_done'), num: true }, { label: t('frameworks.share') },
    ], items.map((f) => [
      h('a', { href: hashFor(f.id, process), 'data-framework-link': f.id }, f.ref_id ? `${f.ref_id} — ${f.name}` : f.name),
      fmtNumber(f.requirements), fmtNumber(f.assessable), fmtNumber(f.covered), fmtNumber(f.covered_done),
      h('span', null, h('progress', {
        max: Math.max(1, f.assessable), value: f.covered, 'aria-label': t('frameworks.share_label', { name: f.ref_id || f.name }),
      }), ` ${share(f.covered, f.assessable)}`),
    ]), (i) => ({ 'data-framework': items[i].id })));
    return undefined;
  }

  const doc = await api.get(`/framework-coverage?framework=${encodeURIComponent(params.id)}${q}`);
  if (!ctx.alive()) return undefined;
  const fw = doc.framework;
  main.appendChild(h('p', { class: 'breadcrumb' },
    h('a', { href: hashFor(null, process) }, t('frameworks.title')), ' › ', fw.ref_id || fw.name));
  main.appendChild(h('h1', null, fw.name));
  if (fw.description) main.appendChild(h('p', null, fw.description));
  main.appendChild(filters);
  const c = doc.coverage;
  main.appendChild(h('div', { class: 'card', id: 'framework-summary' },
    h('p', null, h('strong', null, summaryLine(c))),
    h('progress', { max: Math.max(1, c.assessable), value: c.covered, 'aria-label': t('frameworks.share_label', { name: fw.ref_id || fw.name }) }),
    h('p', { class: 'hint' }, t('frameworks.counting'))));

  const rows = doc.requirements;
  const label = (r) => [r.ref_id, r.name].filter(Boolean).join(' — ') || r.id;
  const tbl = table(t('frameworks.caption', { name: fw.ref_id || fw.name }), [
    { label: t('frameworks.requirement'), rowHeader: true }, { label: t('frameworks.measures') }, { label: t('frameworks.state') },
  ], rows.map((r) => {
    const head = h('span', null, h(r.assessable ? 'span' : 'strong', null, label(r)),
      r.description && r.assessable ? [h('br'), h('span', { class: 'hint' }, r.description)] : null);
    if (!r.assessable) return [head, '', ''];
    return [
      head,
      r.measures.length === 0 ? t('frameworks.no_measures') : h('ul', { class: 'plain' }, r.measures.map((m) => h('li', null,
        h('a', { href: `#/measures/${encodeURIComponent(m.id)}`, 'data-measure-link': m.id }, m.name), ' ',
        h('span', { class: `badge ${m.status}` }, enumLabel('measure_status', m.status))))),
      stateBadge(r),
    ];
  }), (i) => ({
    'data-requirement': rows[i].id, 'data-depth': String(rows[i].depth),
    'data-state': rows[i].assessable ? covState(rows[i]) : 'heading',
  }));
  // the tree: indent each requirement by its depth (CSSOM, allowed by the CSP)
  tbl.querySelectorAll('tbody tr').forEach((tr, i) => {
    tr.firstElementChild.style.paddingInlineStart = `${0.5 + 1.5 * rows[i].depth}rem`;
  });
  main.appendChild(tbl);
  if (rows.length === 0) main.appendChild(empty(t('frameworks.no_requirements')));
  announce(summaryLine(c));
  return undefined;
}
