// measures.js — the action programme (actieprogramma): every measure the
// user may see (GET /api/v1/measures) with the processes it protects, its
// due date, status and effectiveness-review state (GET
// /api/v1/review-status), filtered by status, kind and process, as a table
// or as a board with one column per status; measures with a what-if effect
// can be chosen for the before/after comparison (whatif.js). The follow-up
// the server derives (overdue, adjustment due: never stored) shows as
// badges in the table and on the board, and filters the list. A measure's
// name leads to its page (measure.js: edit, effectiveness reviews); "new
// measure" (measure_new.js) is there only for users who may write one.

import * as api from '../api.js';
import { h, table, badge, empty, field, options, announce } from '../dom.js';
import { t, enumLabel, fmtDate, fmtNumber, fmtAmount, compareText } from '../i18n.js';
import { providedProcesses, emptyText } from '../data.js';
import { whatifSection } from './whatif.js';
import { mayCreateMeasure } from './measure_new.js';

const STATUSES = ['proposed', 'planned', 'in_progress', 'done', 'cancelled'];
const KINDS = ['redundancy', 'stockpile', 'alternative_method', 'regulation', 'other'];
const FOLLOW_UPS = ['overdue', 'adjustment_due'];

// The derived follow-up of a measure as badges ("" when none).
export function followUpBadges(m) {
  const out = [];
  if (m.overdue) out.push(badge('follow_up', 'overdue'));
  if (m.adjustment_due) {
    out.push(badge('follow_up', 'adjustment_due'));
    if (m.follow_up) out.push(h('span', { class: 'hint' }, ` ${t('measures.follow_up_date', { date: fmtDate(m.follow_up) })}`));
  }
  return out.length ? h('span', { class: 'follow-up', 'data-follow-up': [m.overdue ? 'overdue' : '', m.adjustment_due ? 'adjustment_due' : ''].filter(Boolean).join(' ') }, out) : '';
}

export async function render(ctx) {
  const { main, query, user } = ctx;
  main.appendChild(h('h1', null, t('measures.title')));
  main.appendChild(h('p', null, t('measures.intro')));
  const [measures, reviews, processList, provided] = await Promise.all([
    api.listAll('measures'), api.get('/review-status'), api.listAll('processes'), providedProcesses(user),
  ]);
  if (mayCreateMeasure(user, processList, provided)) {
    main.appendChild(h('div', { class: 'actions' },
      h('a', { class: 'button', id: 'new-measure', href: '#/measures/new' }, t('measures.new'))));
  }
  const processes = new Map(processList.map((p) => [p.id, p]));
  const review = new Map(reviews.measures.map((r) => [r.id, r]));
  const processIds = [...new Set(measures.flatMap((m) => m.processes || []))]
    .filter((id) => processes.has(id))
    .sort((a, b) => compareText(processes.get(a).name, processes.get(b).name));

  const any = () => h('option', { value: '' }, t('common.all'));
  const fStatus = field(t('field.status'), h('select', { id: 'measure-status' }, any(),
    options(STATUSES, query.get('status') || '', (v) => enumLabel('measure_status', v))));
  const fKind = field(t('field.kind'), h('select', { id: 'measure-kind' }, any(),
    options(KINDS, '', (v) => enumLabel('measure_kind', v))));
  const fProcess = field(t('field.process'), h('select', { id: 'measure-process' }, any(),
    options(processIds, query.get('process') || '', (id) => processes.get(id).name)));
  const fFollow = field(t('measures.follow_up'), h('select', { id: 'measure-follow-up' }, any(),
    options(FOLLOW_UPS, query.get('follow_up') || '', (v) => enumLabel('follow_up', v))));
  const fView = field(t('measures.view'), h('select', { id: 'measure-view' },
    options(['table', 'board'], 'table', (v) => t(`measures.view_${v}`))));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('measures.filters') },
    fStatus.field, fKind.field, fProcess.field, fFollow.field, fView.field);
  form.addEventListener('submit', (ev) => ev.preventDefault());
  main.appendChild(form);
  const count = h('p', { id: 'measure-count' });
  const out = h('div', { id: 'measure-results' });
  main.appendChild(count);
  main.appendChild(out);

  const selected = new Set();
  const measureById = new Map(measures.map((m) => [m.id, m]));
  let updateCount = () => {};
  const pick = (m) => (m.effect && m.effect !== 'none' ? h('input', {
    type: 'checkbox', checked: selected.has(m.id), 'data-whatif': m.id,
    'aria-label': t('whatif.include', { name: m.name }),
    onchange: (ev) => { if (ev.target.checked) selected.add(m.id); else selected.delete(m.id); updateCount(); },
  }) : h('span', { class: 'hint' }, t('whatif.no_effect')));

  const processLinks = (m) => h('ul', { class: 'plain' }, (m.processes || []).map((id) => h('li', null,
    processes.has(id) ? h('a', { href: `#/processes/${encodeURIComponent(id)}` }, processes.get(id).name) : id)));

  const draw = (say) => {
    const shown = measures.filter((m) => (!fStatus.control.value || m.status === fStatus.control.value)
      && (!fKind.control.value || m.kind === fKind.control.value)
      && (!fProcess.control.value || (m.processes || []).includes(fProcess.control.value))
      && (!fFollow.control.value || m[fFollow.control.value] === true))
      .sort((a, b) => String(a.due || '9999').localeCompare(String(b.due || '9999')) || compareText(a.name, b.name));
    count.textContent = t('measures.count', { n: fmtNumber(shown.length), total: fmtNumber(measures.length) });
    // none at all: said honestly for a user who may not see every measure
    if (measures.length === 0) out.replaceChildren(empty(emptyText(user, null, 'measures', 'measures.none')));
    else if (shown.length === 0) out.replaceChildren(empty(t('measures.none_filtered')));
    else if (fView.control.value === 'board') {
      out.replaceChildren(h('div', { class: 'cards board' }, STATUSES.map((s) => {
        const col = shown.filter((m) => m.status === s);
        const id = `board-${s}`;
        return h('section', { class: 'card', 'aria-labelledby': id },
          h('h2', { id }, `${enumLabel('measure_status', s)} (${fmtNumber(col.length)})`),
          col.length === 0 ? empty(t('measures.none')) : h('ul', { class: 'plain' }, col.map((m) => h('li', null,
            h('a', { href: `#/measures/${encodeURIComponent(m.id)}` }, h('strong', null, m.name)), h('br'),
            h('span', { class: 'hint' }, m.due ? t('measures.due', { date: fmtDate(m.due) }) : t('measures.no_due')),
            followUpBadges(m) ? h('br') : '', followUpBadges(m)))));
      })));
    } else {
      out.replaceChildren(table(null, [
        // column priority (issue 13 part 8): a narrow screen leaves out
        // kind, scope, review and cost first (col-low), then the processes
        // and the follow-up (col-mid); the measure's page has them all
        { label: t('field.name'), rowHeader: true }, { label: t('field.kind'), cls: 'col-low' }, { label: t('field.scope'), cls: 'col-low' },
        { label: t('field.processes'), cls: 'col-mid' }, { label: t('field.due') }, { label: t('field.status') },
        { label: t('measures.follow_up'), cls: 'col-mid' }, { label: t('measures.review'), cls: 'col-low' },
        { label: t('field.cost_eur'), num: true, cls: 'col-low' }, { label: t('whatif.column') },
      ], shown.map((m) => {
        const r = review.get(m.id);
        return [
          h('a', { href: `#/measures/${encodeURIComponent(m.id)}`, 'data-measure-link': m.id }, m.name), enumLabel('measure_kind', m.kind), enumLabel('measure_scope', m.scope), processLinks(m),
          m.due ? fmtDate(m.due) : t('common.none'), badge('measure_status', m.status),
          followUpBadges(m) || t('common.none'),
          r ? h('span', null, badge('review_state', r.state), r.last_review ? ` ${enumLabel('review_result', r.last_review.result)}` : '') : t('common.none'),
          m.cost_eur != null ? fmtAmount(m.cost_eur) : t('common.none'),
          pick(m),
        ];
      }), (i) => ({ 'data-measure': shown[i].id }), 'measures-table'));
      out.appendChild(h('p', { class: 'hint narrow-only', id: 'measure-narrow-hint' }, t('measures.narrow_hint')));
    }
    if (say) announce(count.textContent);
  };
  form.addEventListener('change', () => draw(true));
  draw(false);
  updateCount = whatifSection(ctx, main, { selected, processes, measures: measureById, onClear: () => draw(false) });
  // the compare bar (how many chosen, compare, clear) stays at the top of
  // the screen while the list scrolls (issue 13 part 8); the result is
  // drawn below the list, so comparing brings it into view
  const bar = h('div', { class: 'compare-bar', id: 'compare-bar', role: 'region', 'aria-label': t('whatif.title') });
  for (const id of ['whatif-count', 'whatif-run', 'whatif-clear']) {
    const el = document.getElementById(id);
    if (el) bar.appendChild(el);
  }
  main.insertBefore(bar, count);
  document.getElementById('whatif-run')?.addEventListener('click', () => {
    document.getElementById('whatif-result')?.scrollIntoView({ block: 'start' });
  });
  return undefined;
}
