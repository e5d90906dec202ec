// approval.js — four eyes on the records that become final only by another
// person's approval (src/domain/approval.h): analyses (analysis.js),
// assessments (assessments.js on the process page) and effectiveness
// reviews (reviews.js on the measure page). The kind is passed in; every
// text names the record by its noun in the user's language (noun.<kind>).
// A record in review is decided on by another person than its author, of
// the process's responsible ministry or the coordinator. The panel first
// asks the server, without deciding, what a decision would meet (GET
// .../approval): who may not decide is told why in the user's language (its
// own work: four eyes; another ministry) and is offered no buttons, and the
// open points (topics without findings, inputs whose fallback need is not
// covered, risks without a measure; criteria without an estimate, a
// category that differs from the national list; a review without findings)
// are said in words before the first click, with the box to tick that they
// were weighed ("acknowledged": true). The decision needs a comment;
// approve (POST .../approve: final) or reject (POST .../reject: back to
// draft with the comment as its reason). The server still decides: a
// 403/409 of the decision (someone decided first, a point appeared) is
// shown as it comes. Also the two facts shown outside review: the last
// rejection's reason and, on a final record, who approved it, when, with
// what comment.

import * as api from '../api.js';
import { h, alertBox, announce } from '../dom.js';
import { t, has, enumLabel, fmtDateTime } from '../i18n.js';
import { buildForm, clearErrors, showFieldError } from '../form.js';

const TOPICS = new Set(['policy_law', 'risk_management', 'business_continuity', 'sector_cooperation', 'incidents']);
// the API's kind (its path) -> the singular the server's messages use
const SINGULAR = { analyses: 'analysis', assessments: 'assessment', reviews: 'review' };

// The record's noun in the user's language ("vitaalbeoordeling"), from
// the API's kind or the singular a server message names.
export function noun(kind) {
  const one = SINGULAR[kind] || kind;
  return has(`noun.${one}`) ? t(`noun.${one}`) : String(one);
}

// "Afgewezen: <reden>" while a rejected record is not yet approved again;
// id: the paragraph's id (a page with one such record), else none.
export function rejectionNotice(record, kind = 'analyses', id = 'analysis-rejection') {
  if (!record.rejection || record.status === 'final') return null;
  return alertBox('warning',
    h('p', { id, 'data-rejection': record.id }, h('strong', null, t('approval.rejected_label')), ' ', record.rejection),
    h('p', null, t(record.status === 'draft' ? 'approval.rejected_draft_hint' : 'approval.rejected_review_hint', { kind: noun(kind) })));
}

// Who approved a final record, when, and why (nothing for one that was
// final before vitaal: it carries no approval). prefix: the ids of the
// sentence and its comment (a page with one such record), else none.
export function approvalFacts(record, prefix = 'analysis') {
  if (record.status !== 'final' || !record.approved_by) return null;
  return h('p', { id: prefix ? `${prefix}-approval` : null, 'data-approved-by': record.approved_by },
    t('approval.approved_by', { user: record.approved_by, when: fmtDateTime(record.approved_at) }), ' ',
    h('span', { id: prefix ? `${prefix}-approval-comment` : null, class: 'approval-comment' },
      t('approval.comment_shown', { comment: record.approval_comment || t('common.none') })));
}

// One open point in words: "Onderwerp zonder bevindingen: Incidenten";
// criteria, processes and measures by their names.
function pointText(point, names, record) {
  switch (point.type) {
    case 'topic_without_findings':
      return t('approval.point.topic_without_findings', { topic: TOPICS.has(point.ref) ? t(`topic.${point.ref}`) : point.ref });
    case 'fallback_not_covered':
      return t('approval.point.fallback_not_covered', { input: names.dependency(point.ref) });
    case 'risk_without_measure':
      return t('approval.point.risk_without_measure', { risk: names.risk(point.ref) });
    case 'criterion_without_estimate':
      return t('approval.point.criterion_without_estimate', { criterion: has(`criterion.${point.ref}`) ? t(`criterion.${point.ref}`) : point.ref });
    case 'category_differs_from_list': {
      const p = names.process(point.ref);
      return t('approval.point.category_differs_from_list', {
        process: p ? p.name : point.ref, listed: enumLabel('category', p && p.category), category: enumLabel('category', record.category),
      });
    }
    case 'review_without_findings':
      return t('approval.point.review_without_findings', { measure: names.measure(point.ref) });
    case 'proposed_risk_undecided':
      return t('approval.point.proposed_risk_undecided', { risk: point.ref });
    default:
      return t('approval.point.other', { type: point.type, ref: point.ref });
  }
}

// Why the user may not decide (the preview's "reason", or a refusal's body)
// in the user's language: the message id's error.<id>, with the record
// named by its noun and its status said as the status flow says it.
export function reasonText(reason) {
  if (!reason || !reason.message_id || !has(`error.${reason.message_id}`)) return (reason && reason.message) || '';
  const params = reason.params || {};
  return t(`error.${reason.message_id}`, {
    kind: params.kind ? noun(params.kind) : '',
    status: params.status ? enumLabel('analysis_status', params.status) : '',
  });
}

// What deciding would meet, asked without deciding (GET .../approval), or
// null when the server could not be asked: the panel then offers the
// decision and learns from its answer.
async function preview(kind, record) {
  try {
    return await api.get(`/${kind}/${encodeURIComponent(record.id)}/approval`);
  } catch {
    return null;
  }
}

// The panel for a record of kind (analyses, assessments, reviews) in
// review, after asking the server what a decision would meet;
// rerender(message) shows the page again after a decision. names: what the
// open points refer to, by name: risk(id) a risk of the analysis,
// process(id) a process record, measure(id) a measure's name (each
// optional; the id stands in). level: the heading's level on the page.
export async function approvalSection(ctx, parent, { kind = 'analyses', record, names: given = {}, rerender, level = 'h2' }) {
  const ask = await preview(kind, record);
  const kindNoun = noun(kind);
  const sub = level === 'h2' ? 'h3' : 'h4';
  if (!ctx.alive()) return null;
  const specs = [
    { name: 'comment', label: t('approval.comment'), type: 'textarea', required: true, wide: true, rows: 3, hint: t('approval.comment_hint') },
    { name: 'acknowledged', label: t('approval.acknowledge'), type: 'checkbox' },
  ];
  const form = buildForm(specs, {}, 'approval');
  const comment = form.fields.get('comment');
  const ack = form.fields.get('acknowledged');
  ack.field.hidden = true; // until the server has named open points
  const box = h('div', { id: 'approval-messages' });
  const points = h('div', { id: 'approval-open-points', hidden: true });
  const approveBtn = h('button', { type: 'button', id: 'approve' }, t('approval.approve'));
  const rejectBtn = h('button', { type: 'button', class: 'danger', id: 'reject' }, t('approval.reject'));
  const mayDecide = !ask || ask.may_decide;
  const section = h('section', { id: 'approval', 'aria-labelledby': 'approval-title', class: 'approval-panel' },
    h(level, { id: 'approval-title' }, t('approval.title', { kind: kindNoun })),
    h('p', null, t('approval.intro', { kind: kindNoun })),
    mayDecide ? null : alertBox('info',
      h('p', { id: 'approval-reason', 'data-message-id': ask.reason?.message_id || '' }, reasonText(ask.reason))),
    box, points,
    mayDecide ? h('form', { id: 'approval-form', novalidate: true, 'aria-labelledby': 'approval-title', onsubmit: (ev) => ev.preventDefault() },
      h('div', { class: 'form-grid' }, comment.field, ack.field),
      h('div', { class: 'actions' }, approveBtn, rejectBtn)) : null);
  parent.appendChild(section);

  let dependencies = null; // the process's inputs, read when the server names one
  const names = {
    dependency: (id) => {
      const d = dependencies && dependencies.get(id);
      return d && d.description ? `${d.description} (${id})` : id;
    },
    risk: given.risk || String,
    process: given.process || (() => null),
    measure: given.measure || String,
  };

  // Lists the open points; focus moves to them only when they come as a
  // refusal (the page's first view keeps focus on its heading).
  const showPoints = async (list, { focus }) => {
    if (list.some((p) => p.type === 'fallback_not_covered') && !dependencies) {
      try {
        dependencies = new Map((await api.listAll('dependencies', { process: record.process })).map((d) => [d.id, d]));
      } catch {
        dependencies = new Map(); // named by id then
      }
    }
    if (!ctx.alive()) return;
    // (replaceChildren would write a null as the text "null": h() skips it)
    points.replaceChildren(h('div', null,
      h(sub, { id: 'approval-open-points-title', tabindex: '-1' }, t('approval.open_points', { n: list.length })),
      mayDecide ? h('p', { class: 'hint' }, t('approval.open_points_hint')) : null,
      h('ul', { id: 'approval-open-points-list', 'aria-labelledby': 'approval-open-points-title' }, list.map((p) =>
        h('li', { 'data-point': p.type, 'data-ref': p.ref }, pointText(p, names, record))))));
    points.hidden = list.length === 0;
    ack.field.hidden = !mayDecide || list.length === 0;
    if (focus && list.length) {
      document.getElementById('approval-open-points-title').focus();
      announce(t('approval.open_points', { n: list.length }));
    }
  };
  if (ask) await showPoints(ask.open_points || [], { focus: false });
  if (!mayDecide || !ctx.alive()) return section;

  const decide = async (approve) => {
    clearErrors(form.fields, box);
    const text = comment.control.value.trim();
    if (!text) {
      showFieldError(comment, t('form.required'));
      box.replaceChildren(alertBox('error', h('p', null, t('form.fix_field', { field: comment.spec.label }))));
      comment.control.focus();
      return;
    }
    if (approve && !ack.field.hidden && !ack.control.checked) {
      showFieldError(ack, t('approval.acknowledge_needed', { kind: kindNoun }));
      ack.control.focus();
      return;
    }
    const body = { comment: text };
    if (approve && !ack.field.hidden && ack.control.checked) body.acknowledged = true;
    approveBtn.disabled = true;
    rejectBtn.disabled = true;
    try {
      const path = `/${kind}/${encodeURIComponent(record.id)}/${approve ? 'approve' : 'reject'}`;
      await api.post(path, body);
      if (ctx.alive()) rerender(t(approve ? 'approval.approved' : 'approval.rejected', { kind: kindNoun }));
    } catch (err) {
      // a race: points the preview did not name (a risk added meanwhile)
      if (err.status === 409 && err.messageId === 'approve_open_points' && err.body && Array.isArray(err.body.open_points)) {
        box.replaceChildren(alertBox('warning', h('p', null, err.message)));
        ack.control.checked = false;
        await showPoints(err.body.open_points, { focus: true });
        return;
      }
      if (err.field === 'comment' && err.status === 400) {
        showFieldError(comment, err.message);
        comment.control.focus();
        return;
      }
      // another race: decided by someone else first, or the rights changed
      let message = err.body && err.body.message_id ? reasonText(err.body) : err.message;
      if (err.status === 0) message = t('common.network_error');
      else if (err.status >= 500) message = t('common.server_error');
      box.replaceChildren(alertBox('error', h('p', { id: 'approval-refused', 'data-message-id': err.messageId || '' }, message)));
      box.querySelector('.alert').setAttribute('tabindex', '-1');
      box.querySelector('.alert').focus();
    } finally {
      approveBtn.disabled = false;
      rejectBtn.disabled = false;
    }
  };
  approveBtn.addEventListener('click', () => decide(true));
  rejectBtn.addEventListener('click', () => decide(false));
  return section;
}
