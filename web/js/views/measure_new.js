// measure_new.js — a new measure for the action programme (actieprogramma):
// what it is (name, kind such as redundancy or stockpile, sectoral or
// cross-sectoral), the processes it protects and the risks of the
// resilience analyses it addresses, status, due date, expected effect,
// cost, how often it is reviewed, the CER/NIS2 requirements it helps meet,
// its classification and owner. Reached from the action programme, a
// process page (?process=ID) and a risk of an analysis (?process=ID&risk=ID),
// which preselect. Only for users who may write a measure of some process
// (the button that leads here is absent for the others, and the server
// decides anyway). Saving follows form.js: errors beside the field, nothing
// typed is lost on a failed save; once stored, the measure's own page opens.

import * as api from '../api.js';
import { h, alertBox, field, announce } from '../dom.js';
import { t, enumLabel, compareText } from '../i18n.js';
import { byId, canWrite, defaultOwner, providedProcesses, sortByName } from '../data.js';
import { buildForm, readForm, showFieldError, saveRecord, classificationSpec, onSubmit } from '../form.js';

const STATUSES = ['proposed', 'planned', 'in_progress', 'done', 'cancelled'];
const KINDS = ['redundancy', 'stockpile', 'alternative_method', 'regulation', 'other'];
const SCOPES = ['sectoral', 'cross_sectoral'];

// Whether user may create a measure for at least one of the processes.
export function mayCreateMeasure(user, processList, provided) {
  return processList.some((p) => canWrite(user, p, defaultOwner(user, p), provided));
}

// A labelled multiple select whose options are grouped ([{label, items:
// [{value, text}]}]); returns the field of dom.js plus its spec for form.js.
function multiSelect(name, label, hint, groups, chosen) {
  const select = h('select', {
    id: `measure-new-${name}`, name, 'data-field': name, multiple: true,
    size: Math.min(10, Math.max(4, groups.reduce((n, g) => n + g.items.length + 1, 0))),
  }, groups.map((g) => h('optgroup', { label: g.label }, g.items.map((o) =>
    h('option', { value: o.value, selected: chosen.includes(o.value) }, o.text)))));
  const f = field(label, select, hint);
  f.field.classList.add('wide');
  return { ...f, spec: { name, label } };
}

export async function render(ctx) {
  const { main, query, user, navigate } = ctx;
  const [processList, provided, orgs, frameworks, requirements, analyses, risks, threats] = await Promise.all([
    api.listAll('processes'), providedProcesses(user), byId('organisations'), api.listAll('frameworks'),
    api.listAll('requirements'), api.listAll('analyses'), api.listAll('risks'), byId('threats'),
  ]);
  if (!ctx.alive()) return undefined;
  const processes = new Map(processList.map((p) => [p.id, p]));
  const writableProcesses = sortByName(processList.filter((p) => canWrite(user, p, defaultOwner(user, p), provided)));
  const chosenProcess = processes.get(query.get('process') || '') || null;

  main.appendChild(h('p', { class: 'breadcrumb' },
    h('a', { href: '#/measures' }, t('measures.title')), ' › ',
    chosenProcess ? [h('a', { href: `#/processes/${encodeURIComponent(chosenProcess.id)}` }, chosenProcess.name), ' › '] : null,
    t('measure_new.title')));
  main.appendChild(h('h1', null, chosenProcess
    ? t('measure_new.title_for', { name: chosenProcess.name }) : t('measure_new.title')));
  if (writableProcesses.length === 0) {
    main.appendChild(alertBox('info', h('p', null, t('measure_new.not_allowed'))));
    return undefined;
  }
  main.appendChild(h('p', null, t('measure_new.intro')));
  const messages = h('div', { id: 'measure-new-messages' });
  main.appendChild(messages);

  const firstProcess = chosenProcess || writableProcesses[0];
  const base = {
    name: '', kind: '', scope: '', processes: [], risks: [], due: null, status: 'proposed',
    expected_effect: null, cost_eur: null, review_interval_months: 12, requirements: [],
    classification: ['confidential', 'secret'].includes(user.clearance) ? 'confidential' : user.clearance,
    owner: defaultOwner(user, firstProcess),
  };
  const specs = [
    { name: 'name', label: t('field.name'), required: true },
    { name: 'kind', label: t('field.kind'), type: 'select', values: KINDS, labelOf: (v) => enumLabel('measure_kind', v), required: true, empty: t('form.choose') },
    { name: 'scope', label: t('field.scope'), type: 'select', values: SCOPES, labelOf: (v) => enumLabel('measure_scope', v), required: true, empty: t('form.choose'), hint: t('measure_new.scope_hint') },
    { name: 'status', label: t('field.status'), type: 'select', values: STATUSES, labelOf: (v) => enumLabel('measure_status', v), required: true },
    { name: 'due', label: t('field.due'), type: 'date' },
    { name: 'cost_eur', label: t('measure_new.cost'), type: 'number', min: 0 },
    { name: 'review_interval_months', label: t('measure_new.review_interval'), type: 'number', min: 1, max: 1200, required: true },
    classificationSpec(user),
    user.role === 'coordinator'
      ? { name: 'owner', label: t('field.owner'), type: 'select', values: sortByName([...orgs.values()]).map((o) => o.id), labelOf: (id) => orgs.get(id)?.name || id, required: true }
      : { name: 'owner', label: t('field.owner'), type: 'select', values: [base.owner], labelOf: (id) => orgs.get(id)?.name || id, readOnly: true },
    { name: 'expected_effect', label: t('measure_new.expected_effect'), type: 'textarea', wide: true, rows: 3 },
  ];
  const form1 = buildForm(specs, base, 'measure-new');

  // processes: the ones the user may write first, then the others it sees
  // (a measure may also name processes of others, as long as one is its own)
  const others = sortByName(processList.filter((p) => !writableProcesses.includes(p)));
  const procField = multiSelect('processes', t('field.processes'), t('measure_new.processes_hint'), [
    { label: t('measure_new.own_processes'), items: writableProcesses.map((p) => ({ value: p.id, text: p.name })) },
    others.length ? { label: t('measure_new.other_processes'), items: others.map((p) => ({ value: p.id, text: p.name })) } : null,
  ].filter(Boolean), chosenProcess ? [chosenProcess.id] : []);

  // risks, grouped by the process of their analysis
  const analysisProcess = new Map(analyses.map((a) => [a.id, a.process]));
  const riskGroups = new Map();
  for (const r of risks) {
    const pid = analysisProcess.get(r.analysis);
    if (!riskGroups.has(pid)) riskGroups.set(pid, []);
    riskGroups.get(pid).push({ value: r.id, text: `${threats.get(r.threat)?.name || r.threat} — ${r.scenario}` });
  }
  const riskField = multiSelect('risks', t('measure_new.risks'), t('measure_new.risks_hint'),
    [...riskGroups.entries()]
      .map(([pid, items]) => ({ label: processes.get(pid)?.name || pid || t('common.none'), items }))
      .sort((a, b) => compareText(a.label, b.label)),
    query.get('risk') ? [query.get('risk')] : []);

  // requirements: the assessable ones, per framework
  const reqLabel = (r) => [r.ref_id, r.name].filter(Boolean).join(' — ') || r.id;
  const reqField = multiSelect('requirements', t('measure.requirements'), t('measure.requirements_hint'),
    sortByName(frameworks).map((fw) => ({
      label: fw.name,
      items: requirements.filter((r) => r.framework === fw.id && r.assessable)
        .sort((a, b) => (a.position || 0) - (b.position || 0))
        .map((r) => ({ value: r.id, text: reqLabel(r) })),
    })).filter((g) => g.items.length > 0), []);

  const lists = [procField, riskField, reqField];
  const fields = new Map([...form1.fields, ...lists.map((f) => [f.spec.name, f])]);
  const saveBtn = h('button', { type: 'submit', id: 'save-new-measure' }, t('measure_new.save'));
  const form = h('form', { id: 'measure-new-form', novalidate: true, 'aria-labelledby': 'measure-new-heading' },
    h('h2', { id: 'measure-new-heading', class: 'visually-hidden' }, t('measure_new.title')),
    h('div', { class: 'form-grid' }, form1.nodes.slice(0, 4), procField.field, riskField.field,
      form1.nodes.slice(4), reqField.field),
    h('div', { class: 'actions' }, saveBtn,
      h('a', { class: 'button secondary', href: chosenProcess ? `#/processes/${encodeURIComponent(chosenProcess.id)}` : '#/measures' }, t('common.cancel'))));
  main.appendChild(form);

  // the owner follows the first chosen process for a coordinator, as
  // defaultOwner says, until the coordinator picks one
  let ownerTouched = false;
  const ownerControl = form1.fields.get('owner').control;
  ownerControl.addEventListener('change', () => { ownerTouched = true; });
  procField.control.addEventListener('change', () => {
    const first = processes.get(procField.control.selectedOptions[0]?.value);
    if (user.role === 'coordinator' && first && !ownerTouched) ownerControl.value = defaultOwner(user, first);
  });

  const picked = (f) => [...f.control.selectedOptions].map((o) => o.value);
  const ownProcess = () => {
    if (user.role === 'coordinator' || picked(procField).some((id) => writableProcesses.some((p) => p.id === id))) return null;
    showFieldError(procField, t('measure_new.needs_own_process'));
    return procField;
  };
  onSubmit(form, { fields, box: messages, check: ownProcess }, async () => {
    const values = readForm(form1.fields, base);
    for (const f of lists) values[f.spec.name] = picked(f);
    const saved = await saveRecord('measures', values, true);
    if (!ctx.alive()) return;
    navigate(`#/measures/${encodeURIComponent(saved.id)}`);
    window.setTimeout(() => announce(t('measure_new.saved', { name: saved.name })), 100);
  });
  return undefined;
}
