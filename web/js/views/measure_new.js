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
import { h, alertBox, announce } from '../dom.js';
import { t, enumLabel, compareText, currentLang } from '../i18n.js';
import { byId, canWrite, defaultOwner, providedProcesses, sortByName, textIn } from '../data.js';
import { buildForm, readForm, showFieldError, saveRecord, classificationSpec, onSubmit } from '../form.js';

const STATUSES = ['proposed', 'planned', 'in_progress', 'done', 'cancelled'];
const KINDS = ['redundancy', 'stockpile', 'alternative_method', 'regulation', 'other'];
const SCOPES = ['sectoral', 'cross_sectoral'];

// Whether user may create a measure for at least one of the processes.
export function mayCreateMeasure(user, processList, provided) {
  return processList.some((p) => canWrite(user, p, defaultOwner(user, p), provided));
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
  const processName = (id) => processes.get(id)?.name || id;

  // risks, grouped by the process of their analysis
  const analysisProcess = new Map(analyses.map((a) => [a.id, a.process]));
  const riskGroups = new Map();
  const riskText = new Map();
  for (const r of risks) {
    const pid = analysisProcess.get(r.analysis);
    if (!riskGroups.has(pid)) riskGroups.set(pid, []);
    riskGroups.get(pid).push(r.id);
    riskText.set(r.id, `${threats.get(r.threat)?.name || r.threat} — ${r.scenario}`);
  }

  // requirements: the assessable ones, per framework
  // in the user's language where the library translates them, else marked
  // with the language they are in
  const reqLabel = (r) => [r.ref_id, textIn(r).text].filter(Boolean).join(' — ') || r.id;
  const pageLang = (l) => (l && l !== currentLang() ? l : null);
  const reqById = new Map(requirements.map((r) => [r.id, r]));
  const fwLang = new Map(frameworks.map((fw) => [fw.id, fw.language || null]));

  // the owner follows the first chosen process for a coordinator, as
  // defaultOwner says, until the coordinator picks one
  let ownerTouched = false;
  const followOwner = (ids) => {
    const first = processes.get(ids[0]);
    if (user.role === 'coordinator' && first && !ownerTouched) form1.fields.get('owner').control.value = defaultOwner(user, first);
  };
  const lists = buildForm([
    {
      name: 'processes', label: t('field.processes'), type: 'checklist', hint: t('measure_new.processes_hint'), required: true,
      groups: [
        { label: t('measure_new.own_processes'), values: writableProcesses.map((p) => p.id) },
        others.length ? { label: t('measure_new.other_processes'), values: others.map((p) => p.id) } : null,
      ].filter(Boolean),
      labelOf: processName, onChange: followOwner,
    },
    {
      name: 'risks', label: t('measure_new.risks'), type: 'checklist', hint: t('measure_new.risks_hint'),
      groups: [...riskGroups.entries()]
        .map(([pid, values]) => ({ label: processes.get(pid)?.name || pid || t('common.none'), values }))
        .sort((x, y) => compareText(x.label, y.label)),
      labelOf: (id) => riskText.get(id) || id,
    },
    {
      name: 'requirements', label: t('measure.requirements'), type: 'checklist', hint: t('measure.requirements_hint'),
      groups: sortByName(frameworks).map((fw) => ({
        label: textIn(fw).text, lang: pageLang(textIn(fw).lang),
        values: requirements.filter((r) => r.framework === fw.id && r.assessable)
          .sort((x, y) => (x.position || 0) - (y.position || 0)).map((r) => r.id),
      })).filter((g) => g.values.length > 0),
      labelOf: (id) => (reqById.has(id) ? reqLabel(reqById.get(id)) : id),
      langOf: (id) => pageLang(reqById.has(id) ? textIn(reqById.get(id), 'name', fwLang.get(reqById.get(id).framework)).lang : null),
    },
  ], {
    processes: chosenProcess ? [chosenProcess.id] : [],
    risks: query.get('risk') ? [query.get('risk')] : [],
    requirements: [],
  }, 'measure-new');
  const [procNode, riskNode, reqNode] = lists.nodes;
  const procField = lists.fields.get('processes');
  const fields = new Map([...form1.fields, ...lists.fields]);
  const saveBtn = h('button', { type: 'submit', id: 'save-new-measure' }, t('measure_new.save'));
  const form = h('form', { id: 'measure-new-form', novalidate: true, 'aria-labelledby': 'measure-new-heading' },
    h('h2', { id: 'measure-new-heading', class: 'visually-hidden' }, t('measure_new.title')),
    h('div', { class: 'form-grid' }, form1.nodes.slice(0, 4), procNode, riskNode,
      form1.nodes.slice(4), reqNode),
    h('div', { class: 'actions' }, saveBtn,
      h('a', { class: 'button secondary', href: chosenProcess ? `#/processes/${encodeURIComponent(chosenProcess.id)}` : '#/measures' }, t('common.cancel'))));
  main.appendChild(form);

  form1.fields.get('owner').control.addEventListener('change', () => { ownerTouched = true; });

  const picked = (f) => f.checklist.selected();
  const ownProcess = () => {
    if (user.role === 'coordinator' || picked(procField).some((id) => writableProcesses.some((p) => p.id === id))) return null;
    showFieldError(procField, t('measure_new.needs_own_process'));
    return procField;
  };
  onSubmit(form, { fields, box: messages, check: ownProcess }, async () => {
    const values = readForm(lists.fields, readForm(form1.fields, base));
    const saved = await saveRecord('measures', values, true);
    if (!ctx.alive()) return;
    navigate(`#/measures/${encodeURIComponent(saved.id)}`);
    window.setTimeout(() => announce(t('measure_new.saved', { name: saved.name })), 100);
  });
  return undefined;
}
