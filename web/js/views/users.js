// users.js — the accounts, for coordinators only (the server answers 403 to
// anyone else, and the screen is only in a coordinator's menu): the list
// (GET /api/v1/users), a form to add a user (POST /api/v1/users), and per
// user a button to disable or enable it and a small form to change its
// role, organisation, clearance, an auditor's scope or its password
// (PUT /api/v1/users/{username}). The rules are the server's, the same the
// CLI's `vitaal user` follows; its errors are shown beside the field they
// name and a failed save keeps what was typed. A coordinator is not
// offered to disable itself (the server refuses it too).

import * as api from '../api.js';
import { h, table, empty, alertBox, field, announce } from '../dom.js';
import { t, enumLabel, fmtNumber } from '../i18n.js';
import { buildForm, showApiError, onSubmit } from '../form.js';
import { checklistField } from '../checklist.js';

const ROLES = ['coordinator', 'department', 'provider', 'auditor'];
const LEVELS = ['public', 'internal', 'confidential', 'secret'];

export async function render(ctx, flash) {
  const { main, user: me } = ctx;
  const [{ items }, organisations, processes] = await Promise.all([
    api.get('/users'), api.listAll('organisations'), api.listAll('processes'),
  ]);
  if (!ctx.alive()) return undefined;
  const rerender = (message) => {
    main.replaceChildren();
    return render(ctx, message);
  };
  const lists = { organisations, processes };

  main.appendChild(h('h1', null, t('users.title')));
  main.appendChild(h('p', null, t('users.intro')));
  const messages = h('div', { id: 'users-messages' });
  main.appendChild(messages);
  if (flash) {
    messages.appendChild(alertBox('success', h('p', { tabindex: '-1' }, flash)));
    window.setTimeout(() => messages.querySelector('p')?.focus(), 0);
  }

  const editArea = h('div', { id: 'user-edit-area' });
  if (items.length === 0) {
    main.appendChild(empty(t('users.none')));
  } else {
    main.appendChild(table(t('users.caption', { n: fmtNumber(items.length) }), [
      { label: t('users.username'), rowHeader: true }, { label: t('users.role') }, { label: t('users.org') },
      { label: t('users.clearance') }, { label: t('field.scope') }, { label: t('users.state') },
      { label: t('mfa.title') }, { label: t('common.actions') },
    ], items.map((u) => [
      u.username === me.username ? [u.username, ' ', h('span', { class: 'hint' }, t('users.you'))] : u.username,
      // names, not ids
      enumLabel('role', u.role), organisations.find((o) => o.id === u.org)?.name || u.org, enumLabel('classification', u.clearance),
      u.scope.length ? u.scope.map((id) => processes.find((p) => p.id === id)?.name || id).join(', ') : t('common.none'),
      u.disabled ? t('users.disabled') : t('users.active'),
      t(`users.mfa_${u.mfa || 'none'}`),
      rowActions(u, me, { editArea, messages, lists, rerender, ctx }),
    ]), (i) => ({ 'data-user': items[i].username })));
  }
  main.appendChild(editArea);
  main.appendChild(newUserForm({ lists, rerender, ctx }));
  return undefined;
}

// The row's buttons: change (opens the edit form) and disable / enable
// (not for oneself: nobody locks themself out).
function rowActions(u, me, env) {
  // the user's name for screen readers after the visible word, so the
  // accessible name still starts with what is seen
  const named = (label) => [label, h('span', { class: 'visually-hidden' }, ` ${u.username}`)];
  const edit = h('button', { type: 'button', class: 'secondary', 'data-action': 'edit' }, named(t('users.edit')));
  edit.addEventListener('click', () => openEditor(u, me, edit, env));
  const buttons = [edit];
  if (u.username !== me.username) {
    const toggle = h('button', {
      type: 'button', class: u.disabled ? 'secondary' : 'danger', 'data-action': u.disabled ? 'enable' : 'disable',
    }, named(t(u.disabled ? 'users.enable' : 'users.disable')));
    toggle.addEventListener('click', async () => {
      toggle.disabled = true;
      env.messages.replaceChildren();
      try {
        await api.put(`/users/${encodeURIComponent(u.username)}`, { disabled: !u.disabled });
        if (env.ctx.alive()) {
          env.rerender(t(u.disabled ? 'users.enabled_done' : 'users.disabled_done', { user: u.username }));
        }
      } catch (err) {
        toggle.disabled = false;
        showApiError(err, new Map(), env.messages);
      }
    });
    buttons.push(toggle);
  }
  if (u.username !== me.username && u.mfa && u.mfa !== 'none') {
    // a lost phone: the user sets up a new key at its next login
    const reset = h('button', { type: 'button', class: 'secondary', 'data-action': 'mfa-reset' },
      named(t('users.mfa_reset')));
    reset.addEventListener('click', async () => {
      reset.disabled = true;
      env.messages.replaceChildren();
      try {
        await api.post(`/users/${encodeURIComponent(u.username)}/mfa-reset`);
        if (env.ctx.alive()) env.rerender(t('users.mfa_reset_done', { user: u.username }));
      } catch (err) {
        reset.disabled = false;
        showApiError(err, new Map(), env.messages);
      }
    });
    buttons.push(reset);
  }
  return h('div', { class: 'actions' }, buttons);
}

// The fields both forms share: role, organisation, clearance and the
// auditor's scope (a searchable checkbox list, read by readUser).
function userFields(lists, record, prefix, lockRole) {
  const orgLabel = (id) => {
    const o = lists.organisations.find((x) => x.id === id);
    return o && o.name ? `${o.name} (${id})` : id;
  };
  const { nodes, fields } = buildForm([
    { name: 'role', label: t('users.role'), type: 'select', values: ROLES, labelOf: (v) => enumLabel('role', v), required: true, empty: record ? null : t('form.choose'), readOnly: lockRole },
    { name: 'org', label: t('users.org'), type: 'select', values: lists.organisations.map((o) => o.id), labelOf: orgLabel, required: true, empty: record ? null : t('form.choose') },
    { name: 'clearance', label: t('users.clearance'), type: 'select', values: LEVELS, labelOf: (v) => enumLabel('classification', v), required: true, empty: record ? null : t('form.choose') },
  ], record, prefix);
  const scope = checklistField({
    id: `${prefix}-scope`, name: 'scope', label: t('field.scope'), hint: t('users.scope_hint'),
    values: lists.processes.map((p) => p.id), selected: record ? record.scope || [] : [],
    labelOf: (id) => lists.processes.find((p) => p.id === id)?.name || id,
  });
  fields.set('scope', { field: scope.field, control: scope.control, error: scope.error, checklist: scope, spec: { name: 'scope', label: t('field.scope') } });
  return { nodes: [...nodes, scope.field], fields };
}

// A password control (buildForm has none): masked, never filled in by the
// browser's saved login.
function passwordField(prefix, label, hint, required) {
  const input = h('input', {
    type: 'password', id: `${prefix}-password`, name: 'password', 'data-field': 'password',
    autocomplete: 'new-password', required: required || null,
  });
  const f = field(label, input, hint);
  return { ...f, spec: { name: 'password', label, required } };
}

// The values of the form as the API wants them: scope only for an auditor.
function readUser(fields) {
  const body = {};
  for (const name of ['username', 'role', 'org', 'clearance', 'password']) {
    const f = fields.get(name);
    if (f && !f.spec.readOnly && f.control.value !== '') body[name] = f.control.value;
  }
  const role = fields.get('role').control.value;
  body.scope = role === 'auditor' ? fields.get('scope').checklist.selected() : [];
  return body;
}

// A 409 beside the field it names (the name is taken; oneself), else as form.js does.
function newUserForm({ lists, rerender, ctx }) {
  const { nodes, fields } = buildForm([
    { name: 'username', label: t('users.username'), type: 'text', required: true, hint: t('users.username_hint') },
  ], null, 'user-new');
  fields.get('username').control.setAttribute('autocomplete', 'off');
  const pw = passwordField('user-new', t('users.password'), t('users.password_hint'), true);
  fields.set('password', pw);
  const more = userFields(lists, null, 'user-new', false);
  for (const [k, v] of more.fields) fields.set(k, v);
  const box = h('div', { id: 'user-new-messages' });
  const form = h('form', { id: 'user-new-form', novalidate: true, 'aria-labelledby': 'user-new-title' },
    h('h2', { id: 'user-new-title' }, t('users.new_title')),
    box,
    h('div', { class: 'form-grid' }, nodes, pw.field, more.nodes),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'user-create' }, t('users.create'))));
  onSubmit(form, { fields, box }, async () => {
    const saved = await api.post('/users', readUser(fields));
    announce(t('users.created', { user: saved.username }));
    if (ctx.alive()) rerender(t('users.created', { user: saved.username }));
  });
  return form;
}

function openEditor(u, me, opener, { editArea, lists, rerender, ctx }) {
  const self = u.username === me.username;
  const prefix = 'user-edit';
  const { nodes, fields } = userFields(lists, u, prefix, self);
  const pw = passwordField(prefix, t('users.new_password'), t('users.new_password_hint'), false);
  fields.set('password', pw);
  const box = h('div', { id: 'user-edit-messages' });
  const close = () => {
    editArea.replaceChildren();
    opener.focus();
  };
  const form = h('form', { id: 'user-edit-form', novalidate: true, 'aria-labelledby': 'user-edit-title', 'data-user': u.username },
    h('h2', { id: 'user-edit-title' }, t('users.edit_title', { user: u.username })),
    self ? h('p', { class: 'hint' }, t('users.self_hint')) : null,
    box,
    h('div', { class: 'form-grid' }, nodes, pw.field),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'user-save' }, t('form.save')),
      h('button', { type: 'button', class: 'secondary', id: 'user-edit-cancel', onclick: close }, t('common.cancel'))));
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') close();
  });
  onSubmit(form, { fields, box }, async () => {
    const saved = await api.put(`/users/${encodeURIComponent(u.username)}`, readUser(fields));
    if (ctx.alive()) rerender(t('users.changed', { user: saved.username }));
  });
  editArea.replaceChildren(form);
  (fields.get(self ? 'org' : 'role').control).focus();
}
