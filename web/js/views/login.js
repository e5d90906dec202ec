// login.js — the login form: POST /api/v1/session with user name and
// password. A wrong password, a locked name (429) or a network failure is
// said in a message the screen reader announces; the fields keep their text.

import * as api from '../api.js';
import { h, field, alertBox } from '../dom.js';
import { t } from '../i18n.js';

export function render(ctx) {
  const user = field(t('login.username'), h('input', {
    type: 'text', name: 'username', autocomplete: 'username', required: true, id: 'login-username',
  }));
  const pass = field(t('login.password'), h('input', {
    type: 'password', name: 'password', autocomplete: 'current-password', required: true, id: 'login-password',
  }));
  const messages = h('div', { id: 'login-messages' });
  if (ctx.message) messages.appendChild(alertBox('warning', h('p', null, ctx.message)));
  const submit = h('button', { type: 'submit', id: 'login-submit' }, t('login.submit'));
  const form = h('form', { class: 'login', novalidate: true, 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', tabindex: '-1' }, t('login.title')),
    h('p', null, t('login.intro')),
    messages, user.field, pass.field,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    messages.replaceChildren();
    const name = user.control.value.trim();
    const password = pass.control.value;
    if (!name || !password) {
      messages.appendChild(alertBox('error', h('p', null, t('login.both_needed'))));
      (name ? pass.control : user.control).focus();
      return;
    }
    submit.disabled = true;
    try {
      const who = await api.login(name, password);
      ctx.onLogin(who);
    } catch (err) {
      let text = t('login.failed');
      if (err.status === 429) text = t('login.locked');
      else if (err.status === 0) text = t('common.network_error');
      else if (err.status >= 500) text = t('common.server_error');
      messages.appendChild(alertBox('error', h('p', null, text)));
      pass.control.value = '';
      pass.control.focus();
    } finally {
      submit.disabled = false;
    }
  });
  ctx.main.appendChild(form);
  user.control.focus();
}
