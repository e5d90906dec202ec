// analysis.js — the resilience analysis (weerbaarheidsanalyse) editor: the
// analysis itself (year, kind, dates, summary, findings per topic), its
// status flow draft -> review -> final (final only by another person's
// approval: approval.js; the author sends it for review, never writes
// final), and its risks with likelihood and
// impact classes per criterion and resilience per dimension, and whether a
// fallback option is needed (fallback_need.js), the providers'
// contributions with the ministry's decisions on them (contributions.js),
// the comment threads on the analysis and its risks (comments.js),
// and its history (history.js). Users who may
// not write here see the same content without any control to change it.
// Saving follows form.js: errors beside the field, 409 offers a reload,
// nothing typed is lost on a failed save.

import * as api from '../api.js';
import { h, table, badge, empty, alertBox, announce } from '../dom.js';
import { t, has, enumLabel, fmtDate } from '../i18n.js';
import { byId, canWrite, providedProcesses, defaultOwner, todayIso, sortByName, criterionLabel, emptyText } from '../data.js';
import { amsterdamYear } from '../calendar.js';
import { buildForm, readForm, clearErrors, checkRequired, showApiError, saveRecord, classificationSpec, onSubmit } from '../form.js';
import { fallbackNeedSection } from './fallback_need.js';
import { historySection } from './history.js';
import { sharingSection, tlpBadge } from './sharing.js';
import { approvalSection, approvalFacts, rejectionNotice } from './approval.js';
import { contributionsSection } from './contributions.js';
import { commentsSection, commentsDisclosure } from './comments.js';

const TOPICS = ['policy_law', 'risk_management', 'business_continuity', 'sector_cooperation', 'incidents'];
const DIMENSIONS = ['physical', 'digital', 'economic', 'chain', 'crisis_management'];
const CLASSES = ['A', 'B', 'C', 'D', 'E'];
const FLOW = ['draft', 'review', 'final'];

export async function render(ctx, flash) {
  const { main, params, query, user } = ctx;
  const isNew = !params.id;
  let record;
  let process;
  if (isNew) {
    process = await api.getRecord('processes', query.get('process') || '');
    const year = amsterdamYear();
    record = {
      process: process.id, cycle_year: year, kind: 'regular', event: null,
      status: 'draft', started: todayIso(), finalised: null, summary: null, findings: {},
      classification: user.clearance === 'secret' || user.clearance === 'confidential' ? 'confidential' : user.clearance,
      owner: defaultOwner(user, process),
    };
  } else {
    record = await api.getRecord('analyses', params.id);
    process = await api.getRecord('processes', record.process);
  }
  const [provided, orgs, events, threats, criteria, likelihoods, impactClasses, risksOrAnalyses, fallbacks] = await Promise.all([
    providedProcesses(user), byId('organisations'), api.listAll('events'), byId('threats'),
    api.listAll('impact_criteria'), byId('likelihood_classes'), byId('impact_classes'),
    // a new one: the process's analyses, to offer an existing one of the year
    isNew ? api.listAll('analyses', { process: process.id }) : api.listAll('risks', { analysis: record.id }),
    isNew ? [] : api.listAll('fallback_options', { process: process.id }),
  ]);
  if (!ctx.alive()) return undefined;
  const risks = isNew ? [] : risksOrAnalyses;
  const sameProcess = isNew ? risksOrAnalyses : [];
  const writable = canWrite(user, process, record.owner, provided) && record.status !== 'final';
  const rerender = (message) => {
    main.replaceChildren();
    return render(ctx, message);
  };

  main.appendChild(h('p', { class: 'breadcrumb' },
    h('a', { href: '#/processes' }, t('processes.title')), ' › ',
    h('a', { href: `#/processes/${encodeURIComponent(process.id)}` }, process.name), ' › ',
    isNew ? t('analysis.new') : String(record.cycle_year)));
  main.appendChild(h('div', { class: 'page-head' },
    h('h1', null, isNew ? t('analysis.new_title', { name: process.name }) : t('analysis.title', { year: record.cycle_year, name: process.name })),
    isNew ? null : badge('analysis_status', record.status), isNew ? null : tlpBadge(record.tlp)));
  const messages = h('div', { id: 'analysis-messages' });
  main.appendChild(messages);
  if (flash) {
    messages.appendChild(alertBox('success', h('p', { tabindex: '-1' }, flash)));
    window.setTimeout(() => messages.querySelector('p')?.focus(), 0);
  }

  // the status flow
  main.appendChild(h('ol', { class: 'status-flow', 'aria-label': t('analysis.flow') },
    FLOW.map((s, i) => [
      i ? h('li', { class: 'arrow', 'aria-hidden': 'true' }, '→') : null,
      h('li', { 'aria-current': s === record.status ? 'step' : null }, enumLabel('analysis_status', s)),
    ])));
  if (record.status === 'final') {
    main.appendChild(alertBox('info', h('p', null, t('analysis.final_readonly', { date: fmtDate(record.finalised) })),
      approvalFacts(record)));
  }
  if (!isNew) {
    const rejected = rejectionNotice(record);
    if (rejected) main.appendChild(rejected);
  }
  // four eyes: shown to whoever may write here or coordinates; the server
  // says first who may decide (not the author, only the responsible
  // ministry) and what is open
  if (!isNew && record.status === 'review' && (writable || user.role === 'coordinator')) {
    await approvalSection(ctx, main, {
      kind: 'analyses', record, rerender, names: { risk: (id) => riskName(risks.find((r) => r.id === id), id, threats) },
    });
    if (!ctx.alive()) return undefined;
  }

  if (!writable) {
    renderReadOnly(main, record, events, orgs);
  } else {
    renderEditor(ctx, main, { record, isNew, process, user, orgs, events, messages, rerender, sameProcess });
  }
  // the providers' contributions, with the ministry's decisions (contributions.js)
  if (!isNew) {
    await contributionsSection(ctx, main, { record, process, user, orgs, threats, rerender });
    if (!ctx.alive()) return undefined;
  }
  // a measure for a risk of a final analysis too: the action programme follows it
  const mayMeasure = canWrite(user, process, defaultOwner(user, process), provided);
  if (!isNew) renderRisks(ctx, main, { record, process, writable, mayMeasure, threats, criteria, likelihoods, impactClasses, risks, fallbacks, user, rerender });
  if (!isNew) fallbackNeedSection(ctx, main, { process });
  // sharing with named organisations: also of a final analysis (whom it
  // goes to is not what was approved)
  if (!isNew) {
    await sharingSection(ctx, main, { kind: 'analyses', record, writable: canWrite(user, process, record.owner, provided), onSaved: rerender });
    if (!ctx.alive()) return undefined;
  }
  // the comment threads on the analysis and, folded, on each risk (comments.js)
  if (!isNew) {
    await commentsSection(ctx, main, { kind: 'analyses', id: record.id, user });
    if (!ctx.alive()) return undefined;
    if (risks.length) {
      main.appendChild(h('section', { id: 'risk-comments', 'aria-labelledby': 'risk-comments-title' },
        h('h2', { id: 'risk-comments-title' }, t('comments.risks_title')),
        risks.map((r) => commentsDisclosure(ctx, {
          kind: 'risks', id: r.id, user, label: t('comments.on_risk', { risk: riskName(r, r.id, threats) }),
        }))));
    }
  }
  if (!isNew) historySection(ctx, main, { kind: 'analyses', id: record.id, onRestored: rerender });
  return undefined;
}

function renderReadOnly(main, record, events, orgs) {
  const event = events.find((e) => e.id === record.event);
  main.appendChild(h('dl', { class: 'facts', id: 'analysis-facts' },
    h('dt', null, t('field.kind')), h('dd', null, enumLabel('analysis_kind', record.kind)),
    event ? [h('dt', null, t('field.event')), h('dd', null, event.name)] : null,
    h('dt', null, t('field.started')), h('dd', null, fmtDate(record.started)),
    h('dt', null, t('field.finalised')), h('dd', null, record.finalised ? fmtDate(record.finalised) : t('common.none')),
    h('dt', null, t('field.classification')), h('dd', null, enumLabel('classification', record.classification)),
    h('dt', null, t('field.owner')), h('dd', null, orgs.get(record.owner)?.name || record.owner),
    h('dt', null, t('field.summary')), h('dd', null, record.summary || t('common.none'))));
  main.appendChild(h('h2', null, t('analysis.findings')));
  main.appendChild(h('dl', { class: 'facts' }, TOPICS.map((topic) => [
    h('dt', null, t(`topic.${topic}`)), h('dd', null, (record.findings || {})[topic] || t('common.none')),
  ])));
}

// Before a second analysis of a process and year is made, the one there is
// (not yet final) is offered: a link to open it, in box, for the year chosen.
function offerExisting(box, sameProcess, year) {
  const open = sameProcess.filter((a) => a.cycle_year === year && a.status !== 'final');
  const done = sameProcess.filter((a) => a.cycle_year === year && a.status === 'final');
  box.replaceChildren();
  if (open.length === 0 && done.length === 0) return;
  box.appendChild(alertBox('warning',
    h('p', null, h('strong', null, t(open.length ? 'analysis.exists_open' : 'analysis.exists_final', { year }))),
    h('ul', null, [...open, ...done].map((a) => h('li', null, h('a', {
      href: `#/analyses/${encodeURIComponent(a.id)}`, 'data-existing': a.id,
    }, t('analysis.exists_link', { year: a.cycle_year, status: enumLabel('analysis_status', a.status), started: fmtDate(a.started) })))))));
}

function renderEditor(ctx, main, { record, isNew, process, user, orgs, events, messages, rerender, sameProcess = [] }) {
  const specs = [
    { name: 'cycle_year', label: t('field.cycle_year'), type: 'number', min: 2000, max: 2100, required: true },
    { name: 'kind', label: t('field.kind'), type: 'select', values: ['regular', 'quickscan'], labelOf: (v) => enumLabel('analysis_kind', v), required: true },
    { name: 'event', label: t('field.event'), type: 'select', empty: t('common.none'), values: events.filter((e) => (e.processes || []).includes(process.id) || e.id === record.event).map((e) => e.id), labelOf: (id) => events.find((e) => e.id === id)?.name || id, hint: t('analysis.event_hint') },
    { name: 'started', label: t('field.started'), type: 'date', required: true },
    classificationSpec(user),
    user.role === 'coordinator'
      ? { name: 'owner', label: t('field.owner'), type: 'select', values: sortByName([...orgs.values()]).map((o) => o.id), labelOf: (id) => orgs.get(id)?.name || id, required: true }
      : { name: 'owner', label: t('field.owner'), type: 'select', values: [record.owner], labelOf: (id) => orgs.get(id)?.name || id, readOnly: true },
    { name: 'summary', label: t('field.summary'), type: 'textarea', wide: true, rows: 3 },
  ].filter(Boolean);
  const topicSpecs = TOPICS.map((topic) => ({ name: `findings.${topic}`, label: t(`topic.${topic}`), type: 'textarea', wide: true, rows: 3 }));
  const main1 = buildForm(specs, record, 'analysis');
  const findings = buildForm(topicSpecs, record, 'analysis');
  const fields = new Map([...main1.fields, ...findings.fields]);

  const buttons = [];
  const save = async (nextStatus) => {
    clearErrors(fields, messages);
    const first = checkRequired(fields);
    if (first) {
      messages.replaceChildren(alertBox('error', h('p', null, t('form.fix_field', { field: first.spec.label }))));
      first.control.focus();
      return;
    }
    const values = readForm(fields, record);
    if (nextStatus) {
      values.status = nextStatus; // draft or review: final only by approval (approval.js)
      values.finalised = null;
    }
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const saved = await saveRecord('analyses', values, isNew);
      const message = nextStatus ? t('analysis.status_changed', { status: enumLabel('analysis_status', saved.status) }) : t('form.saved');
      if (isNew) {
        window.history.replaceState(null, '', `#/analyses/${encodeURIComponent(saved.id)}`);
        ctx.params.id = saved.id;
      }
      if (ctx.alive()) rerender(message);
    } catch (err) {
      showApiError(err, fields, messages, () => {
        if (isNew) return;
        // reloading discards the form's edits: ask only when there are some
        rerender(t('form.reloaded'));
      });
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  };

  const saveBtn = h('button', { type: 'submit', id: 'save-analysis' }, isNew ? t('analysis.create') : t('form.save'));
  buttons.push(saveBtn);
  const flow = [];
  if (!isNew && record.status === 'draft') flow.push(['review', 'analysis.to_review', 'to-review']);
  if (!isNew && record.status === 'review') flow.push(['draft', 'analysis.to_draft', 'to-draft']);
  const flowButtons = flow.map(([status, label, id]) => {
    const b = h('button', { type: 'button', class: 'secondary', id, onclick: () => save(status) }, t(label));
    buttons.push(b);
    return b;
  });
  const form = h('form', { id: 'analysis-form', novalidate: true, 'aria-label': t('analysis.form_label') },
    h('div', { class: 'form-grid' }, main1.nodes),
    h('fieldset', null, h('legend', null, t('analysis.findings')), findings.nodes),
    h('div', { class: 'actions' }, saveBtn, flowButtons,
      isNew ? h('a', { href: `#/processes/${encodeURIComponent(process.id)}` }, t('common.cancel')) : null));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); save(null); });
  if (isNew) {
    const existing = h('div', { id: 'analysis-existing' });
    const yearControl = fields.get('cycle_year').control;
    const offer = () => offerExisting(existing, sameProcess, Number(yearControl.value));
    yearControl.addEventListener('input', offer);
    offer();
    main.appendChild(existing);
  }
  main.appendChild(form);
}

// A class in the user's language (enum.<group>.<class>); the catalogue's
// own label (Dutch, as the national method names it) only for a class the
// translation files do not know.
function classLabel(group, map, c) {
  if (has(`enum.${group}.${c}`)) return enumLabel(group, c);
  return map.get(c) ? `${c} — ${map.get(c).label}` : c;
}

// A risk named for a list of open points: its threat and scenario.
function riskName(risk, id, threats) {
  if (!risk) return id;
  const threat = threats.get(risk.threat)?.name || risk.threat;
  return risk.scenario ? `${risk.scenario} (${threat})` : threat;
}

function riskSummary(risk, threats, likelihoods) {
  const threat = threats.get(risk.threat)?.name || risk.threat;
  return `${threat} — ${risk.scenario || t('common.none')} (${t('field.likelihood')}: ${classLabel('likelihood_class', likelihoods, risk.likelihood)})`;
}

function measureForRisk(record, risk) {
  return h('a', {
    class: 'button secondary', 'data-action': 'measure-for-risk', 'data-risk': risk.id,
    href: `#/measures/new?process=${encodeURIComponent(record.process)}&risk=${encodeURIComponent(risk.id)}`,
  }, t('analysis.measure_for_risk'));
}

function renderRisks(ctx, main, { record, process, writable, mayMeasure, threats, criteria, likelihoods, impactClasses, risks, fallbacks = [], user, rerender }) {
  const section = h('section', { 'aria-labelledby': 'risks-title', id: 'risks' },
    h('h2', { id: 'risks-title' }, t('analysis.risks')));
  main.appendChild(section);
  if (!writable) {
    section.appendChild(risks.length === 0 ? empty(emptyText(user, process, 'risks', 'analysis.no_risks')) : table(null, [
      { label: t('field.threat'), rowHeader: true }, { label: t('field.scenario') }, { label: t('field.likelihood') },
      { label: t('analysis.impacts') }, { label: t('analysis.resilience') },
      mayMeasure ? { label: t('analysis.measure_column') } : null,
    ].filter(Boolean), risks.map((r) => [
      threats.get(r.threat)?.name || r.threat, r.scenario, classLabel('likelihood_class', likelihoods, r.likelihood),
      Object.entries(r.impacts || {}).map(([k, v]) => `${k}: ${v}`).join(', ') || t('common.none'),
      Object.entries(r.resilience || {}).map(([k, v]) => `${t(`dimension.${k}`)}: ${v}`).join(', ') || t('common.none'),
      mayMeasure ? measureForRisk(record, r) : null,
    ].filter((cell) => cell !== null)), (i) => ({ 'data-risk': risks[i].id })));
    return;
  }
  const list = h('div', { id: 'risk-list' });
  section.appendChild(list);
  if (risks.length === 0) list.appendChild(empty(emptyText(user, process, 'risks', 'analysis.no_risks')));
  const threatIds = sortByName([...threats.values()]).map((x) => x.id);
  const riskEditor = (risk, isNew) => {
    const specs = [
      { name: 'threat', label: t('field.threat'), type: 'select', values: threatIds, labelOf: (id) => threats.get(id)?.name || id, required: true, empty: t('form.choose') },
      { name: 'likelihood', label: t('field.likelihood'), type: 'select', values: CLASSES, labelOf: (c) => classLabel('likelihood_class', likelihoods, c), required: true, empty: t('form.choose') },
      classificationSpec(user),
      { name: 'scenario', label: t('field.scenario'), type: 'textarea', required: true, wide: true, rows: 2 },
      // the process's own failure in this scenario (the fallback need counts it)
      { name: 'outage_h', label: t('field.outage_h'), type: 'number', min: 0 },
      { name: 'own_systems', label: t('field.own_systems'), type: 'checkbox' },
      { name: 'fallback', label: t('field.fallback'), type: 'select', values: fallbacks.map((f) => f.id).concat(risk.fallback && !fallbacks.some((f) => f.id === risk.fallback) ? [risk.fallback] : []), labelOf: (id) => { const f = fallbacks.find((x) => x.id === id); if (!f) return t('dependency.hidden_fallback'); return f.description ? `${enumLabel('fallback_kind', f.kind)}: ${f.description}` : enumLabel('fallback_kind', f.kind); }, empty: t('common.none') },
    ].filter(Boolean);
    // each class with what it means for the criterion, where the method
    // gives a measure (impact_meaning.<criterion>.<class>, issue 13 part 8)
    const impactSpecs = criteria.map((c) => ({
      name: `impacts.${c.id}`, label: criterionLabel(c), type: 'select', values: CLASSES,
      labelOf: (k) => (has(`impact_meaning.${c.id}.${k}`)
        ? `${classLabel('impact_class', impactClasses, k)}: ${t(`impact_meaning.${c.id}.${k}`)}`
        : classLabel('impact_class', impactClasses, k)),
      empty: t('analysis.not_scored'),
    }));
    const resilienceSpecs = DIMENSIONS.map((d) => ({
      name: `resilience.${d}`, label: t(`dimension.${d}`), type: 'select', values: [1, 2, 3, 4, 5],
      labelOf: (n) => t(`resilience.${n}`), empty: t('analysis.not_scored'),
    }));
    const prefix = `risk-${(risk.id || 'new').replace(/[^a-zA-Z0-9_-]/g, '_')}`;
    const a = buildForm(specs, risk, prefix);
    const b = buildForm(impactSpecs, risk, prefix);
    const c = buildForm(resilienceSpecs, risk, prefix);
    const fields = new Map([...a.fields, ...b.fields, ...c.fields]);
    const box = h('div', { class: 'risk-messages' });
    const saveBtn = h('button', { type: 'submit', 'data-action': 'save-risk' }, isNew ? t('analysis.add_risk_save') : t('form.save'));
    const delBtn = isNew ? null : h('button', { type: 'button', class: 'danger', 'data-action': 'delete-risk' }, t('form.delete'));
    const form = h('form', { novalidate: true, 'aria-label': isNew ? t('analysis.new_risk') : riskSummary(risk, threats, likelihoods) },
      box,
      h('div', { class: 'form-grid' }, a.nodes),
      h('fieldset', null, h('legend', null, t('analysis.impacts')), h('p', { class: 'hint' }, t('analysis.impact_hint')), h('div', { class: 'form-grid' }, b.nodes)),
      h('fieldset', null, h('legend', null, t('analysis.resilience')), h('div', { class: 'form-grid' }, c.nodes)),
      h('div', { class: 'actions' }, saveBtn, delBtn, isNew ? null : measureForRisk(record, risk)));
    onSubmit(form, { fields, box, onReload: () => rerender(t('form.reloaded')) }, async () => {
      const values = readForm(fields, risk);
      for (const d of DIMENSIONS) if (values.resilience && values.resilience[d] != null) values.resilience[d] = Number(values.resilience[d]);
      await saveRecord('risks', values, isNew);
      rerender(isNew ? t('analysis.risk_added') : t('analysis.risk_saved'));
    });
    if (delBtn) {
      delBtn.addEventListener('click', async () => {
        if (!window.confirm(t('analysis.delete_confirm'))) return;
        try {
          await api.deleteRecord('risks', risk.id, risk.version);
          rerender(t('analysis.risk_deleted'));
        } catch (err) {
          showApiError(err, fields, box, () => rerender(t('form.reloaded')));
        }
      });
    }
    return form;
  };

  // the risks come without their version in lists: read each before editing
  for (const r of risks) {
    const details = h('details', { class: 'risk', 'data-risk': r.id },
      h('summary', null, riskSummary(r, threats, likelihoods)));
    let loaded = false;
    details.addEventListener('toggle', async () => {
      if (!details.open || loaded) return;
      loaded = true;
      try {
        const full = await api.getRecord('risks', r.id);
        details.appendChild(riskEditor(full, false));
      } catch (err) {
        details.appendChild(alertBox('error', h('p', null, err.message)));
      }
    });
    list.appendChild(details);
  }
  const addBtn = h('button', { type: 'button', class: 'secondary', id: 'add-risk' }, t('analysis.add_risk'));
  section.appendChild(h('div', { class: 'actions' }, addBtn));
  addBtn.addEventListener('click', () => {
    const fresh = {
      analysis: record.id, threat: '', scenario: '', likelihood: '',
      impacts: {}, resilience: {}, classification: record.classification, owner: record.owner,
    };
    const details = h('details', { class: 'risk', open: true, 'data-risk': 'new' },
      h('summary', null, t('analysis.new_risk')), riskEditor(fresh, true));
    addBtn.parentElement.before(details);
    addBtn.hidden = true;
    details.querySelector('select, input, textarea').focus();
    announce(t('analysis.new_risk'));
  });
  void ctx;
}
