// mfa.js — the user's own two-step verification (#/mfa, the header's link;
// the only screen of a session that must enrol first): its state, setting
// it up (POST /api/v1/me/mfa: the QR code as an <img> of GET
// /api/v1/me/mfa/qr, since the CSP allows no inline images, and the key
// for entry by hand), confirming it with a first code, then the recovery
// codes shown once; turning it off with a code where the clearance does
// not need it.

import * as api from '../api.js';
import { enrolled } from '../app.js';
import { h, field, alertBox, announce, loading } from '../dom.js';
import { t } from '../i18n.js';

function codeField(id) {
  return field(t('login.code'), h('input', {
    type: 'text', id, name: 'totp', autocomplete: 'one-time-code', inputmode: 'numeric',
    pattern: '[0-9]{6}', maxlength: '6', spellcheck: 'false', required: true,
  }), t('login.code_hint'));
}

function errorText(err) {
  if (err.status === 0) return t('common.network_error');
  if (err.status >= 500) return t('common.server_error');
  return err.message;
}

export async function render(ctx) {
  const { main } = ctx;
  const title = h('h1', { tabindex: '-1' }, t('mfa.title'));
  const body = h('div', { id: 'mfa-body' }, loading());
  main.append(title, body);
  const state = await api.get('/me/mfa');
  if (!ctx.alive()) return undefined;
  body.replaceChildren();
  if (state.enrol_only) body.appendChild(alertBox('warning', h('p', { id: 'mfa-enrol-only' }, t('mfa.enrol_only'))));

  if (state.mfa === 'enrolled') {
    body.appendChild(h('p', { id: 'mfa-state', 'data-state': 'enrolled' }, t('mfa.enrolled')));
    body.appendChild(h('p', { id: 'mfa-left' }, t('mfa.recovery_left', { n: state.recovery_codes_left })));
    if (state.required) {
      body.appendChild(h('p', null, t('mfa.required')));
      return undefined;
    }
    const code = codeField('mfa-disable-code');
    const box = h('div', { id: 'mfa-disable-messages' });
    const form = h('form', { id: 'mfa-disable', novalidate: true, 'aria-labelledby': 'mfa-disable-title' },
      h('h2', { id: 'mfa-disable-title' }, t('mfa.disable')),
      h('p', null, t('mfa.disable_intro')), box, code.field,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('mfa.disable'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      box.replaceChildren();
      const value = code.control.value.trim();
      try {
        await api.post('/me/mfa/disable', /^\d{6}$/.test(value) ? { totp: value } : { recovery_code: value });
        announce(t('mfa.disabled'));
        ctx.navigate('#/mfa');
      } catch (err) {
        box.appendChild(alertBox('error', h('p', null, errorText(err))));
        code.control.focus();
      }
    });
    body.appendChild(form);
    return undefined;
  }

  if (!state.enrol_only) {
    body.appendChild(h('p', { id: 'mfa-state', 'data-state': state.mfa }, state.required ? t('mfa.required') : t('mfa.none')));
  }
  body.appendChild(h('p', null, t('mfa.start_intro')));
  const startBox = h('div', { id: 'mfa-start-messages' });
  const start = h('button', { type: 'button', id: 'mfa-start' }, t('mfa.start'));
  const setup = h('div', { id: 'mfa-setup' });
  body.append(startBox, h('div', { class: 'actions' }, start), setup);
  start.addEventListener('click', async () => {
    startBox.replaceChildren();
    let key;
    try {
      key = await api.post('/me/mfa', {});
    } catch (err) {
      startBox.appendChild(alertBox('error', h('p', null, errorText(err))));
      return;
    }
    start.hidden = true;
    showSetup(ctx, setup, key);
  });
  return undefined;
}

function showSetup(ctx, setup, key) {
  const code = codeField('mfa-code');
  const box = h('div', { id: 'mfa-confirm-messages' });
  const form = h('form', { id: 'mfa-confirm', novalidate: true, 'aria-labelledby': 'mfa-confirm-title' },
    h('h2', { id: 'mfa-confirm-title' }, t('mfa.confirm')),
    h('p', null, t('mfa.confirm_intro')), box, code.field,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'mfa-confirm-submit' }, t('mfa.confirm'))));
  setup.replaceChildren(
    h('p', null, t('mfa.scan')),
    // a cache-busting query: every start makes a new key
    h('img', {
      id: 'mfa-qr', src: `/api/v1${key.qr.replace(/^\/api\/v1/, '')}?k=${Date.now()}`, alt: t('mfa.qr_alt'),
      width: '240', height: '240', class: 'mfa-qr',
    }),
    h('p', null, t('mfa.secret'), ': ', h('code', { id: 'mfa-secret', class: 'mfa-secret' }, key.secret.replace(/(.{4})/g, '$1 ').trim())),
    form);
  code.control.focus();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    box.replaceChildren();
    const value = code.control.value.replace(/\s/g, '');
    if (!/^\d{6}$/.test(value)) {
      box.appendChild(alertBox('error', h('p', null, t('login.code_hint'))));
      code.control.focus();
      return;
    }
    let answer;
    try {
      answer = await api.post('/me/mfa/confirm', { totp: value });
    } catch (err) {
      box.appendChild(alertBox('error', h('p', null, errorText(err))));
      code.control.value = '';
      code.control.focus();
      return;
    }
    enrolled();
    // the warning and the set-up have done their work: only the codes stay
    setup.parentElement.replaceChildren(setup);
    const next = h('button', { type: 'button', id: 'mfa-continue' }, t('mfa.continue'));
    next.addEventListener('click', () => ctx.navigate('#/dashboard'));
    const heading = h('h2', { id: 'mfa-codes-title', tabindex: '-1' }, t('mfa.recovery_codes'));
    setup.replaceChildren(
      alertBox('success', h('p', null, t('mfa.enrolled_now'))),
      heading,
      h('p', null, t('mfa.recovery_intro')),
      h('ul', { id: 'mfa-recovery-codes', class: 'mfa-codes', 'aria-labelledby': 'mfa-codes-title' },
        answer.recovery_codes.map((c) => h('li', null, h('code', null, c)))),
      h('div', { class: 'actions' }, next));
    heading.focus();
  });
}
