// todo.js — the dashboard's "Nu doen" (what to do first): one ranked list
// across the cycle's duties, each item a link to the page where it is done.
// Read from the server's own answers, under the user's need-to-know:
//   incident notification deadlines passed, or due within 24 hours
//     (GET /incident-deadlines: state overdue, or open and due soon);
//   overdue analyses (GET /status: state overdue), category A before B;
//   measures past their due date and adjustments due (the measures list's
//     derived overdue / adjustment_due, GET /measures);
//   reviews due (GET /review-status: state overdue or due);
//   approvals waiting for the user and open requests (GET /notifications,
//     events approval and request).
// Ranking (docs/decisions.md): a fixed order of kinds by what a missed one
// costs (a legal notification deadline first), then within a kind the
// earliest date first. Nothing here decides a rule: the server says what is
// overdue; this only orders and links.

import * as api from '../api.js';
import { amsterdamDay } from '../calendar.js';
import { h, empty, alertBox } from '../dom.js';
import { t, has, enumLabel, fmtDate, fmtDateTime } from '../i18n.js';

const DAY_MS = 24 * 3600 * 1000;
// lower is more urgent
const RANK = {
  incident_passed: 0, incident_soon: 1, analysis_a: 2, analysis: 3, measure_overdue: 4,
  adjustment_due: 5, review_due: 6, approval: 7, request: 8,
};
const SHOWN = 12;

const PAGES = {
  analyses: (id) => Promise.resolve(`#/analyses/${encodeURIComponent(id)}`),
  measures: (id) => Promise.resolve(`#/measures/${encodeURIComponent(id)}`),
  requests: (id) => Promise.resolve(`#/requests/${encodeURIComponent(id)}`),
  assessments: (id) => api.getRecord('assessments', id).then((r) => `#/processes/${encodeURIComponent(r.process)}`),
  reviews: (id) => api.getRecord('reviews', id).then((r) => `#/measures/${encodeURIComponent(r.measure)}`),
};

// The items from the answers, unsorted: {rank, when (ISO), key, text, href | page()}.
function collect({ status, measures, deadlines, reviews, notifications }) {
  const items = [];
  const processName = new Map(status.processes.map((p) => [p.id, p.name]));
  const nowMs = Date.parse(deadlines?.now || '') || Date.now();
  for (const inc of deadlines?.incidents || []) {
    for (const d of inc.deadlines) {
      const due = Date.parse(d.due);
      const passed = d.state === 'overdue';
      if (!passed && !(d.state === 'open' && due - nowMs <= DAY_MS)) continue;
      items.push({
        rank: passed ? RANK.incident_passed : RANK.incident_soon, when: d.due, key: `incident:${inc.id}:${d.regime}:${d.step}`,
        text: t(passed ? 'todo.incident_passed' : 'todo.incident_soon', {
          step: enumLabel('step', d.step), regime: d.regime, process: processName.get(inc.process) || inc.process,
        }),
        date: t('todo.due', { date: fmtDateTime(d.due) }), href: '#/incidents',
      });
    }
  }
  for (const p of status.processes) {
    if (p.state !== 'overdue') continue;
    items.push({
      rank: p.category === 'A' ? RANK.analysis_a : RANK.analysis, when: p.next_due || '0000', key: `analysis:${p.id}`,
      text: t('todo.analysis_overdue', { name: p.name, category: enumLabel('category', p.category || 'none') }),
      date: p.next_due ? t('todo.due', { date: fmtDate(p.next_due) }) : t('todo.never'), href: `#/processes/${encodeURIComponent(p.id)}`,
    });
  }
  for (const m of measures) {
    const href = `#/measures/${encodeURIComponent(m.id)}`;
    if (m.overdue) {
      items.push({
        rank: RANK.measure_overdue, when: m.due || '0000', key: `measure:${m.id}`, href,
        text: t('todo.measure_overdue', { name: m.name }), date: m.due ? t('todo.due', { date: fmtDate(m.due) }) : '',
      });
    }
    if (m.adjustment_due) {
      items.push({
        rank: RANK.adjustment_due, when: m.follow_up || '0000', key: `adjustment:${m.id}`, href,
        text: t('todo.adjustment_due', { name: m.name }), date: m.follow_up ? t('todo.due', { date: fmtDate(m.follow_up) }) : '',
      });
    }
  }
  for (const m of reviews?.measures || []) {
    if (m.state !== 'overdue' && m.state !== 'due') continue;
    items.push({
      rank: RANK.review_due, when: m.next_due || '0000', key: `review:${m.id}`, href: `#/measures/${encodeURIComponent(m.id)}`,
      text: t('todo.review_due', { name: m.name }), date: m.next_due ? t('todo.due', { date: fmtDate(m.next_due) }) : '',
    });
  }
  for (const n of notifications?.items || []) {
    if (n.event !== 'approval' && n.event !== 'request') continue;
    const singular = { analyses: 'analysis', assessments: 'assessment', reviews: 'review', requests: 'request' }[n.kind] || n.kind;
    const noun = has(`noun.${singular}`) ? t(`noun.${singular}`) : singular;
    items.push({
      rank: n.event === 'approval' ? RANK.approval : RANK.request, when: n.at || '0000', key: `${n.event}:${n.kind}:${n.record}`,
      text: t(n.event === 'approval' ? 'todo.approval' : 'todo.request', { kind: noun, title: n.title || t('todo.classified_title') }),
      date: n.at ? t('todo.since', { date: fmtDate(amsterdamDay(Date.parse(n.at))) }) : '', page: PAGES[n.kind] ? () => PAGES[n.kind](n.record) : null,
    });
  }
  return items;
}

// Most urgent first: by kind, then the earliest date.
export function rankTodo(items) {
  return [...items].sort((a, b) => a.rank - b.rank || String(a.when).localeCompare(String(b.when)) || a.key.localeCompare(b.key));
}

// Starts the section's own reads (the dashboard starts them together with
// its own, in one wave): { failed, answers: Promise<[deadlines, reviews,
// notifications]> }; a failed read is null and named in failed.
export function todoReads() {
  const failed = [];
  const read = (path) => api.get(path).catch(() => { failed.push(path); return null; });
  return { failed, answers: Promise.all([read('/incident-deadlines'), read('/review-status'), read('/notifications')]) };
}

// Appends the section to parent; status and measures are the dashboard's
// own reads, reads are todoReads() (a failed read leaves its kind out and
// says so, the others still shown).
export async function todoSection(ctx, parent, { status, measures }, reads = todoReads()) {
  const section = h('section', { id: 'todo', 'aria-labelledby': 'todo-title' },
    h('h2', { id: 'todo-title' }, t('todo.title')));
  parent.appendChild(section);
  const { failed } = reads;
  const [deadlines, reviews, notifications] = await reads.answers;
  if (!ctx.alive()) return;
  const ranked = rankTodo(collect({ status, measures, deadlines, reviews, notifications }));
  if (failed.length) section.appendChild(alertBox('warning', h('p', null, t('todo.partial'))));
  if (ranked.length === 0) {
    section.appendChild(empty(t('todo.none')));
    return;
  }
  section.appendChild(h('p', { id: 'todo-count' }, t('todo.count', { n: ranked.length })));
  const shown = ranked.slice(0, SHOWN);
  const hrefs = await Promise.all(shown.map((it) => (it.href ? it.href : (it.page ? it.page().catch(() => null) : null))));
  if (!ctx.alive()) return;
  const item = (it, href, i) => h('li', { 'data-todo': it.key, 'data-rank': String(i + 1), 'data-kind': Object.keys(RANK).find((k) => RANK[k] === it.rank) },
    href ? h('a', { href }, it.text) : h('span', null, it.text), it.date ? h('span', { class: 'todo-date' }, ` — ${it.date}`) : null);
  section.appendChild(h('ol', { class: 'todo-list', id: 'todo-list' }, shown.map((it, i) => item(it, hrefs[i], i))));
  if (ranked.length > SHOWN) {
    const rest = ranked.slice(SHOWN);
    const restHrefs = rest.map((it) => it.href || '#/notifications');
    section.appendChild(h('details', { id: 'todo-more' }, h('summary', null, t('todo.more', { n: rest.length })),
      h('ol', { class: 'todo-list', start: String(SHOWN + 1) }, rest.map((it, i) => item(it, restHrefs[i], SHOWN + i)))));
  }
}
