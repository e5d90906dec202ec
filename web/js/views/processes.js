// processes.js — the vital processes the user may see (GET
// /api/v1/processes, filtered by the server's need-to-know) with their clock
// state (GET /api/v1/status), filtered in the page by text, category,
// sector, ministry and state. The filters live in the address (#/processes?
// category=A&state=overdue), so a filtered list can be bookmarked and the
// dashboard's cards link straight into it.

import * as api from '../api.js';
import { h, table, badge, categoryBadge, empty, field, options, announce } from '../dom.js';
import { t, enumLabel, fmtDate, fmtNumber, compareText } from '../i18n.js';
import { byId, sortByName } from '../data.js';

const FILTERS = ['q', 'category', 'sector', 'ministry', 'state'];

export async function render(ctx) {
  const { main, query } = ctx;
  main.appendChild(h('h1', null, t('processes.title')));
  const [processes, status, sectors, orgs] = await Promise.all([
    api.listAll('processes'), api.get('/status'), byId('sectors'), byId('organisations'),
  ]);
  const clock = new Map(status.processes.map((p) => [p.id, p]));
  const current = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) || '']));

  const sectorIds = [...new Set(processes.map((p) => p.sector))]
    .sort((a, b) => compareText(sectors.get(a)?.name || a, sectors.get(b)?.name || b));
  const ministryIds = [...new Set(processes.map((p) => p.ministry))]
    .sort((a, b) => compareText(orgs.get(a)?.name || a, orgs.get(b)?.name || b));

  const any = () => h('option', { value: '' }, t('common.all'));
  const controls = {
    q: field(t('processes.search'), h('input', { type: 'search', id: 'filter-q', value: current.q })),
    category: field(t('field.category'), h('select', { id: 'filter-category' }, any(),
      options(['A', 'B', 'none'], current.category, (v) => enumLabel('category', v)))),
    sector: field(t('field.sector'), h('select', { id: 'filter-sector' }, any(),
      options(sectorIds, current.sector, (v) => sectors.get(v)?.name || v))),
    ministry: field(t('field.ministry'), h('select', { id: 'filter-ministry' }, any(),
      options(ministryIds, current.ministry, (v) => orgs.get(v)?.name || v))),
    state: field(t('field.state'), h('select', { id: 'filter-state' }, any(),
      options(['overdue', 'due_soon', 'never', 'current'], current.state, (v) => enumLabel('clock', v)))),
  };
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('processes.filters') },
    FILTERS.map((f) => controls[f].field),
    h('div', { class: 'field' }, h('button', { type: 'reset', class: 'secondary', id: 'filter-reset' }, t('common.reset'))));
  form.addEventListener('submit', (ev) => ev.preventDefault());
  main.appendChild(form);
  const count = h('p', { id: 'process-count' });
  const results = h('div', { id: 'process-results' });
  main.appendChild(count);
  main.appendChild(results);

  // a search field's "change" comes on blur, when the user clicks a result:
  // redrawing the same list then would swallow that click
  let drawn = null;
  const draw = (say) => {
    for (const f of FILTERS) current[f] = controls[f].control.value;
    const key = JSON.stringify(current);
    if (key === drawn) {
      if (say) announce(count.textContent);
      return;
    }
    drawn = key;
    const q = current.q.trim().toLowerCase();
    const shown = sortByName(processes).filter((p) => {
      const c = clock.get(p.id);
      return (!q || p.name.toLowerCase().includes(q) || p.id.includes(q))
        && (!current.category || p.category === current.category)
        && (!current.sector || p.sector === current.sector)
        && (!current.ministry || p.ministry === current.ministry)
        && (!current.state || (c && c.state === current.state));
    });
    count.textContent = t('processes.count', { n: fmtNumber(shown.length), total: fmtNumber(processes.length) });
    results.replaceChildren(shown.length === 0 ? empty(t('processes.none')) : table(null, [
      { label: t('field.name'), rowHeader: true }, { label: t('field.category') }, { label: t('field.sector') },
      { label: t('field.ministry') }, { label: t('field.state') }, { label: t('field.next_due') },
    ], shown.map((p) => {
      const c = clock.get(p.id);
      return [
        h('a', { href: `#/processes/${encodeURIComponent(p.id)}`, 'data-process': p.id }, p.name),
        categoryBadge(p.category),
        sectors.get(p.sector)?.name || p.sector,
        orgs.get(p.ministry)?.name || p.ministry,
        c ? badge('clock', c.state) : t('common.none'),
        c && c.next_due ? fmtDate(c.next_due) : t('common.none'),
      ];
    })));
    const params = new URLSearchParams();
    for (const f of FILTERS) if (current[f]) params.set(f, current[f]);
    const hash = `#/processes${params.toString() ? `?${params}` : ''}`;
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
    if (say) announce(count.textContent);
  };
  form.addEventListener('input', () => draw(false));
  form.addEventListener('change', () => draw(true));
  form.addEventListener('reset', () => window.setTimeout(() => {
    for (const f of FILTERS) controls[f].control.value = '';
    draw(true);
  }, 0));
  draw(false);
  return undefined;
}
