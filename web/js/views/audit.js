// audit.js — the audit log for coordinators (GET /api/v1/audit): logins,
// reads of confidential records and every write, newest page last, paged
// on with next_after. Only in the coordinator's menu; the server answers
// 403 to anyone else.

import * as api from '../api.js';
import { h, table, empty, pagination } from '../dom.js';
import { t, enumLabel, fmtDateTime, fmtNumber } from '../i18n.js';

const PAGE = 50;

export async function render(ctx) {
  const { main, query } = ctx;
  const after = Math.max(0, Number(query.get('after')) || 0);
  main.appendChild(h('h1', null, t('audit.title')));
  main.appendChild(h('p', null, t('audit.intro')));
  const page = await api.get(`/audit${api.query({ after, limit: PAGE })}`);
  if (page.items.length === 0) {
    main.appendChild(empty(t('audit.none')));
  } else {
    const first = page.items[0].seq;
    const last = page.items[page.items.length - 1].seq;
    main.appendChild(table(t('audit.caption', { from: fmtNumber(first), to: fmtNumber(last) }), [
      { label: t('audit.seq'), num: true }, { label: t('audit.at') }, { label: t('audit.actor') },
      { label: t('audit.address') }, { label: t('audit.action') }, { label: t('audit.record') }, { label: t('audit.detail') },
    ], page.items.map((e) => [
      fmtNumber(e.seq), fmtDateTime(e.at), e.actor, e.address || '', enumLabel('audit_action', e.action),
      e.kind ? `${enumLabel('kind', e.kind)} ${e.record || ''}` : '', e.detail || '',
    ])));
  }
  main.appendChild(pagination(t('audit.pages'),
    after > 0 ? { href: `#/audit?after=${Math.max(0, after - PAGE)}`, label: t('audit.previous') } : null,
    page.items.length === PAGE ? { href: `#/audit?after=${page.next_after}`, label: t('audit.next'), id: 'audit-next' } : null));
  return undefined;
}
