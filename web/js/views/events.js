// events.js — events (gebeurtenissen): shocks such as a sabotage or a
// flood, with the day they occurred and the processes they name (GET
// /api/v1/events: only the events the user may read), and the quickscans an
// event calls for (POST /api/v1/events/{id}/quickscan, src/http/api_quickscan.c).
// Opening them is two steps, so nothing is written unseen: a dry run says
// which processes would get a draft quickscan and which already have one
// (linked), then a confirmation opens them and links to the new analyses.
// Who may open them is the server's call: every quickscan must be one the
// user may write, or the whole call is refused (403) and nothing is
// written. The action is offered only where it can succeed in part at
// least: the coordinator, and a ministry responsible for one of the event's
// processes (a quickscan belongs to the process's ministry, so a provider
// or an auditor never opens one).

import * as api from '../api.js';
import { h, table, empty, alertBox, announce, loading } from '../dom.js';
import { t, fmtDate, compareText } from '../i18n.js';
import { showApiError } from '../form.js';

export async function render(ctx) {
  const { main, user } = ctx;
  main.appendChild(h('h1', null, t('events.title')));
  main.appendChild(h('p', null, t('events.intro')));
  const [events, processList] = await Promise.all([api.listAll('events'), api.listAll('processes')]);
  if (!ctx.alive()) return undefined;
  // a process the user may not read (another ministry's) is named by its id
  const processes = new Map(processList.map((p) => [p.id, p]));
  const processName = (id) => processes.get(id)?.name || id;
  const processLink = (id) => (processes.has(id)
    ? h('a', { href: `#/processes/${encodeURIComponent(id)}` }, processName(id)) : id);
  const mayOpen = (ev) => (ev.processes || []).length > 0 && (user.role === 'coordinator'
    || (user.role === 'department' && ev.processes.some((id) => processes.get(id)?.ministry === user.org)));

  if (events.length === 0) {
    main.appendChild(empty(t('events.none')));
    return undefined;
  }
  const rows = [...events].sort((a, b) => b.occurred.localeCompare(a.occurred) || compareText(a.name, b.name));
  const withAction = rows.some(mayOpen);
  const panel = h('section', { id: 'quickscan', class: 'action-panel', 'aria-labelledby': 'quickscan-title', hidden: true });
  const buttons = new Map();
  main.appendChild(table(t('events.caption'), [
    { label: t('field.name'), rowHeader: true }, { label: t('field.occurred') }, { label: t('events.processes') },
    withAction ? { label: t('events.quickscans') } : null,
  ].filter(Boolean), rows.map((ev) => {
    let action = null;
    if (mayOpen(ev)) {
      action = h('button', {
        type: 'button', class: 'secondary', 'data-quickscan': ev.id,
        'aria-label': t('events.open_label', { name: ev.name }),
      }, t('events.open'));
      action.addEventListener('click', () => showPlan(ctx, panel, ev, { processName, processLink, back: action }));
      buttons.set(ev.id, action);
    }
    return [
      h('span', null, ev.name, ev.description ? h('span', { class: 'hint' }, ev.description) : null),
      fmtDate(ev.occurred),
      (ev.processes || []).length === 0 ? t('common.none')
        : h('ul', { class: 'plain' }, ev.processes.map((id) => h('li', { 'data-process': id }, processLink(id)))),
      withAction ? action || t('common.none') : null,
    ].filter((cell) => cell !== null);
  }), (i) => ({ 'data-event': rows[i].id })));
  main.appendChild(panel);
  return undefined;
}

// The analysis an item names, as a link.
function analysisLink(id) {
  return h('a', { href: `#/analyses/${encodeURIComponent(id)}`, 'data-analysis': id }, id);
}

function focusHeading(panel) {
  const title = panel.querySelector('h2');
  title.setAttribute('tabindex', '-1');
  title.focus();
}

// Step one: the dry run of ev, in the panel, with the confirmation.
async function showPlan(ctx, panel, ev, names) {
  const box = h('div', { id: 'quickscan-messages' });
  panel.hidden = false;
  panel.replaceChildren(h('h2', { id: 'quickscan-title' }, t('events.plan_title', { name: ev.name })), box, loading());
  focusHeading(panel);
  const path = `/events/${encodeURIComponent(ev.id)}/quickscan`;
  let plan;
  try {
    plan = await api.post(path, { dry_run: true });
  } catch (err) {
    if (!ctx.alive()) return;
    panel.querySelector('.loading')?.remove();
    showError(err, box);
    return;
  }
  if (!ctx.alive()) return;
  const opening = plan.items.filter((i) => i.created);
  const close = () => {
    panel.hidden = true;
    panel.replaceChildren();
    names.back.focus();
  };
  const confirm = h('button', { type: 'button', id: 'quickscan-confirm' }, t('events.confirm', { n: opening.length }));
  const cancel = h('button', { type: 'button', class: 'secondary', id: 'quickscan-cancel', onclick: close },
    t(opening.length ? 'common.cancel' : 'events.close'));
  panel.replaceChildren(
    h('h2', { id: 'quickscan-title' }, t('events.plan_title', { name: ev.name })),
    box,
    h('p', { id: 'quickscan-plan-intro' }, opening.length
      ? t('events.plan_intro', { date: fmtDate(plan.started) }) : t('events.plan_nothing')),
    h('ul', { id: 'quickscan-plan', class: 'plain' }, plan.items.map((i) => h('li', {
      'data-process': i.process, 'data-created': String(i.created),
    }, i.created
      ? t('events.would_open', { process: names.processName(i.process) })
      : [t('events.has_one', { process: names.processName(i.process) }), ' ', analysisLink(i.analysis)]))),
    h('div', { class: 'actions' }, opening.length ? confirm : null, cancel));
  focusHeading(panel);
  announce(panel.querySelector('#quickscan-plan-intro').textContent);

  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    box.replaceChildren();
    let done;
    try {
      done = await api.post(path, { dry_run: false });
    } catch (err) {
      if (!ctx.alive()) return;
      // a refusal is for the whole event: trying again changes nothing
      if (err.status === 403) confirm.remove();
      else confirm.disabled = false;
      showError(err, box);
      return;
    }
    if (!ctx.alive()) return;
    const opened = done.items.filter((i) => i.created);
    panel.replaceChildren(
      h('h2', { id: 'quickscan-title' }, t('events.done_title', { name: ev.name })),
      alertBox('success', h('p', { id: 'quickscan-done', tabindex: '-1' },
        opened.length ? t('events.opened', { n: opened.length, date: fmtDate(done.started) }) : t('events.plan_nothing'))),
      h('ul', { id: 'quickscan-result', class: 'plain' }, done.items.map((i) => h('li', {
        'data-process': i.process, 'data-created': String(i.created),
      }, t(i.created ? 'events.opened_one' : 'events.has_one', { process: names.processName(i.process) }), ' ',
      analysisLink(i.analysis)))),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'quickscan-cancel', onclick: close }, t('events.close'))));
    panel.querySelector('#quickscan-done').focus();
  });
}

// An error of the quickscan call in the user's language: a refusal (403)
// says that nothing was opened; the rest as every form says it.
function showError(err, box) {
  if (err.status === 403) {
    box.replaceChildren(alertBox('error', h('p', { id: 'quickscan-refused' }, t('events.forbidden'))));
    box.querySelector('.alert').setAttribute('tabindex', '-1');
    box.querySelector('.alert').focus();
    return;
  }
  showApiError(err, new Map(), box, () => {});
}
