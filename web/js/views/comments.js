// comments.js — the one comment thread the record pages share
// (src/domain/comment.h): on an analysis, each of its risks, a measure, a
// request and a provider's contribution. Oldest first; a mention (@username) is shown
// as a badge; a retracted comment shows its note, not its text. Whoever may
// read the record may comment, except an auditor (no form is drawn; the
// server refuses the same); the author may retract a comment of its own
// with a note. The server decides who reads the thread: a record the user
// may not read has none (404), and then nothing is drawn.

import * as api from '../api.js';
import { h, alertBox, announce, clear } from '../dom.js';
import { t, fmtDateTime } from '../i18n.js';

const MENTION = /(^|[^A-Za-z0-9._-])@([A-Za-z0-9._-]*[A-Za-z0-9_])/g;

// The text with each mentioned user as a badge (only the names the server
// found: the rest stays text).
export function withMentions(text, mentions) {
  const known = new Set(mentions || []);
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(MENTION)) {
    const at = m.index + m[1].length;
    if (!known.has(m[2])) continue;
    parts.push(text.slice(last, at));
    parts.push(h('span', { class: 'badge mention', 'data-user': m[2] }, `@${m[2]}`));
    last = at + 1 + m[2].length;
  }
  parts.push(text.slice(last));
  return parts;
}

function refusal(err) {
  if (err.status === 0) return t('common.network_error');
  if (err.status >= 500) return t('common.server_error');
  return err.message;
}

function commentItem(c, { user, onRetract }) {
  const mine = c.author === user.username;
  const retracted = Boolean(c.retracted_at);
  return h('li', { class: `comment${retracted ? ' retracted' : ''}`, 'data-comment': String(c.id) },
    h('p', { class: 'comment-meta' },
      h('strong', null, c.author), ' · ',
      h('time', { datetime: c.created_at }, fmtDateTime(c.created_at))),
    retracted
      ? h('p', { class: 'comment-retracted' }, t('comments.retracted', { when: fmtDateTime(c.retracted_at), note: c.retraction || '' }))
      : h('p', { class: 'comment-text' }, withMentions(c.text, c.mentions)),
    mine && !retracted ? onRetract(c) : null);
}

// The section: appended to parent; returns it (or null when the thread is
// not the user's to read).
export async function commentsSection(ctx, parent, { kind, id, user, heading = 'h2', title }) {
  const base = `/${kind}/${encodeURIComponent(id)}/comments`;
  const sectionId = `comments-${kind}-${id}`;
  const titleId = `${sectionId}-title`;
  const section = h('section', { class: 'comments', id: sectionId, 'aria-labelledby': titleId, 'data-kind': kind, 'data-id': id });
  const messages = h('div', { class: 'comment-messages' });
  const list = h('ol', { class: 'comment-list' });
  const show = (err) => {
    messages.replaceChildren(alertBox('error', h('p', { tabindex: '-1', 'data-message-id': err.messageId || '' }, refusal(err))));
    messages.querySelector('p').focus();
    announce(refusal(err));
  };
  const draw = (items) => {
    clear(list);
    section.querySelector(`#${CSS.escape(titleId)}`).textContent = title || t('comments.title', { n: items.length });
    if (items.length === 0) list.appendChild(h('li', { class: 'empty' }, t('comments.none')));
    items.forEach((c) => list.appendChild(commentItem(c, { user, onRetract })));
  };
  const reload = async () => {
    const r = await api.get(base);
    if (ctx.alive()) draw(r.items);
  };
  function onRetract(c) {
    const noteId = `${sectionId}-retract-${c.id}`;
    const note = h('input', { type: 'text', id: noteId, maxlength: 1000 });
    const button = h('button', { type: 'button', class: 'retract' }, t('comments.retract'));
    button.addEventListener('click', async () => {
      if (!note.value.trim()) {
        note.setAttribute('aria-invalid', 'true');
        note.focus();
        announce(t('comments.note_needed'));
        return;
      }
      button.disabled = true;
      try {
        await api.post(`${base}/${c.id}/retract`, { note: note.value.trim() });
        await reload();
        announce(t('comments.retracted_done'));
      } catch (err) {
        show(err);
      } finally {
        button.disabled = false;
      }
    });
    return h('p', { class: 'comment-retract' },
      h('label', { for: noteId }, t('comments.retract_note')), ' ', note, ' ', button);
  }
  let items;
  try {
    items = (await api.get(base)).items;
  } catch {
    return null; // hidden or gone: the rest of the page stands without it
  }
  if (!ctx.alive()) return null;
  section.appendChild(h(heading, { id: titleId }));
  section.appendChild(messages);
  section.appendChild(list);
  if (user.role !== 'auditor') {
    const textId = `${sectionId}-text`;
    const text = h('textarea', { id: textId, rows: 3, maxlength: 4000, 'aria-describedby': `${textId}-hint` });
    const send = h('button', { type: 'submit' }, t('comments.send'));
    const form = h('form', { class: 'comment-form', novalidate: true },
      h('label', { for: textId }, t('comments.add')),
      h('p', { class: 'hint', id: `${textId}-hint` }, t('comments.hint')),
      text, send);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      messages.replaceChildren();
      if (!text.value.trim()) {
        text.setAttribute('aria-invalid', 'true');
        text.focus();
        announce(t('comments.text_needed'));
        return;
      }
      text.removeAttribute('aria-invalid');
      send.disabled = true;
      try {
        await api.post(base, { text: text.value });
        text.value = '';
        await reload();
        announce(t('comments.sent'));
      } catch (err) {
        show(err);
      } finally {
        send.disabled = false;
      }
    });
    section.appendChild(form);
  }
  draw(items);
  parent.appendChild(section);
  return section;
}

// A thread folded away (each risk of an analysis): loaded when opened.
export function commentsDisclosure(ctx, { kind, id, user, label }) {
  const details = h('details', { class: 'comments-fold', 'data-kind': kind, 'data-id': id },
    h('summary', null, label || t('comments.show')));
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    commentsSection(ctx, details, { kind, id, user, heading: 'h4' });
  });
  return details;
}
