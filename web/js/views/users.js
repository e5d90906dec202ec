// users.js — the accounts, for coordinators (GET /api/v1/users): user name,
// role, organisation, clearance, an auditor's scope and whether the account
// is disabled. Accounts are made and changed with `vitaal user` on the
// server; this screen only reads. Only in the coordinator's menu; the
// server answers 403 to anyone else.

import * as api from '../api.js';
import { h, table, empty } from '../dom.js';
import { t, enumLabel, fmtNumber } from '../i18n.js';

export async function render(ctx) {
  const { main } = ctx;
  main.appendChild(h('h1', null, t('users.title')));
  main.appendChild(h('p', null, t('users.intro')));
  const { items } = await api.get('/users');
  if (items.length === 0) {
    main.appendChild(empty(t('users.none')));
    return undefined;
  }
  main.appendChild(table(t('users.caption', { n: fmtNumber(items.length) }), [
    { label: t('users.username'), rowHeader: true }, { label: t('users.role') }, { label: t('users.org') },
    { label: t('users.clearance') }, { label: t('field.scope') }, { label: t('users.state') },
  ], items.map((u) => [
    u.username, enumLabel('role', u.role), u.org, enumLabel('classification', u.clearance),
    u.scope.length ? u.scope.join(', ') : t('common.none'),
    u.disabled ? t('users.disabled') : t('users.active'),
  ]), (i) => ({ 'data-user': items[i].username })));
  return undefined;
}
