// incidents.js — incidents with their NIS2/CER notification deadlines (GET
// /api/v1/incident-deadlines joined with the incident records): per
// deadline its state, and for the ones still open or overdue a countdown
// that runs in the page (the time left, or how long it is past due). A user
// who may write for a process reports a new incident here, and records a
// notification as sent (the deadline names the incident's field that marks
// it, "sent_field"; one field can close a NIS2 and a CER step at once).
// Which regimes apply and every due time are the server's
// (src/domain/notification.c), never computed here.

import * as api from '../api.js';
import { h, badge, empty, table, alertBox } from '../dom.js';
import { t, enumLabel, fmtDateTime, fmtDuration, has } from '../i18n.js';
import { byId, canWrite, providedProcesses, defaultOwner, sortByName, emptyText } from '../data.js';
import { buildForm, readForm, showApiError, saveRecord, classificationSpec, onSubmit } from '../form.js';

function noteText(note) {
  const key = `incidents.note.${note}`;
  return has(key) ? t(key) : note;
}

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function render(ctx, flash) {
  const { main, user } = ctx;
  main.appendChild(h('h1', null, t('incidents.title')));
  main.appendChild(h('p', null, t('incidents.intro')));
  const messages = h('div', { id: 'incident-messages' });
  main.appendChild(messages);
  if (flash) {
    messages.appendChild(alertBox('success', h('p', { tabindex: '-1' }, flash)));
    window.setTimeout(() => messages.querySelector('p')?.focus(), 0);
  }
  const [deadlines, incidents, processList, provided, orgs] = await Promise.all([
    api.get('/incident-deadlines'), api.listAll('incidents'), api.listAll('processes'),
    providedProcesses(user), byId('organisations'),
  ]);
  if (!ctx.alive()) return undefined;
  const records = new Map(incidents.map((i) => [i.id, i]));
  const processes = new Map(processList.map((p) => [p.id, p]));
  const rerender = (message) => {
    main.replaceChildren();
    return render(ctx, message);
  };

  const reportable = sortByName(processList.filter((p) => canWrite(user, p, defaultOwner(user, p), provided)));
  if (reportable.length && user.role !== 'auditor') renderNewIncident(ctx, main, { user, reportable, orgs, rerender });

  const rows = [...deadlines.incidents].sort((a, b) => b.detected_at.localeCompare(a.detected_at));
  const openFirst = (i) => (i.deadlines.some((d) => d.state === 'overdue' || d.state === 'open') ? 0 : 1);
  rows.sort((a, b) => openFirst(a) - openFirst(b));
  if (rows.length === 0) {
    main.appendChild(empty(emptyText(user, null, 'incidents', 'incidents.none')));
    return undefined;
  }

  // records a notification as sent now: the field the deadline names
  const markSent = async (rec, d, button) => {
    button.disabled = true;
    messages.replaceChildren();
    try {
      // the list carries no versions: read the record to change it
      const fresh = await api.getRecord('incidents', rec.id);
      await saveRecord('incidents', { ...fresh, [d.sent_field]: nowIso() }, false);
      if (ctx.alive()) rerender(t('incidents.marked', { step: enumLabel('step', d.step), title: rec.title }));
    } catch (err) {
      button.disabled = false;
      showApiError(err, new Map(), messages, () => rerender(t('form.reloaded')));
    }
  };

  const countdowns = [];
  main.appendChild(table(t('incidents.caption'), [
    { label: t('field.title'), rowHeader: true }, { label: t('field.process') }, { label: t('field.detected_at') },
    { label: t('incidents.regimes') }, { label: t('incidents.deadlines') },
  ], rows.map((inc) => {
    const rec = records.get(inc.id);
    const p = processes.get(inc.process);
    const writable = rec && p && user.role !== 'auditor' && canWrite(user, p, rec.owner, provided);
    return [
      h('span', null, rec ? rec.title : inc.id, rec && rec.significant ? h('span', { class: 'hint' }, t('incidents.significant')) : null),
      p ? h('a', { href: `#/processes/${encodeURIComponent(p.id)}` }, p.name) : inc.process,
      fmtDateTime(inc.detected_at),
      enumLabel('regimes', inc.regimes),
      inc.deadlines.length === 0 ? h('span', { class: 'hint' }, inc.note ? noteText(inc.note) : t('common.none'))
        : h('ul', { class: 'plain' }, inc.deadlines.map((d) => {
          const cd = h('span', { class: 'countdown', 'data-due': d.due });
          const open = d.state === 'open' || d.state === 'overdue';
          if (open) countdowns.push(cd);
          let mark = null;
          if (open && writable && d.sent_field) {
            mark = h('button', {
              type: 'button', class: 'secondary', 'data-mark': `${inc.id}:${d.sent_field}`,
              'aria-label': t('incidents.mark_label', { step: enumLabel('step', d.step), title: rec.title }),
            }, t('incidents.mark'));
            mark.addEventListener('click', () => markSent(rec, d, mark));
          }
          return h('li', { 'data-step': `${d.regime}:${d.step}` },
            `${d.regime} ${enumLabel('step', d.step)}: `, badge('deadline', d.state), ' ',
            d.sent ? t('incidents.sent', { date: fmtDateTime(d.sent) }) : t('incidents.due', { date: fmtDateTime(d.due) }), ' ', cd,
            mark ? ' ' : null, mark);
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

// The form to report an incident, folded away until asked for.
function renderNewIncident(ctx, main, { user, reportable, orgs, rerender }) {
  const first = reportable[0];
  const base = {
    id: null, process: first.id, provider: user.role === 'provider' ? user.org : null, title: null,
    detected_at: nowIso(), significant: false, early_warning_at: null, notification_at: null,
    final_report_at: null, description: null,
    classification: user.clearance === 'public' ? 'public' : 'internal', owner: defaultOwner(user, first),
  };
  const providers = sortByName([...orgs.values()]).map((o) => o.id);
  const { nodes, fields } = buildForm([
    { name: 'process', label: t('field.process'), type: 'select', values: reportable.map((p) => p.id), labelOf: (id) => reportable.find((p) => p.id === id)?.name || id, required: true },
    { name: 'title', label: t('field.title'), required: true, wide: true },
    { name: 'detected_at', label: t('field.detected_at'), type: 'datetime', required: true, hint: t('incidents.detected_hint') },
    user.role === 'provider'
      ? { name: 'provider', label: t('incidents.provider'), type: 'select', values: [user.org], labelOf: (id) => orgs.get(id)?.name || id, readOnly: true }
      : { name: 'provider', label: t('incidents.provider'), type: 'select', values: providers, labelOf: (id) => orgs.get(id)?.name || id, empty: t('common.none'), hint: t('incidents.provider_hint') },
    { name: 'significant', label: t('incidents.significant_label'), type: 'checkbox', hint: t('incidents.significant_hint') },
    classificationSpec(user),
    { name: 'description', label: t('field.description'), type: 'textarea', wide: true, rows: 3 },
  ], base, 'incident');
  const box = h('div', { id: 'incident-form-messages' });
  const submit = h('button', { type: 'submit', id: 'incident-save' }, t('incidents.report'));
  const form = h('form', { id: 'incident-form', novalidate: true, 'aria-labelledby': 'incident-new-title' },
    box, h('div', { class: 'form-grid' }, nodes), h('div', { class: 'actions' }, submit));
  onSubmit(form, { fields, box, onReload: () => rerender(t('form.reloaded')) }, async () => {
    const values = readForm(fields, base);
    const process = reportable.find((p) => p.id === values.process);
    values.owner = defaultOwner(user, process);
    await saveRecord('incidents', values, true);
    if (ctx.alive()) rerender(t('incidents.reported', { title: values.title }));
  });
  main.appendChild(h('details', { class: 'risk', id: 'incident-new' },
    h('summary', { id: 'incident-new-title' }, t('incidents.new')), form));
}
