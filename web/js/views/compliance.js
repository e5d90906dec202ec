// compliance.js — Naleving / Compliance (src/domain/compliance.h): the
// providers' requirement assessments against an imported framework.
// #/compliance: the campaigns the user may see (a provider: those sent to
// it) and the coverage table per entity, sector or process (GET
// /api/v1/compliance, the same figures as `vitaal compliance`, counted over
// what this user may see). #/compliance/ID: one campaign — its progress per
// provider, and the questionnaire: for a provider its own, filled in
// requirement by requirement (result and remarks, saved as a
// requirement_assessments record of its organisation); for a ministry or
// the coordinator a provider's answers, read only. A saved assessment
// takes evidence (attachments.js), behind a disclosure that loads it when
// opened (a questionnaire has many requirements). The framework's texts
// come in the UI's language where the library translates them (?lang=),
// else in the library's own.

import * as api from '../api.js';
import { h, table, empty, field, options, badge, alertBox, announce } from '../dom.js';
import { t, currentLang, fmtDate, fmtNumber, enumLabel } from '../i18n.js';
import { buildForm, readForm, onSubmit, saveRecord, classificationSpec } from '../form.js';
import { attachmentsSection } from './attachments.js';

const RESULTS = ['compliant', 'partially_compliant', 'non_compliant', 'not_applicable', 'not_assessed'];
const GROUPS = ['entity', 'sector', 'process'];

const pct = (v) => (v === null || v === undefined ? t('common.none') : `${fmtNumber(v)}%`);

function hashFor(params) {
  return `#/compliance${api.query(params)}`;
}

function coverageTable(doc) {
  const groupLabel = t(`compliance.group_${doc.group}`);
  return table(t('compliance.coverage_caption', { framework: doc.framework.name, group: groupLabel }), [
    { label: groupLabel.charAt(0).toUpperCase() + groupLabel.slice(1), rowHeader: true }, { label: t('compliance.entities'), num: true },
    ...RESULTS.map((r) => ({ label: enumLabel('requirement_result', r), num: true })),
    { label: t('compliance.percent_assessed'), num: true }, { label: t('compliance.percent_compliant'), num: true },
  ], doc.rows.map((r) => [
    r.name || r.id, fmtNumber(r.entities), ...RESULTS.map((k) => fmtNumber(r[k])),
    h('span', null, h('progress', { max: 100, value: r.percent_assessed ?? 0, 'aria-hidden': 'true' }), ` ${pct(r.percent_assessed)}`),
    pct(r.percent_compliant),
  ]), (i) => ({ 'data-row': doc.rows[i].id }));
}

// A ministry (or the coordinator) sends a framework to providers of its
// processes: the providers offered are those of the provider links it may
// read (the server refuses any other, 403 beside the list).
async function campaignForm(ctx, frameworks) {
  const { user } = ctx;
  const [links, orgs] = await Promise.all([api.listAll('provider_links'), api.listAll('organisations')]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const providers = [...new Set(links.map((l) => l.provider))]
    .filter((id) => orgs.find((o) => o.id === id && o.kind === 'provider'))
    .sort((a, b) => (names.get(a) || a).localeCompare(names.get(b) || b));
  const { nodes, fields } = buildForm([
    { name: 'title', label: t('compliance.campaign_title'), type: 'text', required: true, wide: true },
    { name: 'framework', label: t('compliance.framework'), type: 'select', required: true,
      values: frameworks.map((f) => f.id), labelOf: (id) => frameworks.find((f) => f.id === id).name },
    { name: 'due', label: t('compliance.due'), type: 'date' },
    classificationSpec(user),
  ], { classification: 'internal' }, 'campaign');
  const boxes = providers.map((id) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', value: id, 'data-provider': id }), ' ', names.get(id) || id));
  const to = h('fieldset', { id: 'campaign-to' }, h('legend', null, t('compliance.to')), boxes);
  const box = h('div', { id: 'campaign-messages' });
  const form = h('form', { id: 'campaign-form', class: 'record-form', hidden: true, novalidate: true },
    nodes, to, box, h('button', { type: 'submit', id: 'campaign-save' }, t('compliance.send')));
  const toggle = h('button', { type: 'button', id: 'campaign-new', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': 'campaign-form' },
    t('compliance.new_campaign'));
  toggle.addEventListener('click', () => {
    form.hidden = !form.hidden;
    toggle.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) fields.get('title').control.focus();
  });
  onSubmit(form, { fields, box }, async () => {
    const chosen = boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    if (chosen.length === 0) { // said in the box, nothing sent
      box.replaceChildren(alertBox('error', h('p', null, t('compliance.to_needed'))));
      boxes[0]?.querySelector('input').focus();
      return;
    }
    const record = { ...readForm(fields, {}), to: chosen, status: 'open', owner: user.org };
    const saved = await saveRecord('campaigns', record, true);
    if (ctx.alive()) ctx.navigate(`#/compliance/${encodeURIComponent(saved.id)}`);
  });
  return h('div', { id: 'campaign-new-wrap' }, toggle, form);
}

async function renderOverview(ctx) {
  const { main, query, user } = ctx;
  const lang = currentLang();
  const group = GROUPS.includes(query.get('group')) ? query.get('group') : 'entity';
  const [campaigns, frameworks, all] = await Promise.all([
    api.listAll('campaigns'), api.listAll('frameworks'), api.get(`/compliance${api.query({ lang })}`),
  ]);
  if (!ctx.alive()) return undefined;
  const used = all.items.map((d) => d.framework.id);
  const framework = query.get('framework') || used[0] || '';
  main.appendChild(h('h1', null, t('compliance.title')));
  main.appendChild(h('p', null, t(user.role === 'provider' ? 'compliance.intro_provider' : 'compliance.intro')));

  const names = new Map(all.items.map((d) => [d.framework.id, d.framework.name]));
  for (const f of frameworks) if (!names.has(f.id)) names.set(f.id, f.name);
  main.appendChild(h('h2', { id: 'campaigns-title' }, t('compliance.campaigns')));
  if (user.role === 'department' || user.role === 'coordinator') {
    const form = await campaignForm(ctx, frameworks);
    if (!ctx.alive()) return undefined;
    main.appendChild(form);
  }
  main.appendChild(campaigns.length === 0 ? empty(t('compliance.no_campaigns')) : table(null, [
    { label: t('compliance.campaign'), rowHeader: true }, { label: t('compliance.framework') },
    { label: t('compliance.due') }, { label: t('compliance.status') },
  ], campaigns.map((c) => [
    h('a', { href: `#/compliance/${encodeURIComponent(c.id)}`, 'data-campaign-link': c.id }, c.title),
    names.get(c.framework) || c.framework, fmtDate(c.due), badge('campaign_status', c.status),
  ]), (i) => ({ 'data-campaign': campaigns[i].id })));

  main.appendChild(h('h2', { id: 'coverage-title' }, t('compliance.coverage')));
  const fwSelect = field(t('compliance.framework'), h('select', { id: 'compliance-framework' },
    options([...names.keys()], framework, (id) => names.get(id))));
  const groupSelect = field(t('compliance.group'), h('select', { id: 'compliance-group' },
    options(GROUPS, group, (g) => t(`compliance.group_${g}`))));
  const go = () => ctx.navigate(hashFor({ framework: fwSelect.control.value, group: groupSelect.control.value }));
  fwSelect.control.addEventListener('change', go);
  groupSelect.control.addEventListener('change', go);
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('compliance.filters') },
    fwSelect.field, groupSelect.field);
  filters.addEventListener('submit', (ev) => ev.preventDefault());
  main.appendChild(filters);
  if (!framework) {
    main.appendChild(empty(t('compliance.nothing')));
    return undefined;
  }
  // the group's parameter goes empty (every entity, sector or process): api.query drops empty ones
  const doc = await api.get(`/compliance${api.query({ framework, lang })}&${group}=`);
  if (!ctx.alive()) return undefined;
  main.appendChild(h('div', { id: 'compliance-coverage' },
    doc.rows.length === 0 ? empty(t('compliance.nothing')) : coverageTable(doc)));
  return undefined;
}

// The evidence of a saved assessment a, loaded when the disclosure opens
// (key: unique on the page).
function evidenceDisclosure(ctx, a, writable, key) {
  const details = h('details', { class: 'assessment-evidence', 'data-evidence-for': a.requirement },
    h('summary', null, t('compliance.evidence')));
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    attachmentsSection(ctx, details, { kind: 'requirement_assessments', id: a.id, key, writable, title: t('compliance.evidence'), level: 'h4' });
  });
  return details;
}

// One requirement of the questionnaire: its texts, and for the provider
// itself the result and remarks to fill in and save, and evidence once saved.
function requirementRow(ctx, q, r, editable, onSaved, index) {
  const a = r.assessment;
  const key = `ra-${index}`;
  const head = h('div', { class: 'requirement-text' },
    h('strong', null, [r.ref_id, r.name].filter(Boolean).join(' ') || r.id),
    r.description ? h('p', null, r.description) : null,
    r.annotation ? h('details', null, h('summary', null, t('compliance.annotation')), h('p', null, r.annotation)) : null);
  if (!r.assessable) return h('li', { class: `requirement heading depth-${Math.min(r.depth, 4)}`, 'data-requirement': r.id }, head);
  if (!editable) {
    return h('li', { class: `requirement depth-${Math.min(r.depth, 4)}`, 'data-requirement': r.id, 'data-result': a ? a.result : 'not_assessed' },
      head, h('p', null, badge('requirement_result', a ? a.result : 'not_assessed'),
        a && a.remarks ? ` ${a.remarks}` : ''),
      a ? evidenceDisclosure(ctx, a, false, key) : null);
  }
  const result = field(t('compliance.result'), h('select', { id: `result-${r.id}`, 'data-result-for': r.id },
    options(RESULTS, a ? a.result : 'not_assessed', (v) => enumLabel('requirement_result', v))));
  const remarks = field(t('compliance.remarks'), h('textarea', { id: `remarks-${r.id}`, rows: 2 }, a ? a.remarks || '' : ''));
  const status = h('p', { class: 'save-status', role: 'status' },
    a && a.date ? t('compliance.saved_by', { user: a.assessor || '', date: fmtDate(a.date) }) : '');
  const save = h('button', { type: 'button', class: 'save-assessment', 'data-save-for': r.id }, t('compliance.save'));
  const evidence = h('div', null, a ? evidenceDisclosure(ctx, a, true, key) : null);
  save.addEventListener('click', async () => {
    save.disabled = true;
    const a = r.assessment; // the one saved last (a second save replaces it)
    const record = {
      ...(a || {}),
      id: a ? a.id : undefined, // a new one's id is the server's
      provider: q.provider, requirement: r.id, result: result.control.value,
      remarks: remarks.control.value.trim() || null,
      classification: a ? a.classification : 'internal', owner: a ? a.owner : ctx.user.org,
    };
    delete record.assessor;
    delete record.date;
    try {
      const stored = a ? await api.replaceRecord('requirement_assessments', a.id, record)
        : await api.createRecord('requirement_assessments', record);
      if (!ctx.alive()) return;
      r.assessment = stored;
      if (!a) evidence.replaceChildren(evidenceDisclosure(ctx, stored, true, key));
      status.textContent = t('compliance.saved');
      announce(t('compliance.saved'));
      onSaved();
    } catch (err) {
      status.replaceChildren(alertBox('error', h('p', null, err.message)));
    } finally {
      save.disabled = false;
    }
  });
  return h('li', { class: `requirement depth-${Math.min(r.depth, 4)}`, 'data-requirement': r.id },
    head, h('div', { class: 'assessment-form' }, result.field, remarks.field, save, status), evidence);
}

function progressLine(q) {
  const p = q.progress;
  return t('compliance.progress_line', { assessed: fmtNumber(p.assessed), total: fmtNumber(p.total), open: fmtNumber(p.open) });
}

async function renderCampaign(ctx) {
  const { main, params, query, user } = ctx;
  const lang = currentLang();
  const id = params.id;
  const { campaign, progress } = await api.get(`/campaigns/${encodeURIComponent(id)}/progress`);
  if (!ctx.alive()) return undefined;
  const provider = user.role === 'provider' ? user.org : query.get('provider');
  main.appendChild(h('p', { class: 'breadcrumb' }, h('a', { href: '#/compliance' }, t('compliance.title')), ' › ', campaign.title));
  main.appendChild(h('h1', null, campaign.title));
  main.appendChild(h('p', null, t('compliance.campaign_facts', { due: fmtDate(campaign.due) }), ' ', badge('campaign_status', campaign.status)));
  main.appendChild(h('h2', null, t('compliance.progress')));
  main.appendChild(table(null, [
    { label: t('compliance.provider'), rowHeader: true }, { label: t('compliance.assessed'), num: true },
    { label: t('compliance.total'), num: true }, { label: t('compliance.open'), num: true },
  ], progress.map((p) => [
    user.role === 'provider' ? p.name : h('a', { href: `#/compliance/${encodeURIComponent(id)}?provider=${encodeURIComponent(p.provider)}` }, p.name),
    fmtNumber(p.assessed), fmtNumber(p.total), fmtNumber(p.open),
  ]), (i) => ({ 'data-progress': progress[i].provider, 'data-assessed': progress[i].assessed })));
  if (!provider) {
    main.appendChild(h('p', { class: 'hint' }, t('compliance.pick_provider')));
    return undefined;
  }
  const q = await api.get(`/campaigns/${encodeURIComponent(id)}/questionnaire${api.query({ provider, lang })}`);
  if (!ctx.alive()) return undefined;
  const editable = user.role === 'provider' && user.org === q.provider && campaign.status === 'open';
  const line = h('p', { id: 'questionnaire-progress', role: 'status' }, progressLine(q));
  const recount = () => {
    const rs = q.requirements.filter((r) => r.assessable);
    const assessed = rs.filter((r) => r.assessment && r.assessment.result !== 'not_assessed').length;
    q.progress = { total: rs.length, assessed, open: rs.length - assessed };
    line.textContent = progressLine(q);
  };
  main.appendChild(h('section', { id: 'questionnaire', 'aria-labelledby': 'questionnaire-title' },
    h('h2', { id: 'questionnaire-title' }, t(editable ? 'compliance.questionnaire_own' : 'compliance.questionnaire', { framework: q.framework.name })),
    line,
    h('ol', { class: 'questionnaire' }, q.requirements.map((r, i) => requirementRow(ctx, q, r, editable, recount, i)))));
  return undefined;
}

export async function render(ctx) {
  return ctx.params.id ? renderCampaign(ctx) : renderOverview(ctx);
}
