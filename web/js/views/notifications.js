// notifications.js — the user's notifications (src/domain/notify.h),
// newest first: comments and mentions, approvals asked, deadlines near and
// passed, requests sent to the user's organisation and answers to its own
// (a request: its page). Each names its record and links to the page that shows it (a risk
// or a contribution: its analysis; an assessment: its process; a review:
// its measure); opening one marks it read, and "mark all read" does what it
// says. The server derives them under the user's need-to-know, and leaves
// out the title and text of a confidential or secret record.

import * as api from '../api.js';
import { h, alertBox, announce, empty } from '../dom.js';
import { t, fmtDateTime, has } from '../i18n.js';
import { refreshNotificationCount } from '../app.js';

const SINGULAR = {
  analyses: 'analysis', measures: 'measure', risks: 'risk', contributions: 'contribution',
  assessments: 'assessment', reviews: 'review', requests: 'request',
};

const PAGES = {
  analyses: (r) => `#/analyses/${encodeURIComponent(r.id)}`,
  measures: (r) => `#/measures/${encodeURIComponent(r.id)}`,
  risks: (r) => `#/analyses/${encodeURIComponent(r.analysis)}`,
  contributions: (r, user) => (user.role === 'provider' ? null : `#/analyses/${encodeURIComponent(r.analysis)}`),
  assessments: (r) => `#/processes/${encodeURIComponent(r.process)}`,
  reviews: (r) => `#/measures/${encodeURIComponent(r.measure)}`,
  requests: (r) => `#/requests/${encodeURIComponent(r.id)}`,
};

// The page that shows the item's record (reading the record when the page
// is another's), or null.
async function pageOf(item, user) {
  const page = PAGES[item.kind];
  if (!page) return null;
  if (['analyses', 'measures', 'requests'].includes(item.kind)) return page({ id: item.record }, user);
  try {
    return page(await api.getRecord(item.kind, item.record), user);
  } catch {
    return null;
  }
}

function what(item) {
  const singular = SINGULAR[item.kind] || item.kind;
  const noun = has(`noun.${singular}`) ? t(`noun.${singular}`) : singular;
  return t(`notifications.event.${item.event}`, { kind: noun, record: item.record, by: item.by || '' });
}

export async function render(ctx) {
  const { main, user } = ctx;
  let doc = await api.get('/notifications');
  if (!ctx.alive()) return;
  const messages = h('div', { id: 'notifications-messages' });
  const list = h('ol', { class: 'notification-list', id: 'notification-list' });
  const count = h('p', { id: 'notifications-unread' });
  const markAll = h('button', { type: 'button', id: 'notifications-read-all', class: 'secondary' }, t('notifications.read_all'));
  const draw = async () => {
    count.textContent = t('notifications.unread', { n: doc.unread });
    markAll.disabled = doc.unread === 0;
    const pages = await Promise.all(doc.items.map((item) => pageOf(item, user)));
    if (!ctx.alive()) return;
    list.replaceChildren(...(doc.items.length === 0 ? [h('li', null, empty(t('notifications.none')))] : doc.items.map((item, i) => {
      const label = [what(item), item.title ? ` — ${item.title}` : ''].join('');
      const open = async (ev) => {
        if (item.read) return;
        ev.preventDefault();
        try {
          await api.post('/notifications/read', { ids: [item.id] });
        } catch { /* reading it matters more than marking it */ }
        refreshNotificationCount();
        if (pages[i]) window.location.hash = pages[i];
      };
      return h('li', { class: `notification${item.read ? '' : ' unread'}`, 'data-notification': item.id, 'data-event': item.event },
        item.read ? null : h('span', { class: 'badge open' }, t('notifications.new')), item.read ? null : ' ',
        pages[i] ? h('a', { href: pages[i], onclick: open }, label) : h('span', null, label),
        h('p', { class: 'hint notification-at' }, h('time', { datetime: item.at }, fmtDateTime(item.at))),
        item.text ? h('p', { class: 'notification-text' }, item.text) : null);
    })));
  };
  markAll.addEventListener('click', async () => {
    markAll.disabled = true;
    try {
      doc = await api.post('/notifications/read', { all: true });
      if (!ctx.alive()) return;
      await draw();
      refreshNotificationCount();
      announce(t('notifications.all_read'));
    } catch (err) {
      messages.replaceChildren(alertBox('error', h('p', null, err.message)));
      markAll.disabled = false;
    }
  });
  main.appendChild(h('h1', null, t('notifications.title')));
  main.appendChild(h('p', null, t('notifications.intro')));
  main.appendChild(messages);
  main.appendChild(h('div', { class: 'actions' }, count, markAll));
  main.appendChild(list);
  await draw();
}
