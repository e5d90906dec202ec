// assess.js — the vitaalbeoordeling on the process page: the decision for
// the latest final assessment computed by the server (POST /api/v1/assess with
// dry_run: category, the criteria with their thresholds, which ones
// decided, the cascade count over the stored graph), explained in the
// user's language, with the thresholds not yet verified against a primary
// source; and, for users who may write here, new impact estimates that the
// server decides on and records as a new assessment (never rewriting one),
// in review: it counts once another person approves it (four eyes,
// assessments.js); the latest final assessment's history (history.js).
// The rule itself lives in the server (src/domain/assess.c), never here.

import * as api from '../api.js';
import { h, table, alertBox, announce, empty } from '../dom.js';
import { t, enumLabel, fmtNumber, fmtDate } from '../i18n.js';
import { todayIso, defaultOwner } from '../data.js';
import { buildForm, readForm, classificationSpec, onSubmit } from '../form.js';
import { historySection } from './history.js';

const ESTIMATED = ['casualties', 'economic_damage', 'people_affected', 'real_income_drop'];

// "Decided by: casualties 120 people above threshold A (100); ..." in the
// user's language, from the decisive criteria: {id, estimate, level,
// threshold} each. The server's recorded rationale is in the language of
// whoever wrote it; this sentence is always in the reader's.
export function reasonsText(decisive) {
  const reasons = decisive.map((c) => t('assess.reason', {
    criterion: t(`criterion.${c.id}`), estimate: fmtNumber(c.estimate), unit: t(`criterion_unit.${c.id}`),
    level: c.level, threshold: fmtNumber(c.threshold),
  }));
  return reasons.length ? `${t('assess.because')} ${reasons.join('; ')}.` : t('assess.no_threshold');
}

function explain(result, processes) {
  const decided = new Set(result.decided_by || []);
  const reasons = result.criteria.filter((c) => decided.has(c.id)).map((c) => ({
    id: c.id, estimate: c.estimate, level: c.exceeds,
    threshold: c.exceeds === 'A' ? c.category_a_above : c.category_b_above,
  }));
  const parts = [h('p', { id: 'assess-decision' }, h('strong', null, t('assess.decision', {
    name: result.name, category: enumLabel('category', result.category),
  })), ' ', reasonsText(reasons))];
  parts.push(h('p', null, t(result.cascade.unit === 'sectors' ? 'assess.cascade_sectors' : 'assess.cascade', {
    hours: fmtNumber(result.outage_h), n: fmtNumber(result.cascade.count), min: fmtNumber(result.cascade.min_down_h),
  }), result.cascade.processes.length ? ` ${t('assess.cascade_list', { list: result.cascade.processes.map((id) => processes.get(id)?.name || id).join(', ') })}` : ''));
  if ((result.unverified || []).length) {
    parts.push(h('p', { id: 'assess-unverified', class: 'muted' }, t('assess.unverified', {
      list: result.unverified.map((u) => t('assess.unverified_item', {
        level: u.category, criterion: t(`criterion.${u.criterion}`),
      })).join('; '),
    })));
  }
  if (result.differs_from_process) {
    parts.push(alertBox('warning', h('p', null, t('assess.differs', {
      category: enumLabel('category', result.category), process: enumLabel('category', result.process_category),
    }))));
  }
  parts.push(table(t('assess.criteria_caption', { date: fmtDate(result.date) }), [
    { label: t('field.criterion'), rowHeader: true }, { label: t('field.estimate'), num: true },
    { label: t('field.threshold_a'), num: true }, { label: t('field.threshold_b'), num: true },
    { label: t('assess.exceeds') }, { label: t('process.decisive') },
  ], result.criteria.map((c) => [
    t(`criterion.${c.id}`), `${fmtNumber(c.estimate)} ${t(`criterion_unit.${c.id}`)}`,
    c.category_a_above != null ? fmtNumber(c.category_a_above) : t('common.none'),
    c.category_b_above != null ? fmtNumber(c.category_b_above) : t('common.none'),
    c.exceeds ? enumLabel('category', c.exceeds) : t('common.none'),
    decided.has(c.id) ? t('common.yes') : t('common.no'),
  ]), (i) => ({ 'data-criterion': result.criteria[i].id })));
  return parts;
}

// Appends the section to parent. writable: the user may record here.
export function assessSection(ctx, parent, { process, processes, latest, writable, rerender }) {
  const section = h('section', { 'aria-labelledby': 'assess-title', id: 'assess' },
    h('h2', { id: 'assess-title' }, t('assess.title')),
    h('p', null, t('assess.intro')));
  parent.appendChild(section);
  const out = h('div', { id: 'assess-result' });
  const messages = h('div', { id: 'assess-messages' });
  const run = async (assessment, dryRun) => {
    const result = await api.post('/assess', { process: process.id, assessment, dry_run: dryRun });
    out.replaceChildren(...explain(result, processes));
    return result;
  };
  const buttons = h('div', { class: 'actions' });
  if (latest) {
    buttons.appendChild(h('button', {
      type: 'button', class: 'secondary', id: 'assess-dry-run',
      onclick: async () => {
        messages.replaceChildren();
        try {
          await run(latest.id, true);
          announce(t('assess.computed'));
        } catch (err) {
          messages.replaceChildren(alertBox('error', h('p', null, err.message)));
        }
      },
    }, t('assess.compute')));
  } else {
    section.appendChild(empty(t('process.no_assessment')));
  }
  section.appendChild(buttons);
  section.appendChild(messages);
  section.appendChild(out);
  if (latest) {
    historySection(ctx, section, {
      kind: 'assessments', id: latest.id, prefix: 'assessment-history', level: 'h3', onRestored: rerender,
      title: t('history.title_assessment', { date: fmtDate(latest.date) }),
    });
  }
  if (!writable) return;

  // new estimates: the server decides and records a new assessment (dated
  // today, in review: four eyes) with its explanation beside the
  // assessor's own rationale
  const user = ctx.user;
  const specs = [
    { name: 'assessor', label: t('field.assessor'), required: true },
    classificationSpec(user),
    ...ESTIMATED.map((id) => ({
      name: `impacts.${id}`, label: t(`criterion.${id}`), type: 'number', min: 0, step: 'any', hint: t(`criterion_unit.${id}`),
    })),
    { name: 'rationale', label: t('assess.rationale'), type: 'textarea', wide: true, rows: 2 },
  ];
  const record = {
    process: process.id, date: todayIso(), assessor: user.username,
    impacts: { ...((latest && latest.impacts) || {}) }, category: 'none', rationale: null,
    cascade_outage_h: null, decided_by: [],
    classification: latest ? latest.classification : 'internal', owner: defaultOwner(user, process),
  };
  delete record.impacts.cascade; // the server counts the cascade on the stored graph
  const form = buildForm(specs, record, 'assessment');
  const formBox = h('div', { id: 'assessment-messages' });
  const submit = h('button', { type: 'submit', id: 'assessment-save' }, t('assess.record'));
  const el = h('form', { id: 'assessment-form', novalidate: true, 'aria-label': t('assess.new') },
    h('p', null, t('assess.new_intro')),
    formBox, h('div', { class: 'form-grid' }, form.nodes), h('div', { class: 'actions' }, submit));
  onSubmit(el, { fields: form.fields, box: formBox, onReload: () => rerender(t('form.reloaded')) }, async () => {
    const values = readForm(form.fields, record);
    const impacts = Object.fromEntries(Object.entries(values.impacts || {}).filter(([, v]) => v != null));
    await api.post('/assess', {
      process: process.id, dry_run: false, assessor: values.assessor,
      classification: values.classification, rationale: values.rationale || null, impacts,
    });
    rerender(t('assess.recorded'));
  });
  section.appendChild(h('details', { class: 'risk', id: 'assess-new' },
    h('summary', null, t('assess.new')), el));
}
