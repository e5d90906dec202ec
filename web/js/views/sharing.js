// sharing.js — the one sharing section the record pages share: the record's
// Traffic Light Protocol 2.0 marking and whom it is shared with besides its
// classification, and for a user who may change the record a form to change
// both. The rule of what a share reaches is the server's
// (src/domain/sharing.h): clear, green and amber reach the named
// organisations and those under them, amber+strict the named organisations
// only, red the named people only (user ids). A share grants reading, never
// writing, and never above a reader's clearance. Saving is a PUT of the
// whole record with the version read (form.js), so a 409 offers a reload.

import * as api from '../api.js';
import { h, field, options, uid } from '../dom.js';
import { t, enumLabel, compareText } from '../i18n.js';
import { saveRecord, showApiError } from '../form.js';
import { impliedTlp } from '../data.js';
import { checklistField } from '../checklist.js';

export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'];
// The TLP label as TLP 2.0 writes it (TLP:AMBER+STRICT), in its colours on
// black, with the label's words for who may see it as the title.
export function tlpBadge(tlp) {
  const value = tlp || 'amber';
  return h('span', { class: `tlp tlp-${value.replace('+', '-')}`, title: t(`tlp.meaning.${value}`), 'data-tlp': value },
    `TLP:${value.toUpperCase()}`);
}

// Appends the sharing section of record (of kind) to parent. writable: the
// user may change the record; onSaved(message) draws the page again.
export async function sharingSection(ctx, parent, { kind, record, writable, onSaved }) {
  const titleId = uid('sharing-title');
  const section = h('section', { id: 'sharing', class: 'sharing', 'aria-labelledby': titleId });
  parent.appendChild(section);
  const orgs = await api.listAll('organisations');
  if (!ctx.alive()) return section;
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const orgList = (ids) => (ids || []).map((id) => names.get(id) || id).join(', ');
  const tlp = record.tlp || impliedTlp(record.classification);
  section.append(
    h('h2', { id: titleId }, t('sharing.title')),
    h('dl', { class: 'facts', id: 'sharing-facts' },
      h('dt', null, t('field.tlp')), h('dd', null, tlpBadge(tlp), ' ', t(`tlp.meaning.${tlp}`)),
      h('dt', null, t('field.shared_with')),
      h('dd', { id: 'sharing-orgs' }, orgList(record.shared_with) || t('sharing.nobody')),
      ...(tlp === 'red' || (record.shared_with_people || []).length
        ? [h('dt', null, t('field.shared_with_people')),
          h('dd', { id: 'sharing-people' }, (record.shared_with_people || []).join(', ') || t('sharing.nobody'))]
        : [])));
  if (!writable) return section;

  const messages = h('div', { id: 'sharing-messages' });
  const tlpSelect = h('select', { id: 'sharing-tlp', name: 'tlp' },
    ...options(TLPS.filter((v) => v !== 'clear' || record.classification === 'public'), tlp,
      (v) => `TLP:${v.toUpperCase()} — ${t(`tlp.meaning.${v}`)}`));
  const orgName = new Map(orgs.map((o) => [o.id, `${o.name} (${enumLabel('organisation_kind', o.kind)})`]));
  const orgField = checklistField({
    id: 'sharing-org', name: 'shared_with', label: t('field.shared_with'), hint: t('sharing.orgs_hint'),
    values: [...orgs].filter((o) => o.id !== record.owner).sort((a, b) => compareText(a.name, b.name)).map((o) => o.id),
    selected: record.shared_with || [], labelOf: (id) => orgName.get(id) || id,
  });
  const people = h('input', { id: 'sharing-people-input', name: 'shared_with_people', type: 'text',
    value: (record.shared_with_people || []).join(', '), autocomplete: 'off' });
  const peopleField = field(t('field.shared_with_people'), people, t('sharing.people_hint'));
  const showFor = () => {
    const red = tlpSelect.value === 'red';
    orgField.field.hidden = red;
    peopleField.field.hidden = !red;
  };
  tlpSelect.addEventListener('change', showFor);
  showFor();
  const save = h('button', { type: 'submit', class: 'primary', id: 'sharing-save' }, t('sharing.save'));
  const form = h('form', { id: 'sharing-form', novalidate: true },
    h('h3', null, t('sharing.change')),
    field(t('field.tlp'), tlpSelect).field, orgField.field, peopleField.field, messages, save);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const red = tlpSelect.value === 'red';
    const body = {
      ...record,
      tlp: tlpSelect.value,
      shared_with: red ? [] : orgField.selected(),
      shared_with_people: red ? people.value.split(/[\s,]+/).filter(Boolean) : [],
    };
    save.disabled = true;
    messages.replaceChildren();
    try {
      await saveRecord(kind, body, false);
      if (onSaved) await onSaved(t('sharing.saved'));
    } catch (err) {
      showApiError(err, new Map(), messages, onSaved ? () => onSaved() : undefined);
    } finally {
      save.disabled = false;
    }
  });
  section.appendChild(h('details', { class: 'risk' }, h('summary', null, t('sharing.change')), form));
  return section;
}
