// approval.js — four eyes on the analysis page (src/domain/approval.h): an
// analysis in review is decided on by another person than its author, of the
// process's responsible ministry or the coordinator. The panel asks for the
// decision's comment (required), approves (POST .../approve: final) or
// rejects (POST .../reject: back to draft with the comment as its reason).
// Before approving, the server names the open points (409 with
// "open_points"); they are said here in words, and the approver ticks that
// they were weighed, which sends "acknowledged": true. Who may decide is the
// server's call: a refusal (the author: four eyes; another ministry) is
// shown in the user's language from its message id. Also the two facts the
// page shows outside review: the last rejection's reason and, on a final
// analysis, who approved it, when, with what comment.

import * as api from '../api.js';
import { h, alertBox, announce } from '../dom.js';
import { t, fmtDateTime } from '../i18n.js';
import { buildForm, clearErrors, showFieldError } from '../form.js';

const TOPICS = new Set(['policy_law', 'risk_management', 'business_continuity', 'sector_cooperation', 'incidents']);

// "Afgewezen: <reden>" while a rejected analysis is not yet approved again.
export function rejectionNotice(record) {
  if (!record.rejection || record.status === 'final') return null;
  return alertBox('warning',
    h('p', { id: 'analysis-rejection' }, h('strong', null, t('approval.rejected_label')), ' ', record.rejection),
    h('p', null, t(record.status === 'draft' ? 'approval.rejected_draft_hint' : 'approval.rejected_review_hint')));
}

// Who approved a final analysis, when, and why (nothing for one that was
// final before vitaal: it carries no approval).
export function approvalFacts(record) {
  if (record.status !== 'final' || !record.approved_by) return null;
  return h('p', { id: 'analysis-approval', 'data-approved-by': record.approved_by },
    t('approval.approved_by', { user: record.approved_by, when: fmtDateTime(record.approved_at) }), ' ',
    h('span', { id: 'analysis-approval-comment' }, t('approval.comment_shown', { comment: record.approval_comment || t('common.none') })));
}

// One open point in words: "Onderwerp zonder bevindingen: Incidenten".
function pointText(point, names) {
  switch (point.type) {
    case 'topic_without_findings':
      return t('approval.point.topic_without_findings', { topic: TOPICS.has(point.ref) ? t(`topic.${point.ref}`) : point.ref });
    case 'fallback_not_covered':
      return t('approval.point.fallback_not_covered', { input: names.dependency(point.ref) });
    case 'risk_without_measure':
      return t('approval.point.risk_without_measure', { risk: names.risk(point.ref) });
    default:
      return t('approval.point.other', { type: point.type, ref: point.ref });
  }
}

// The panel for an analysis in review; rerender(message) shows the page
// again after a decision. riskName(id) names a risk of this analysis.
export function approvalSection(ctx, parent, { record, riskName, rerender }) {
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
  const section = h('section', { id: 'approval', 'aria-labelledby': 'approval-title', class: 'approval-panel' },
    h('h2', { id: 'approval-title' }, t('approval.title')),
    h('p', null, t('approval.intro')),
    box, points,
    h('form', { id: 'approval-form', novalidate: true, 'aria-labelledby': 'approval-title', onsubmit: (ev) => ev.preventDefault() },
      h('div', { class: 'form-grid' }, comment.field, ack.field),
      h('div', { class: 'actions' }, approveBtn, rejectBtn)));
  parent.appendChild(section);

  let dependencies = null; // the process's inputs, read when the server names one
  const names = {
    dependency: (id) => {
      const d = dependencies && dependencies.get(id);
      return d && d.description ? `${d.description} (${id})` : id;
    },
    risk: riskName,
  };

  const showPoints = async (list) => {
    if (list.some((p) => p.type === 'fallback_not_covered') && !dependencies) {
      try {
        dependencies = new Map((await api.listAll('dependencies', { process: record.process })).map((d) => [d.id, d]));
      } catch {
        dependencies = new Map(); // named by id then
      }
    }
    if (!ctx.alive()) return;
    points.replaceChildren(
      h('h3', { id: 'approval-open-points-title', tabindex: '-1' }, t('approval.open_points', { n: list.length })),
      h('ul', { id: 'approval-open-points-list' }, list.map((p) =>
        h('li', { 'data-point': p.type, 'data-ref': p.ref }, pointText(p, names)))));
    points.hidden = false;
    ack.field.hidden = false;
    points.querySelector('h3').focus();
    announce(t('approval.open_points', { n: list.length }));
  };

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
      showFieldError(ack, t('approval.acknowledge_needed'));
      ack.control.focus();
      return;
    }
    const body = { comment: text };
    if (approve && ack.control.checked) body.acknowledged = true;
    approveBtn.disabled = true;
    rejectBtn.disabled = true;
    try {
      const path = `/analyses/${encodeURIComponent(record.id)}/${approve ? 'approve' : 'reject'}`;
      await api.post(path, body);
      if (ctx.alive()) rerender(t(approve ? 'approval.approved' : 'approval.rejected'));
    } catch (err) {
      if (err.status === 409 && err.messageId === 'approve_open_points' && err.body && Array.isArray(err.body.open_points)) {
        box.replaceChildren(alertBox('warning', h('p', null, err.message)));
        await showPoints(err.body.open_points);
        return;
      }
      if (err.field === 'comment' && err.status === 400) {
        showFieldError(comment, err.message);
        comment.control.focus();
        return;
      }
      let message = err.message;
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
