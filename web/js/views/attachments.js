// attachments.js — evidence (src/domain/attachment.h), the one section the
// measure, review, contribution, request (and its answers) and compliance
// screens share: the record's attachments (name with a download link,
// type, size, the start of the SHA-256, who added it and when) and, for a user who may write the
// record, an upload control (the file goes as the raw request body) and a
// delete button per file. The server decides everything: the type from the
// content (a refused file is said in the user's language: 415, 413 with
// the limit), who may add or delete; a download is always a file to save
// (Content-Disposition: attachment), never shown in the page.

import * as api from '../api.js';
import { h, table, empty, alertBox, announce } from '../dom.js';
import { t, fmtDateTime, fmtNumber } from '../i18n.js';

const TYPES = [
  ['application/pdf', 'PDF'], ['image/png', 'PNG'], ['image/jpeg', 'JPEG'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml', 'Word'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml', 'Excel'],
  ['application/vnd.openxmlformats-officedocument.presentationml', 'PowerPoint'],
  ['application/vnd.oasis.opendocument', 'OpenDocument'], ['text/csv', 'CSV'],
];

// The media type in a word a reader knows.
export function typeLabel(type) {
  const hit = TYPES.find(([prefix]) => String(type).startsWith(prefix));
  if (hit) return hit[1];
  return String(type).startsWith('text/plain') ? t('attachments.text') : type;
}

export function sizeLabel(bytes) {
  if (bytes < 1024) return t('attachments.bytes', { n: fmtNumber(bytes) });
  if (bytes < 1024 * 1024) return t('attachments.kb', { n: fmtNumber(bytes / 1024, { maximumFractionDigits: 1 }) });
  return t('attachments.mb', { n: fmtNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 }) });
}

// The refusal's words: the server's message in the user's language.
function refusal(err) {
  if (err.status === 0) return t('common.network_error');
  if (err.status >= 500) return t('common.server_error');
  if (err.status === 403) return t('form.forbidden');
  return err.message;
}

// The section, appended to parent: kind and id name the record; writable
// says whether to offer upload and delete; key makes the ids unique when a
// page shows several (the reviews of a measure); level the heading's tag.
export async function attachmentsSection(ctx, parent, { kind, id, writable, key, title, level = 'h2' }) {
  const base = `attachments-${key || kind}`;
  const section = h('section', { class: 'attachments', id: base, 'aria-labelledby': `${base}-title`, 'data-kind': kind, 'data-record': id });
  parent.appendChild(section);
  const path = `/${kind}/${encodeURIComponent(id)}/attachments`;

  const fill = async (flash, isError) => {
    let list;
    try {
      list = await api.get(path);
    } catch (err) {
      section.replaceChildren(h(level, { id: `${base}-title` }, title || t('attachments.title')),
        alertBox('error', h('p', null, refusal(err))));
      return;
    }
    if (!ctx.alive()) return;
    const box = h('div', { class: 'attachment-messages', id: `${base}-messages` });
    if (flash) box.appendChild(alertBox(isError ? 'error' : 'success', h('p', { tabindex: '-1' }, flash)));
    const items = list.items || [];
    const remove = async (a, button) => {
      button.disabled = true;
      try {
        await api.del(`/attachments/${a.id}`);
        announce(t('attachments.deleted', { name: a.name }));
        if (ctx.alive()) await fill(t('attachments.deleted', { name: a.name }));
      } catch (err) {
        button.disabled = false;
        box.replaceChildren(alertBox('error', h('p', { tabindex: '-1' }, refusal(err))));
        box.querySelector('p').focus();
      }
    };
    const columns = [
      { label: t('attachments.name'), rowHeader: true }, { label: t('attachments.type') },
      { label: t('attachments.size'), num: true }, { label: t('attachments.sha256') },
      { label: t('attachments.added') },
    ];
    if (writable) columns.push({ label: '' });
    const rows = items.map((a) => {
      const cells = [
        h('a', { href: `/api/v1/attachments/${a.id}`, download: a.name, 'data-attachment': a.id }, a.name),
        typeLabel(a.type), sizeLabel(a.size),
        h('code', { title: a.sha256 }, a.sha256.slice(0, 12)),
        t('attachments.added_by', { user: a.uploaded_by, when: fmtDateTime(a.uploaded_at) }),
      ];
      if (writable) {
        const button = h('button', { type: 'button', class: 'secondary', 'data-delete': a.id,
          'aria-label': t('attachments.delete_name', { name: a.name }) }, t('attachments.delete'));
        button.addEventListener('click', () => remove(a, button));
        cells.push(button);
      }
      return cells;
    });
    const children = [
      h(level, { id: `${base}-title` }, title || t('attachments.title')),
      h('p', { class: 'hint' }, t('attachments.intro')),
      box,
      items.length === 0 ? empty(t('attachments.none')) : table(null, columns, rows, (i) => ({ 'data-attachment': items[i].id })),
    ];
    if (writable) children.push(uploadForm(ctx, base, path, box, fill));
    section.replaceChildren(...children);
    if (flash) box.querySelector('p')?.focus();
  };
  await fill();
  return section;
}

function uploadForm(ctx, base, path, box, fill) {
  const input = h('input', { type: 'file', id: `${base}-file`, name: 'file', 'aria-describedby': `${base}-file-hint` });
  const button = h('button', { type: 'submit', id: `${base}-upload` }, t('attachments.upload'));
  const form = h('form', { class: 'attachment-upload', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: input.id }, t('attachments.upload_label'),
        h('span', { class: 'hint', id: `${base}-file-hint` }, t('attachments.upload_hint'))),
      input),
    h('div', { class: 'actions' }, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = input.files && input.files[0];
    if (!file) {
      box.replaceChildren(alertBox('error', h('p', { tabindex: '-1' }, t('attachments.choose'))));
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      const stored = await api.postRaw(`${path}?name=${encodeURIComponent(file.name)}`, file);
      announce(t('attachments.added_ok', { name: stored.name, type: typeLabel(stored.type) }));
      if (ctx.alive()) await fill(t('attachments.added_ok', { name: stored.name, type: typeLabel(stored.type) }));
    } catch (err) {
      button.disabled = false;
      if (ctx.alive()) await fill(refusal(err), true);
    }
  });
  return form;
}
