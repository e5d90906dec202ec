// login.js — the login form: POST /api/v1/session with user name and
// password. A wrong password, a locked name (429) or a network failure is
// said in a message the screen reader announces; the fields keep their text.
// An account with two-step verification answers 401 mfa_required: the form
// then asks for the code of the authenticator app (one-time-code, digits),
// or instead one of the recovery codes, and sends the three together.

import * as api from '../api.js';
import { h, field, alertBox, announce } from '../dom.js';
import { t } from '../i18n.js';

export function render(ctx) {
  const user = field(t('login.username'), h('input', {
    type: 'text', name: 'username', autocomplete: 'username', required: true, id: 'login-username',
  }));
  const pass = field(t('login.password'), h('input', {
    type: 'password', name: 'password', autocomplete: 'current-password', required: true, id: 'login-password',
  }));
  const code = field(t('login.code'), h('input', {
    type: 'text', name: 'totp', id: 'login-totp', autocomplete: 'one-time-code', inputmode: 'numeric',
    pattern: '[0-9]{6}', maxlength: '6', spellcheck: 'false',
  }), t('login.code_hint'));
  const recovery = field(t('login.recovery'), h('input', {
    type: 'text', name: 'recovery_code', id: 'login-recovery', autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'characters',
  }), t('login.recovery_hint'));
  const codeIntro = h('p', { id: 'login-code-intro' }, t('login.code_intro'));
  const toggle = h('button', { type: 'button', class: 'secondary', id: 'login-use-recovery' }, t('login.use_recovery'));
  const second = h('div', { id: 'login-second', hidden: true }, codeIntro, code.field, recovery.field,
    h('p', null, toggle));
  recovery.field.hidden = true;
  let useRecovery = false;
  toggle.addEventListener('click', () => {
    useRecovery = !useRecovery;
    code.field.hidden = useRecovery;
    recovery.field.hidden = !useRecovery;
    toggle.textContent = t(useRecovery ? 'login.use_code' : 'login.use_recovery');
    (useRecovery ? recovery.control : code.control).focus();
  });

  const messages = h('div', { id: 'login-messages' });
  if (ctx.message) messages.appendChild(alertBox('warning', h('p', null, ctx.message)));
  const submit = h('button', { type: 'submit', id: 'login-submit' }, t('login.submit'));
  const form = h('form', { class: 'login', novalidate: true, 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', tabindex: '-1' }, t('login.title')),
    h('p', null, t('login.intro')),
    messages, user.field, pass.field, second,
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
    let extra;
    if (!second.hidden) {
      const value = (useRecovery ? recovery.control : code.control).value.trim();
      if (!value) {
        messages.appendChild(alertBox('error', h('p', null, t('login.code_needed'))));
        (useRecovery ? recovery.control : code.control).focus();
        return;
      }
      extra = useRecovery ? { recovery_code: value } : { totp: value.replace(/\s/g, '') };
    }
    submit.disabled = true;
    try {
      const who = await api.login(name, password, extra);
      ctx.onLogin(who);
    } catch (err) {
      if (err.status === 401 && err.messageId === 'mfa_required') {
        // the password was right: ask for the second factor
        second.hidden = false;
        announce(t('login.code_intro'));
        code.control.focus();
        return;
      }
      let text = t('login.failed');
      if (err.status === 401 && err.messageId === 'mfa_wrong_code') text = t('login.code_wrong');
      else if (err.status === 429) text = t('login.locked');
      else if (err.status === 0) text = t('common.network_error');
      else if (err.status >= 500) text = t('common.server_error');
      messages.appendChild(alertBox('error', h('p', null, text)));
      if (!second.hidden && err.messageId === 'mfa_wrong_code') {
        const control = useRecovery ? recovery.control : code.control;
        control.value = '';
        control.focus();
      } else {
        pass.control.value = '';
        pass.control.focus();
      }
    } finally {
      submit.disabled = false;
    }
  });
  ctx.main.appendChild(form);
  user.control.focus();
}
