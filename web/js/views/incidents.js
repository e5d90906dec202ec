// incidents.js — incidents with their NIS2/CER notification deadlines (GET
// /api/v1/incident-deadlines joined with the incident records): per
// deadline its state, and for the ones still open or overdue a countdown
// that runs in the page (the time left, or how long it is past due).

import * as api from '../api.js';
import { h, badge, empty, table } from '../dom.js';
import { t, enumLabel, fmtDateTime, fmtDuration, has } from '../i18n.js';

function noteText(note) {
  const key = `incidents.note.${note}`;
  return has(key) ? t(key) : note;
}

export async function render(ctx) {
  const { main } = ctx;
  main.appendChild(h('h1', null, t('incidents.title')));
  main.appendChild(h('p', null, t('incidents.intro')));
  const [deadlines, incidents, processList] = await Promise.all([
    api.get('/incident-deadlines'), api.listAll('incidents'), api.listAll('processes'),
  ]);
  const records = new Map(incidents.map((i) => [i.id, i]));
  const processes = new Map(processList.map((p) => [p.id, p]));
  const rows = [...deadlines.incidents].sort((a, b) => b.detected_at.localeCompare(a.detected_at));
  const openFirst = (i) => (i.deadlines.some((d) => d.state === 'overdue' || d.state === 'open') ? 0 : 1);
  rows.sort((a, b) => openFirst(a) - openFirst(b));
  if (rows.length === 0) {
    main.appendChild(empty(t('incidents.none')));
    return undefined;
  }
  const countdowns = [];
  main.appendChild(table(null, [
    { label: t('field.title'), rowHeader: true }, { label: t('field.process') }, { label: t('field.detected_at') },
    { label: t('incidents.regimes') }, { label: t('incidents.deadlines') },
  ], rows.map((inc) => {
    const rec = records.get(inc.id);
    const p = processes.get(inc.process);
    return [
      h('span', null, rec ? rec.title : inc.id, rec && rec.significant ? h('span', { class: 'hint' }, t('incidents.significant')) : null),
      p ? h('a', { href: `#/processes/${encodeURIComponent(p.id)}` }, p.name) : inc.process,
      fmtDateTime(inc.detected_at),
      enumLabel('regimes', inc.regimes),
      inc.deadlines.length === 0 ? h('span', { class: 'hint' }, inc.note ? noteText(inc.note) : t('common.none'))
        : h('ul', { class: 'plain' }, inc.deadlines.map((d) => {
          const cd = h('span', { class: 'countdown', 'data-due': d.due });
          if (d.state === 'open' || d.state === 'overdue') countdowns.push(cd);
          return h('li', { 'data-step': `${d.regime}:${d.step}` },
            `${d.regime} ${enumLabel('step', d.step)}: `, badge('deadline', d.state), ' ',
            d.sent ? t('incidents.sent', { date: fmtDateTime(d.sent) }) : t('incidents.due', { date: fmtDateTime(d.due) }), ' ', cd);
        })),
    ];
  }), (i) => ({ 'data-incident': rows[i].id })));

  const tick = () => {
    const now = Date.now();
    for (const el of countdowns) {
      const left = (new Date(el.dataset.due).getTime() - now) / 1000;
      el.textContent = left >= 0 ? t('incidents.left', { time: fmtDuration(left) }) : t('incidents.past', { time: fmtDuration(-left) });
    }
  };
  tick();
  const timer = window.setInterval(tick, 1000);
  return () => window.clearInterval(timer);
}
