// requests.js — Uitvragen / Requests for information (src/domain/request.h).
// The list (#/requests): every request the user may read with, per
// provider, its state (open, answered, overdue: the server's, from its
// clock); for a ministry (its own processes) and the coordinator a form to
// send one: the process, its providers (from the process's provider links),
// the due day, the questions (one a line) and optionally the analysis the
// answers feed. A request's page (#/requests/ID): its questions, its
// recipients' states and the answers the user may read; for the sender a
// link to the analysis, where the answers' proposed risks are adopted or
// declined (contributions.js), and closing; for an addressed provider the
// answer form (save a draft, or submit: then it is frozen). A provider sees
// only the requests sent to it, and only itself among the recipients (the
// server filters; nothing is hidden here that the server would show).
//
// The exchange around a request joins here: its TLP marking (and on each
// answer), its sharing for the sender (sharing.js: a provider is reached by
// the recipients alone, the server refuses naming another), the sender's
// attachments on the request and each provider's evidence on its answer
// (attachments.js: the answer is a contribution), the risks a provider
// proposes with its draft answer (contribute.js), and the request's comment
// thread (comments.js), which mentions and notifies (notifications.js).

import * as api from '../api.js';
import { h, table, badge, empty, alertBox, announce, field, options } from '../dom.js';
import { t, fmtDate, fmtDateTime, enumLabel } from '../i18n.js';
import { byId, sortByName } from '../data.js';
import { buildForm, readForm, onSubmit, classificationSpec, showApiError, showFieldError } from '../form.js';
import { sharingSection, tlpBadge } from './sharing.js';
import { attachmentsSection } from './attachments.js';
import { commentsSection } from './comments.js';
import { proposalsPart } from './contribute.js';

// May the user send requests for process (and close them)?
function maySend(user, process) {
  return user.role === 'coordinator' || (user.role === 'department' && process && user.org === process.ministry);
}

function states(detail, orgs) {
  return h('ul', { class: 'request-states' }, detail.recipients.map((r) =>
    h('li', { 'data-provider': r.provider, 'data-state': r.state },
      `${orgs.get(r.provider)?.name || r.name} `, badge('request_state', r.state))));
}

function flashBox(box, flash) {
  if (!flash) return;
  box.appendChild(alertBox('success', h('p', { tabindex: '-1' }, flash)));
  window.setTimeout(() => box.querySelector('p')?.focus(), 0);
}

// The form to send a request: the providers offered follow the process.
async function sendForm(ctx, main, { user, processes, orgs, rerender }) {
  const box = h('div', { id: 'request-send-messages' });
  const base = {
    title: '', process: processes[0].id, due: '', questions: '', analysis: '',
    classification: user.clearance === 'public' ? 'public' : 'internal',
  };
  const specs = [
    { name: 'title', label: t('field.title'), required: true, wide: true },
    { name: 'process', label: t('field.process'), type: 'select', required: true, values: processes.map((p) => p.id), labelOf: (id) => processes.find((p) => p.id === id)?.name || id },
    { name: 'due', label: t('requests.due'), type: 'date', required: true },
    { name: 'questions', label: t('requests.questions'), type: 'textarea', required: true, wide: true, rows: 4, hint: t('requests.questions_hint') },
    { name: 'analysis', label: t('requests.analysis'), type: 'select', values: [], empty: t('requests.analysis_auto'), hint: t('requests.analysis_hint') },
    classificationSpec(user),
  ];
  const form = buildForm(specs, base, 'request');
  const toBox = h('fieldset', { id: 'request-to', class: 'wide', 'aria-describedby': 'request-to-error' },
    h('legend', null, t('requests.to')));
  const toError = h('p', { class: 'field-error', id: 'request-to-error', hidden: true });
  const processSelect = form.fields.get('process').control;
  const analysisSelect = form.fields.get('analysis').control;
  const fill = async () => {
    const pid = processSelect.value;
    const [links, analyses] = await Promise.all([
      api.listAll('provider_links', { process: pid }), api.listAll('analyses', { process: pid }),
    ]);
    if (!ctx.alive()) return;
    const providers = [...new Set(links.map((l) => l.provider))]
      .sort((a, b) => (orgs.get(a)?.name || a).localeCompare(orgs.get(b)?.name || b));
    toBox.replaceChildren(h('legend', null, t('requests.to')),
      ...(providers.length === 0 ? [empty(t('requests.no_providers'))] : []),
      ...providers.map((p) => h('label', { class: 'check-field' },
        h('input', { type: 'checkbox', name: 'to', value: p, 'data-provider': p }), ` ${orgs.get(p)?.name || p}`)));
    const open = analyses.filter((a) => a.status !== 'final').sort((a, b) => b.started.localeCompare(a.started));
    analysisSelect.replaceChildren(h('option', { value: '' }, t('requests.analysis_auto')),
      ...options(open.map((a) => a.id), '', (id) => id));
  };
  processSelect.addEventListener('change', fill);
  await fill();
  const el = h('form', { id: 'request-send-form', novalidate: true, 'aria-labelledby': 'request-send-title' },
    h('div', { class: 'form-grid' }, form.nodes, toBox, toError),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'request-send' }, t('requests.send'))));
  const checkTo = () => {
    toError.hidden = true;
    if (toBox.querySelector('input:checked')) return null;
    toError.textContent = t('requests.to_needed');
    toError.hidden = false;
    const first = toBox.querySelector('input');
    return { spec: { label: t('requests.to') }, control: first || toBox };
  };
  onSubmit(el, { fields: form.fields, box, check: checkTo }, async () => {
    const values = readForm(form.fields, base);
    const process = processes.find((p) => p.id === values.process);
    const body = {
      title: values.title, to: [...toBox.querySelectorAll('input:checked')].map((i) => i.value),
      process: values.process, due: values.due,
      questions: String(values.questions || '').split('\n').map((q) => q.trim()).filter(Boolean),
      classification: values.classification, owner: user.role === 'coordinator' ? process.ministry : user.org,
    };
    if (values.analysis) body.analysis = values.analysis;
    try {
      const saved = await api.createRecord('requests', body);
      announce(t('requests.sent', { id: saved.id }));
      if (ctx.alive()) window.location.hash = `#/requests/${encodeURIComponent(saved.id)}`;
    } catch (err) {
      if (err.field && err.field.startsWith('to')) {
        toError.textContent = err.message;
        toError.hidden = false;
        box.replaceChildren(alertBox('error', h('p', null, t('form.fix_field', { field: t('requests.to') }))));
        toBox.querySelector('input')?.focus();
        return;
      }
      if (err.field && err.field.startsWith('questions')) {
        showFieldError(form.fields.get('questions'), err.message);
        box.replaceChildren(alertBox('error', h('p', null, t('form.fix_field', { field: t('requests.questions') }))));
        form.fields.get('questions').control.focus();
        return;
      }
      throw err;
    }
  });
  main.appendChild(h('section', { id: 'request-new', 'aria-labelledby': 'request-send-title' },
    h('h2', { id: 'request-send-title' }, t('requests.new')), box, el));
  return rerender;
}

async function renderList(ctx, flash) {
  const { main, user } = ctx;
  main.appendChild(h('h1', null, t('requests.title')));
  main.appendChild(h('p', null, t(user.role === 'provider' ? 'requests.intro_provider' : 'requests.intro')));
  const messages = h('div', { id: 'request-messages' });
  main.appendChild(messages);
  flashBox(messages, flash);
  const [list, processList, orgs] = await Promise.all([
    api.listAll('requests'), api.listAll('processes'), byId('organisations'),
  ]);
  const details = await Promise.all(list.map((r) => api.getRecord('requests', r.id)));
  if (!ctx.alive()) return undefined;
  const processes = new Map(processList.map((p) => [p.id, p]));
  details.sort((a, b) => (a.status === b.status ? b.due.localeCompare(a.due) : a.status === 'open' ? -1 : 1));
  const section = h('section', { id: 'request-list', 'aria-labelledby': 'request-list-title' },
    h('h2', { id: 'request-list-title' }, t(user.role === 'provider' ? 'requests.mine' : 'requests.all')));
  section.appendChild(details.length === 0 ? empty(t('requests.none')) : table(null, [
    { label: t('field.title'), rowHeader: true }, { label: t('field.process') }, { label: t('requests.due') },
    { label: t('field.status') }, { label: t(user.role === 'provider' ? 'requests.your_state' : 'requests.states') },
  ], details.map((d) => [
    h('a', { href: `#/requests/${encodeURIComponent(d.id)}` }, d.title),
    processes.get(d.process)?.name || d.process, fmtDate(d.due), badge('request_status', d.status),
    states(d, orgs),
  ]), (i) => ({ 'data-request': details[i].id })));
  main.appendChild(section);
  const sendable = sortByName(processList.filter((p) => maySend(user, p)));
  if (sendable.length) {
    await sendForm(ctx, main, {
      user, processes: sendable, orgs,
      rerender: (message) => { main.replaceChildren(); return renderList(ctx, message); },
    });
  }
  return undefined;
}

// The provider's evidence on its answer (a saved one: the answer is a
// contribution, which takes attachments), and on a draft the risks it
// proposes with it.
async function answerExtras(ctx, section, { detail, own, user, rerender }) {
  if (!own) {
    section.appendChild(h('p', { class: 'hint', id: 'answer-evidence-hint' }, t('requests.evidence_after_draft')));
    return;
  }
  if (own.status === 'draft' && detail.status === 'open') {
    const threats = await byId('threats');
    if (!ctx.alive()) return;
    const part = await proposalsPart(ctx, own, user, threats, (_id, message) => rerender(message));
    if (part && ctx.alive()) section.appendChild(part);
  }
  if (!ctx.alive()) return;
  await attachmentsSection(ctx, section, {
    kind: 'contributions', id: own.id, key: 'answer', writable: own.status === 'draft' && detail.status === 'open',
    title: t('requests.answer_evidence'), level: 'h3',
  });
}

// The provider's answer: a draft it may change, or the submitted text.
async function answerForm(ctx, parent, { detail, own, user, rerender }) {
  const box = h('div', { id: 'answer-messages' });
  const section = h('section', { id: 'request-answer', 'aria-labelledby': 'request-answer-title' },
    h('h2', { id: 'request-answer-title' }, t('requests.your_answer')), box);
  parent.appendChild(section);
  if (own && own.status !== 'draft') {
    section.appendChild(h('p', null, badge('contribution_status', own.status), ' ',
      t('contribution.submitted', { user: own.submitted_by || '', when: fmtDateTime(own.submitted_at) })));
    section.appendChild(h('p', { class: 'answer-text', id: 'answer-text' }, own.summary || ''));
    await answerExtras(ctx, section, { detail, own, user, rerender });
    return;
  }
  if (detail.status === 'closed') {
    section.appendChild(empty(t('requests.closed_no_answer')));
    return;
  }
  const text = h('textarea', { id: 'answer-input', name: 'text', rows: 6, required: true }, '');
  text.value = own?.summary || '';
  const f = field(t('requests.answer_label'), text, t('requests.answer_hint'));
  const fields = new Map([['text', { ...f, spec: { label: t('requests.answer_label') } }]]);
  const send = async (draft) => {
    box.replaceChildren();
    f.error.hidden = true;
    text.removeAttribute('aria-invalid');
    if (!text.value.trim()) {
      showFieldError(fields.get('text'), t('requests.answer_needed'));
      text.focus();
      return;
    }
    try {
      await api.post(`/requests/${encodeURIComponent(detail.id)}/answers`, { text: text.value, draft });
      if (ctx.alive()) rerender(t(draft ? 'requests.draft_saved' : 'requests.answered'));
    } catch (err) {
      showApiError(err, fields, box);
    }
  };
  section.appendChild(h('p', null, t('requests.answer_intro')));
  section.appendChild(f.field);
  section.appendChild(h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'secondary', id: 'answer-draft', onclick: () => send(true) }, t('requests.save_draft')),
    h('button', { type: 'button', id: 'answer-submit', onclick: () => send(false) }, t('requests.submit'))));
  await answerExtras(ctx, section, { detail, own, user, rerender });
}

// What the sharing section saves: the request as stored, without what the
// server adds to a read (request_view).
function storedRequest(detail) {
  const { recipients, answers, questionnaire, ...record } = detail;
  return record;
}

async function renderDetail(ctx, flash) {
  const { main, params, user } = ctx;
  const detail = await api.getRecord('requests', params.id);
  const [process, orgs] = await Promise.all([
    api.getRecord('processes', detail.process).catch(() => null), byId('organisations'),
  ]);
  if (!ctx.alive()) return undefined;
  const rerender = (message) => { main.replaceChildren(); return renderDetail(ctx, message); };
  main.appendChild(h('p', { class: 'breadcrumb' }, h('a', { href: '#/requests' }, t('requests.title'))));
  main.appendChild(h('h1', null, detail.title, ' ', tlpBadge(detail.tlp)));
  const messages = h('div', { id: 'request-messages' });
  main.appendChild(messages);
  flashBox(messages, flash);
  main.appendChild(h('dl', { class: 'facts' },
    h('dt', null, t('field.process')), h('dd', null, process ? h('a', { href: `#/processes/${encodeURIComponent(process.id)}` }, process.name) : detail.process),
    h('dt', null, t('requests.due')), h('dd', null, fmtDate(detail.due)),
    h('dt', null, t('field.status')), h('dd', null, badge('request_status', detail.status)),
    h('dt', null, t('requests.sent_by')), h('dd', null, `${orgs.get(detail.owner)?.name || detail.owner} (${detail.sent_by || ''}, ${fmtDateTime(detail.sent_at)})`),
    h('dt', null, t('field.classification')), h('dd', null, enumLabel('classification', detail.classification))));
  main.appendChild(h('section', { id: 'request-questions', 'aria-labelledby': 'request-questions-title' },
    h('h2', { id: 'request-questions-title' }, t('requests.questions')),
    h('ol', null, detail.questionnaire.map((q) => h('li', null, q.requirement ? `${q.ref_id || q.requirement}: ${q.text}` : q.text)))));
  const sender = maySend(user, process);
  await attachmentsSection(ctx, main, {
    kind: 'requests', id: detail.id, key: 'request', writable: sender && detail.status === 'open',
    title: t('requests.attachments'),
  });
  if (!ctx.alive()) return undefined;
  main.appendChild(h('section', { id: 'request-recipients', 'aria-labelledby': 'request-recipients-title' },
    h('h2', { id: 'request-recipients-title' }, t('requests.recipients')),
    table(null, [{ label: t('requests.provider'), rowHeader: true }, { label: t('requests.state') }],
      detail.recipients.map((r) => [orgs.get(r.provider)?.name || r.name, badge('request_state', r.state)]),
      (i) => ({ 'data-provider': detail.recipients[i].provider, 'data-state': detail.recipients[i].state }))));
  if (user.role === 'provider') {
    await answerForm(ctx, main, { detail, own: detail.answers.find((a) => a.provider === user.org), user, rerender });
    if (ctx.alive()) await commentsSection(ctx, main, { kind: 'requests', id: detail.id, user });
    return undefined;
  }
  const answers = h('section', { id: 'request-answers', 'aria-labelledby': 'request-answers-title' },
    h('h2', { id: 'request-answers-title' }, t('requests.answers', { n: detail.answers.length })));
  if (detail.answers.length === 0) answers.appendChild(empty(t('requests.no_answers')));
  const articles = detail.answers.map((a) => {
    const article = h('article', { class: 'request-answer', 'data-answer': a.id },
      h('h3', null, t('contribution.from', { provider: orgs.get(a.provider)?.name || a.provider }), ' ', tlpBadge(a.tlp)),
      h('p', null, badge('contribution_status', a.status), ' ',
        t('contribution.submitted', { user: a.submitted_by || '', when: fmtDateTime(a.submitted_at) })),
      h('p', { class: 'answer-text' }, a.summary || ''),
      h('p', null, h('a', { href: `#/analyses/${encodeURIComponent(a.analysis)}`, 'data-analysis': a.analysis },
        t(sender ? 'requests.to_analysis_decide' : 'requests.to_analysis', { analysis: a.analysis }))));
    answers.appendChild(article);
    return article;
  });
  main.appendChild(answers);
  await Promise.all(detail.answers.map((a, i) => attachmentsSection(ctx, articles[i], {
    kind: 'contributions', id: a.id, key: `answer-${i}`, writable: false,
    title: t('requests.answer_evidence'), level: 'h4',
  })));
  if (!ctx.alive()) return undefined;
  if (sender && detail.status === 'open') {
    const box = h('div', { id: 'close-messages' });
    const close = h('button', { type: 'button', class: 'secondary', id: 'request-close' }, t('requests.close'));
    close.addEventListener('click', async () => {
      close.disabled = true;
      try {
        await api.post(`/requests/${encodeURIComponent(detail.id)}/close`);
        if (ctx.alive()) rerender(t('requests.closed'));
      } catch (err) {
        showApiError(err, new Map(), box);
      } finally {
        close.disabled = false;
      }
    });
    main.appendChild(h('div', { class: 'actions' }, box, h('p', { class: 'hint' }, t('requests.close_hint')), close));
  }
  await sharingSection(ctx, main, {
    kind: 'requests', record: storedRequest(detail), writable: sender && detail.status === 'open', onSaved: rerender,
  });
  if (ctx.alive()) await commentsSection(ctx, main, { kind: 'requests', id: detail.id, user });
  return undefined;
}

export async function render(ctx, flash) {
  if (ctx.params.id) return renderDetail(ctx, flash);
  return renderList(ctx, flash);
}
