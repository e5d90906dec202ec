// contribute.js — a provider's contribution to the ministry's analysis
// (src/domain/contribution.h), on the page of a process it provides: its
// own contributions with their status, and an editor for a draft: the
// analysis it contributes to (by the id the ministry gave: the provider does
// not read the analysis itself), a summary and its text per topic, the risks
// it proposes (threat, scenario, likelihood), and submitting it to the
// ministry, after which it is frozen and the ministry decides on each
// proposed risk (contributions.js, on the analysis page). Saving follows
// form.js: errors beside the field (an analysis the provider may not
// contribute to is refused on the analysis field), nothing typed lost. A
// saved contribution takes the provider's evidence (attachments.js).

import * as api from '../api.js';
import { h, table, badge, empty, alertBox, announce } from '../dom.js';
import { t, enumLabel } from '../i18n.js';
import { byId, sortByName } from '../data.js';
import { buildForm, readForm, onSubmit, classificationSpec, saveRecord, showApiError } from '../form.js';
import { attachmentsSection } from './attachments.js';
import { commentsDisclosure } from './comments.js';

const TOPICS = ['policy_law', 'risk_management', 'business_continuity', 'sector_cooperation', 'incidents'];
const CLASSES = ['A', 'B', 'C', 'D', 'E'];

// The proposed risks of a draft: listed, removable, and one more to propose
// (also in a request's answer form, requests.js).
export async function proposalsPart(ctx, record, user, threats, reopen) {
  const proposals = await api.listAll('proposed_risks', { contribution: record.id });
  if (!ctx.alive()) return null;
  const box = h('div', { id: 'propose-messages' });
  const specs = [
    { name: 'threat', label: t('field.threat'), type: 'select', required: true, values: sortByName([...threats.values()]).map((x) => x.id), labelOf: (id) => threats.get(id)?.name || id },
    { name: 'scenario', label: t('field.scenario'), type: 'textarea', required: true, wide: true, rows: 2 },
    { name: 'likelihood', label: t('field.likelihood'), type: 'select', required: true, values: CLASSES, labelOf: (c) => c },
    classificationSpec(user),
  ];
  const form = buildForm(specs, { classification: record.classification, likelihood: 'C' }, 'propose');
  const el = h('form', { id: 'propose-form', novalidate: true, 'aria-labelledby': 'propose-title' },
    h('h4', { id: 'propose-title' }, t('contribute.propose')),
    box, h('div', { class: 'form-grid' }, form.nodes),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'propose-save' }, t('contribute.propose_save'))));
  onSubmit(el, { fields: form.fields, box }, async () => {
    const values = readForm(form.fields, {});
    await saveRecord('proposed_risks', { contribution: record.id, ...values, owner: record.owner }, true);
    if (ctx.alive()) reopen(record.id, t('contribute.proposed', { scenario: values.scenario }));
  });
  const remove = async (p, msgBox) => {
    try {
      await api.deleteRecord('proposed_risks', p.id);
      if (ctx.alive()) reopen(record.id, t('contribute.removed', { scenario: p.scenario }));
    } catch (err) {
      showApiError(err, new Map(), msgBox);
    }
  };
  const listBox = h('div');
  return h('div', { id: 'contribute-proposals' },
    h('h4', null, t('contribution.proposals')), listBox,
    proposals.length === 0 ? empty(t('contribution.no_proposals')) : table(null, [
      { label: t('field.scenario'), rowHeader: true }, { label: t('field.threat') }, { label: t('field.likelihood') }, { label: '' },
    ], proposals.map((p) => [p.scenario, threats.get(p.threat)?.name || p.threat, p.likelihood,
      h('button', { type: 'button', class: 'secondary', 'data-remove': p.id, onclick: () => remove(p, listBox) }, t('contribute.remove'))]),
    (i) => ({ 'data-proposal': proposals[i].id })),
    el);
}

// The editor of one draft (record null: a new one).
async function editor(ctx, holder, { process, user, threats, record, flash, reopen, rerender }) {
  const isNew = !record;
  const base = record || {
    analysis: '', provider: user.org, status: 'draft', summary: null,
    findings: {}, classification: user.clearance === 'public' ? 'public' : 'internal', owner: user.org,
  };
  const specs = [
    { name: 'analysis', label: t('contribute.analysis'), required: true, hint: t('contribute.analysis_hint') },
    { name: 'summary', label: t('field.summary'), type: 'textarea', wide: true, rows: 2 },
    ...TOPICS.map((topic) => ({ name: `findings.${topic}`, label: t(`topic.${topic}`), type: 'textarea', wide: true, rows: 2 })),
    classificationSpec(user),
  ].filter(Boolean);
  const form = buildForm(specs, base, 'contribute');
  const box = h('div', { id: 'contribute-messages' });
  if (flash) box.appendChild(alertBox('success', h('p', null, flash)));
  const el = h('form', { id: 'contribute-form', novalidate: true, 'aria-labelledby': 'contribute-editor-title' },
    h('div', { class: 'form-grid' }, form.nodes),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'contribute-save' }, t('contribute.save'))));
  onSubmit(el, { fields: form.fields, box, onReload: () => reopen(record.id) }, async () => {
    const saved = await saveRecord('contributions', readForm(form.fields, base), isNew);
    if (ctx.alive()) reopen(saved.id, t('contribute.saved'));
  });
  const submit = record ? h('button', { type: 'button', id: 'contribute-submit' }, t('contribute.submit')) : null;
  if (submit) {
    submit.addEventListener('click', async () => {
      submit.disabled = true;
      try {
        await api.replaceRecord('contributions', record.id, { ...record, status: 'submitted' });
        announce(t('contribute.submitted'));
        if (ctx.alive()) rerender(t('contribute.submitted'));
      } catch (err) {
        showApiError(err, form.fields, box, () => reopen(record.id));
      } finally {
        submit.disabled = false;
      }
    });
  }
  const proposals = record ? await proposalsPart(ctx, record, user, threats, reopen) : null;
  if (!ctx.alive()) return;
  const evidence = record ? h('div', { id: 'contribute-evidence' }) : null;
  holder.replaceChildren(h('div', { class: 'contribute-editor' },
    h('h3', { id: 'contribute-editor-title', tabindex: '-1' }, isNew ? t('contribute.new') : t('contribute.edit', { id: record.id })),
    box, el, proposals, evidence,
    submit ? h('div', { class: 'actions' }, h('p', { class: 'hint' }, t('contribute.submit_hint')), submit) : null));
  holder.querySelector('h3').focus();
  if (evidence) {
    await attachmentsSection(ctx, evidence, { kind: 'contributions', id: record.id, key: 'contribute', writable: true, level: 'h4' });
  }
}

// The provider's own contributions: the list the editor keeps current.
function ownList(ctx, user, mine, reopen) {
  if (mine.length === 0) return empty(t('contribute.none'));
  return h('div', null, table(t('contribute.mine'), [
    { label: t('field.id'), rowHeader: true }, { label: t('contribute.analysis') }, { label: t('field.status') }, { label: '' },
  ], mine.map((c) => [c.id, c.analysis, badge('contribution_status', c.status),
    c.status === 'draft' ? h('button', { type: 'button', class: 'secondary', 'data-edit': c.id, onclick: () => reopen(c.id) }, t('contribute.open')) : enumLabel('contribution_status', c.status)]),
  (i) => ({ 'data-contribution': mine[i].id })),
  // the conversation with the ministry on each (comments.js)
  mine.map((c) => commentsDisclosure(ctx, {
    kind: 'contributions', id: c.id, user, label: t('comments.on_own_contribution', { id: c.id }),
  })));
}

// The section, on the page of a process the provider provides.
export async function contributeSection(ctx, main, { process, user, provided, rerender }) {
  if (user.role !== 'provider' || !provided.has(process.id)) return null;
  const [mine, threats] = await Promise.all([api.listAll('contributions'), byId('threats')]);
  if (!ctx.alive()) return null;
  const holder = h('div', { id: 'contribute-editor' });
  const listHolder = h('div', { id: 'contribute-list' });
  const reopen = async (id, flash) => {
    const [record, fresh] = await Promise.all([id ? api.getRecord('contributions', id) : null, api.listAll('contributions')]);
    if (!ctx.alive()) return;
    listHolder.replaceChildren(ownList(ctx, user, fresh, reopen));
    await editor(ctx, holder, { process, user, threats, record, flash, reopen, rerender });
  };
  listHolder.appendChild(ownList(ctx, user, mine, reopen));
  const section = h('section', { id: 'contribute', 'aria-labelledby': 'contribute-title' },
    h('h2', { id: 'contribute-title' }, t('contribute.title')),
    h('p', null, t('contribute.intro')),
    listHolder,
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'contribute-new', onclick: () => reopen(null) }, t('contribute.new'))),
    holder);
  main.appendChild(section);
  return section;
}
