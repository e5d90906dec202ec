// history.js — a record's history on its page (GET /api/v1/{kind}/{id}/history):
// every version newest first, who made it, when (the Netherlands' time) and
// through which door, and what changed said in words in the user's
// language: field names from field.* (or the screen's own label), coded
// values from enum.*, references by name, dates and numbers in the user's
// locale, long texts as "changed" with the full text on request. A version
// the user may not read, or a deletion, is said plainly. For a coordinator
// each earlier version with data offers "restore this version" (POST
// .../restore, after a confirm), after which the page is drawn again.
// The history is read only when the user opens it: reading a classified
// record's history is audited, and most visits do not need it.

import * as api from '../api.js';
import { h, alertBox, empty, announce } from '../dom.js';
import { t, has, enumLabel, fmtDate, fmtNumber, fmtAmount, locale } from '../i18n.js';
import { byId, catalogueList, criterionLabel } from '../data.js';

// A text longer than this (or with a line break) is said as "changed",
// its full value behind a disclosure.
const SHORT_TEXT = 80;

// The screen's own label where a field has one; otherwise field.<name>.
const LABELS = {
  'analyses.findings': 'analysis.findings',
  'risks.impacts': 'analysis.impacts',
  'risks.resilience': 'analysis.resilience',
  'reviews.findings': 'review.findings',
  'reviews.method': 'review.method',
  'reviews.result': 'review.result',
  'reviews.adjustment': 'review.adjustment',
  'measures.expected_effect': 'measure_new.expected_effect',
  'measures.review_interval_months': 'measure_new.review_interval',
  'measures.risks': 'measure_new.risks',
  'measures.requirements': 'measure.requirements',
  'measures.effect': 'measure.effect',
  'measures.effect_dependency': 'measure.effect_dependency',
  'measures.effect_supplier': 'measure.effect_supplier',
  'measures.effect_hours': 'measure.effect_hours',
  'measures.effect_activation_h': 'measure.effect_activation_h',
  'measures.effect_duration_h': 'measure.effect_duration_h',
  'measures.effect_risk': 'measure.effect_risk',
  'measures.effect_criterion': 'measure.effect_criterion',
  'measures.effect_class': 'measure.effect_class',
  'fallback_options.need_rationale': 'fallback.need_rationale',
  'fallback_options.proportionate': 'fallback.proportionate',
};

// Coded values: the enum.<group> of kind.field (or of any field of the name).
const ENUMS = {
  classification: 'classification',
  'analyses.status': 'analysis_status',
  'analyses.kind': 'analysis_kind',
  'processes.category': 'category',
  'assessments.category': 'category',
  'measures.status': 'measure_status',
  'measures.kind': 'measure_kind',
  'measures.scope': 'measure_scope',
  'measures.effect': 'effect',
  'measures.effect_class': 'impact_class',
  'risks.likelihood': 'likelihood_class',
  'reviews.method': 'review_method',
  'reviews.result': 'review_result',
  'fallback_options.kind': 'fallback_kind',
  'fallback_options.needed': 'needed',
  'provider_links.nis2_entity': 'nis2_entity',
};

// References said by name: the kind of record a field names.
const REFS = {
  owner: 'organisations', ministry: 'organisations', provider: 'organisations',
  sector: 'sectors', threat: 'threats',
  process: 'processes', processes: 'processes', suppliers: 'processes', effect_supplier: 'processes',
  event: 'events',
};
const CATALOGUE = new Set(['organisations', 'sectors', 'threats']);

const DATES = new Set(['started', 'finalised', 'date', 'due', 'occurred']);
const TIMES = new Set(['detected_at', 'early_warning_at', 'notification_at', 'final_report_at', 'approved_at']);

// "2026-12-06T13:02:00Z" -> "6 december 2026 om 14:02": always the
// Netherlands' time, whatever the browser's zone (the record's day is the
// Amsterdam day everywhere in vitaal).
export function fmtAmsterdam(iso, dateStyle = 'long') {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso || t('common.none');
  return new Intl.DateTimeFormat(locale(), { dateStyle, timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(d);
}

function fieldLabel(kind, field) {
  const key = LABELS[`${kind}.${field}`] || `field.${field}`;
  return has(key) ? t(key) : field;
}

// How the keys and values of a map field are said: [keyLabel, valueText].
function mapParts(kind, field, names) {
  if (kind === 'analyses' && field === 'findings') return [(k) => t(`topic.${k}`), null];
  if (kind === 'risks' && field === 'impacts') {
    return [(k) => (names.criteria.get(k) ? criterionLabel(names.criteria.get(k)) : k), (v) => enumLabel('impact_class', v)];
  }
  if (kind === 'risks' && field === 'resilience') return [(k) => t(`dimension.${k}`), (v) => t(`resilience.${v}`)];
  if (kind === 'assessments' && field === 'impacts') {
    return [(k) => (has(`criterion.${k}`) ? t(`criterion.${k}`) : k),
      (v, k) => (has(`criterion_unit.${k}`) ? `${fmtNumber(v)} ${t(`criterion_unit.${k}`)}` : fmtNumber(v))];
  }
  return [(k) => k, null];
}

function isLongText(v) {
  return typeof v === 'string' && (v.length > SHORT_TEXT || v.includes('\n'));
}

// One value (not a map) as words.
function said(kind, field, value, names) {
  if (value === null || value === undefined) return t('common.none');
  const group = ENUMS[`${kind}.${field}`] || ENUMS[field];
  if (group) return enumLabel(group, value);
  if (Array.isArray(value)) return value.map((v) => said(kind, field, v, names)).join(', ');
  if (REFS[field] && names.refs.get(REFS[field])?.get(value)) {
    const r = names.refs.get(REFS[field]).get(value);
    return r.name || r.title || String(value);
  }
  if (kind === 'assessments' && field === 'decided_by' && has(`criterion.${value}`)) return t(`criterion.${value}`);
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') {
    if (field === 'cost_eur') return fmtAmount(value);
    return fmtNumber(value, field === 'cycle_year' ? { useGrouping: false } : undefined);
  }
  if (DATES.has(field)) return fmtDate(value);
  if (TIMES.has(field)) return fmtAmsterdam(value, 'medium');
  if (typeof value === 'object') return JSON.stringify(value);
  return t('history.quoted', { text: value });
}

// A long text's change: the sentence, and the full values behind a disclosure.
function textChange(sentence, before, after) {
  return [sentence, ' ', h('details', { class: 'history-text' },
    h('summary', null, t('history.show_text')),
    h('dl', { class: 'facts' },
      before != null ? [h('dt', null, t('history.before')), h('dd', null, String(before))] : null,
      after != null ? [h('dt', null, t('history.after')), h('dd', null, String(after))] : null))];
}

// The sentence for one value going from before to after (either may be
// null); label is the field (or "field — key") as said.
function valueChange(label, before, after, sayBefore, sayAfter) {
  if (isLongText(before) || isLongText(after)) {
    let key = 'history.change_text';
    if (before == null) key = 'history.text_added';
    else if (after == null) key = 'history.text_removed';
    return textChange(t(key, { field: label }), before, after);
  }
  if (before == null) return t('history.change_set', { field: label, after: sayAfter });
  if (after == null) return t('history.change_cleared', { field: label, before: sayBefore });
  return t('history.change', { field: label, before: sayBefore, after: sayAfter });
}

// The changes of one version as list items (each a sentence).
function changeItems(kind, changes, names) {
  const items = [];
  for (const { field, before, after } of changes) {
    const label = fieldLabel(kind, field);
    const isMap = (v) => v && typeof v === 'object' && !Array.isArray(v);
    if (isMap(before) || isMap(after)) {
      const [keyLabel, valueText] = mapParts(kind, field, names);
      const b = before || {};
      const a = after || {};
      for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
        const x = b[k] ?? null;
        const y = a[k] ?? null;
        if (JSON.stringify(x) === JSON.stringify(y)) continue;
        const say = (v) => (v == null ? null : valueText ? valueText(v, k) : said(kind, field, v, names));
        items.push(valueChange(`${label} — ${keyLabel(k)}`, x, y, say(x), say(y)));
      }
    } else if (Array.isArray(before) || Array.isArray(after)) {
      const b = before || [];
      const a = after || [];
      const added = a.filter((v) => !b.includes(v));
      const removed = b.filter((v) => !a.includes(v));
      if (added.length) items.push(t('history.list_added', { field: label, items: said(kind, field, added, names) }));
      if (removed.length) items.push(t('history.list_removed', { field: label, items: said(kind, field, removed, names) }));
      if (!added.length && !removed.length) items.push(t('history.change_text', { field: label }));
    } else {
      items.push(valueChange(label, before, after, said(kind, field, before, names), said(kind, field, after, names)));
    }
  }
  return items;
}

// The values a version was created with, as a list of facts.
function createdFacts(kind, changes, names) {
  return h('details', { class: 'history-text' },
    h('summary', null, t('history.created_values')),
    h('dl', { class: 'facts' }, changes.filter((c) => c.field !== 'id').map(({ field, after }) => {
      let value;
      if (after && typeof after === 'object' && !Array.isArray(after)) {
        const [keyLabel, valueText] = mapParts(kind, field, names);
        value = h('ul', { class: 'plain' }, Object.entries(after).map(([k, v]) =>
          h('li', null, `${keyLabel(k)}: ${valueText ? valueText(v, k) : (typeof v === 'string' ? v : said(kind, field, v, names))}`)));
      } else {
        value = typeof after === 'string' && !ENUMS[`${kind}.${field}`] && !ENUMS[field] && !REFS[field]
          && !DATES.has(field) && !TIMES.has(field) ? after : said(kind, field, after, names);
      }
      return [h('dt', null, fieldLabel(kind, field)), h('dd', null, value)];
    })));
}

// The names references are said by: only the kinds the versions name.
async function loadNames(kind, versions) {
  const fields = new Set();
  for (const v of versions) for (const c of v.changes || []) fields.add(c.field);
  const wanted = new Set([...fields].map((f) => REFS[f]).filter(Boolean));
  const refs = new Map();
  await Promise.all([...wanted].map(async (k) => {
    try {
      refs.set(k, CATALOGUE.has(k) ? await byId(k) : new Map((await api.listAll(k)).map((r) => [r.id, r])));
    } catch { /* said by id */ }
  }));
  let criteria = new Map();
  if (kind === 'risks' && fields.has('impacts')) {
    try { criteria = new Map((await catalogueList('impact_criteria')).map((c) => [c.id, c])); } catch { /* by id */ }
  }
  return { refs, criteria };
}

function versionHead(v, headId, tag) {
  const via = has(`history.via.${v.via}`) ? t(`history.via.${v.via}`) : v.via;
  return h(tag, { id: headId, class: 'history-head' },
    t('history.version_head', { version: fmtNumber(v.version), at: fmtAmsterdam(v.at), actor: v.actor || t('common.none'), via }));
}

function renderVersions(ctx, box, doc, names, opts) {
  const { kind, prefix, level } = opts;
  const mayRestore = ctx.user && ctx.user.role === 'coordinator';
  const versions = doc.versions || [];
  if (versions.length === 0) {
    box.replaceChildren(empty(t('history.none')));
    return;
  }
  const messages = h('div', { id: `${prefix}-messages` });
  const current = versions[0].deleted ? null : versions[0].version;
  const list = h('ol', { class: 'history-list', id: `${prefix}-list` });
  for (const v of versions) {
    const headId = `${prefix}-v${v.version}`;
    const li = h('li', { 'data-version': v.version, 'data-op': v.op }, versionHead(v, headId, `h${Number(level.slice(1)) + 1}`));
    let what;
    if (v.hidden) what = t('history.hidden');
    else if (v.deleted) what = t('history.op.delete');
    else what = has(`history.op.${v.op}`) ? t(`history.op.${v.op}`) : v.op;
    li.appendChild(h('p', { class: 'history-what' },
      v.version === current ? [h('span', { class: 'badge current' }, t('history.current')), ' '] : null, what));
    if (v.note) {
      // the server's notes are fixed English texts: said in the user's language where known
      const note = has(`history.note.${v.note}`) ? t(`history.note.${v.note}`) : v.note;
      li.appendChild(h('p', { class: 'hint' }, t('history.note', { note })));
    }
    if (!v.hidden && !v.deleted) {
      if (v.changes === null) li.appendChild(h('p', { class: 'hint' }, t('history.across_hidden')));
      else if (v.op === 'create' || (v.changes.length && v.changes.every((c) => c.before === null) && v.changes.some((c) => c.field === 'id'))) {
        li.appendChild(createdFacts(kind, v.changes, names));
      } else if (v.changes.length === 0) li.appendChild(h('p', { class: 'hint' }, t('history.no_changes')));
      else li.appendChild(h('ul', { class: 'history-changes' }, changeItems(kind, v.changes, names).map((s) => h('li', null, s))));
      if (mayRestore && v.version !== current) {
        li.appendChild(h('div', { class: 'actions' }, h('button', {
          type: 'button', class: 'secondary', 'data-action': 'restore', 'data-version': v.version,
          'aria-describedby': headId, onclick: (ev) => restore(ctx, ev.currentTarget, v.version, messages, opts),
        }, t('history.restore'))));
      }
    }
    list.appendChild(li);
  }
  box.replaceChildren(messages, list);
}

async function restore(ctx, button, version, messages, { kind, id, onRestored }) {
  if (!window.confirm(t('history.restore_confirm', { version: fmtNumber(version) }))) return;
  messages.replaceChildren();
  button.disabled = true;
  try {
    const record = await api.post(`/${kind}/${encodeURIComponent(id)}/restore`, { version });
    if (!ctx.alive()) return;
    ctx.openHistory = `${kind}/${id}`;
    const message = t('history.restored', { version: fmtNumber(version), made: fmtNumber(record.version) });
    announce(message);
    onRestored(message);
  } catch (err) {
    let text = err.message;
    if (err.status === 403) text = t('history.forbidden');
    else if (err.status === 409) text = t('history.restore_gone');
    else if (err.status === 0) text = t('common.network_error');
    else if (err.status >= 500) text = t('common.server_error');
    const alert = alertBox('error', h('p', null, t('history.restore_failed')), h('p', null, text));
    alert.setAttribute('tabindex', '-1');
    messages.replaceChildren(alert);
    alert.focus();
  } finally {
    button.disabled = false;
  }
}

// Appends the history section of record id of kind to parent. opts:
// title (the heading; default "History"), prefix (element ids, default
// "history"), level (the heading's element, default h2; each version's
// heading is one level below), onRestored(message): draws the page again
// after a restore (the history then opens by itself). Returns the section.
export function historySection(ctx, parent, { kind, id, title, prefix = 'history', level = 'h2', onRestored }) {
  const titleId = `${prefix}-title`;
  const body = h('div', { id: `${prefix}-body` });
  const details = h('details', { class: 'risk history', id: `${prefix}-details` },
    h('summary', null, t('history.show')), body);
  const section = h('section', { id: prefix, class: 'history', 'aria-labelledby': titleId, 'data-kind': kind, 'data-id': id },
    h(level, { id: titleId }, title || t('history.title')),
    h('p', null, t('history.intro')),
    details);
  parent.appendChild(section);
  let loaded = false;
  const load = async () => {
    loaded = true;
    body.setAttribute('aria-busy', 'true');
    body.replaceChildren(h('p', { role: 'status' }, t('common.loading')));
    try {
      const doc = await api.get(`/${kind}/${encodeURIComponent(id)}/history`);
      const names = await loadNames(kind, doc.versions || []);
      if (!ctx.alive()) return;
      renderVersions(ctx, body, doc, names, { kind, id, prefix, level, onRestored });
      section.dataset.loaded = '1';
    } catch (err) {
      loaded = false;
      body.replaceChildren(alertBox('error', h('p', null, err.message)));
    } finally {
      body.removeAttribute('aria-busy');
    }
  };
  details.addEventListener('toggle', () => {
    if (details.open && !loaded) load();
  });
  if (ctx.openHistory === `${kind}/${id}`) {
    ctx.openHistory = null;
    details.open = true;
  }
  return section;
}
