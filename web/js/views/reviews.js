// reviews.js — the effectiveness reviews (toetsing) on a measure's page:
// every review with its status and decision (who approved it, when, with
// what comment; a rejection's reason), the form to record one, and four
// eyes (approval.js): a review goes draft -> review -> final, and only a
// final one counts in the toetsing (src/domain/toetsing.h). The form sends
// the review for review, or keeps it as a draft; it never writes final. A
// draft (also one sent back by a rejection) is opened in the same form to
// revise and send again. The newest review not yet final gets the
// approval panel while it is in review (the server says who may decide).
// A (partly) ineffective result asks for the adjustment and a follow-up
// date, as the server's rule says. Each review's evidence is listed under
// it (attachments.js).

import * as api from '../api.js';
import { h, table, badge, empty, alertBox } from '../dom.js';
import { t, enumLabel, fmtDate } from '../i18n.js';
import { todayIso } from '../data.js';
import { buildForm, readForm, saveRecord, onSubmit } from '../form.js';
import { approvalSection, approvalFacts, rejectionNotice } from './approval.js';
import { attachmentsSection } from './attachments.js';

const METHODS = ['exercise', 'test', 'audit', 'incident'];
const RESULTS = ['effective', 'partly_effective', 'ineffective', 'inconclusive'];
// results that ask for an adjustment and a follow-up date (domain/toetsing.h)
const NEEDS_ADJUSTMENT = new Set(['partly_effective', 'ineffective']);

// newest first: by date, then by id
const newest = (a, b) => String(b.date).localeCompare(String(a.date)) || String(b.id).localeCompare(String(a.id), 'en', { numeric: true });

// What was decided about a review, for its row.
function decision(r) {
  if (r.status === 'final') return approvalFacts(r, null) || t('review.final_before');
  if (r.rejection) return h('span', { class: 'rejection' }, h('strong', null, t('approval.rejected_label')), ' ', r.rejection);
  return r.status === 'review' ? t('review.waiting') : t('review.draft_hint');
}

export async function reviewsSection(ctx, main, { measure, reviews, writable, user, processes, rerender }) {
  const section = h('section', { id: 'reviews', 'aria-labelledby': 'reviews-title' },
    h('h2', { id: 'reviews-title' }, t('measure.reviews')),
    h('p', null, t('review.intro')));
  main.appendChild(section);
  const sorted = [...reviews].sort(newest);
  section.appendChild(sorted.length === 0 ? empty(t('measure.no_reviews')) : table(null, [
    { label: t('field.date'), rowHeader: true }, { label: t('review.method') }, { label: t('review.result') },
    { label: t('review.findings') }, { label: t('review.adjustment') }, { label: t('review.follow_up') },
    { label: t('field.status') }, { label: t('review.decision') },
  ], sorted.map((r) => [
    fmtDate(r.date), enumLabel('review_method', r.method), enumLabel('review_result', r.result),
    r.findings || t('common.none'), r.adjustment || t('common.none'), r.follow_up ? fmtDate(r.follow_up) : t('common.none'),
    badge('analysis_status', r.status), decision(r),
  ]), (i) => ({ 'data-review': sorted[i].id, 'data-status': sorted[i].status })));
  const mayWrite = writable && user.role !== 'auditor';
  // each review's evidence (an exercise log, a test report), newest first
  await Promise.all(sorted.map((r) => attachmentsSection(ctx, section, {
    kind: 'reviews', id: r.id, key: `review-${r.id}`, writable: mayWrite, level: 'h3',
    title: t('attachments.review_title', { date: fmtDate(r.date) }),
  })));
  if (!ctx.alive()) return;

  // the newest review not yet final: its rejection, and four eyes while in review
  const open = sorted.find((r) => r.status !== 'final');
  if (open) {
    section.appendChild(h('p', { id: 'review-open', 'data-review': open.id }, h('strong', null, t('review.open', {
      date: fmtDate(open.date), result: enumLabel('review_result', open.result), status: enumLabel('analysis_status', open.status),
    }))));
    const rejected = rejectionNotice(open, 'reviews', 'review-rejection');
    if (rejected) section.appendChild(rejected);
    if (open.status === 'review' && mayWrite) {
      await approvalSection(ctx, section, {
        kind: 'reviews', record: open, rerender, level: 'h3', names: { measure: () => measure.name },
      });
      if (!ctx.alive()) return;
    }
  }
  if (!mayWrite) return;
  const formBox = h('div', { id: 'review-form-box' });
  section.appendChild(formBox);
  const draft = open && open.status === 'draft' ? open : null;
  if (draft) {
    section.insertBefore(h('div', { class: 'actions' }, h('button', {
      type: 'button', class: 'secondary', id: 'edit-review', 'data-review': draft.id,
      onclick: async (ev) => {
        // the list carries no version: the draft as it stands now
        ev.currentTarget.disabled = true;
        try {
          const record = await api.getRecord('reviews', draft.id);
          if (ctx.alive()) formBox.replaceChildren(reviewForm({ measure, user, processes, rerender, record }));
        } catch (err) {
          formBox.replaceChildren(alertBox('error', h('p', null, err.message)));
        }
      },
    }, t('review.edit_draft', { date: fmtDate(draft.date) }))), formBox);
  }
  formBox.appendChild(reviewForm({ measure, user, processes, rerender, record: null }));
}

// The form for a new review (record null) or to revise a draft one.
function reviewForm({ measure, user, processes, rerender, record }) {
  const isNew = !record;
  const firstProcess = processes.get((measure.processes || [])[0]);
  const owner = user.role === 'coordinator' ? measure.owner : user.org;
  const base = record || {
    id: null, measure: measure.id, date: todayIso(), method: null, result: null, findings: null, adjustment: null, follow_up: null,
    classification: measure.classification, owner: owner || firstProcess?.ministry, status: 'draft',
  };
  const { nodes, fields } = buildForm([
    { name: 'date', label: t('field.date'), type: 'date', required: true },
    { name: 'method', label: t('review.method'), type: 'select', values: METHODS, labelOf: (v) => enumLabel('review_method', v), required: true, empty: t('form.choose') },
    { name: 'result', label: t('review.result'), type: 'select', values: RESULTS, labelOf: (v) => enumLabel('review_result', v), required: true, empty: t('form.choose') },
    { name: 'findings', label: t('review.findings'), type: 'textarea', wide: true },
    { name: 'adjustment', label: t('review.adjustment'), type: 'textarea', wide: true, hint: t('review.adjustment_hint') },
    { name: 'follow_up', label: t('review.follow_up'), type: 'date', hint: t('review.follow_up_hint') },
  ], base, 'review');
  // a (partly) ineffective result asks for the adjustment and its follow-up
  const result = fields.get('result').control;
  const need = () => {
    for (const name of ['adjustment', 'follow_up']) {
      const f = fields.get(name);
      f.spec.required = NEEDS_ADJUSTMENT.has(result.value);
      f.control.required = f.spec.required;
    }
  };
  result.addEventListener('change', need);
  need();
  // which button submitted: to review (the default, also by Enter) or kept as draft
  let status = 'review';
  const box = h('div', { id: 'review-messages' });
  const sendBtn = h('button', { type: 'submit', id: 'save-review', onclick: () => { status = 'review'; } }, t('review.save'));
  const draftBtn = h('button', { type: 'submit', class: 'secondary', id: 'save-review-draft', onclick: () => { status = 'draft'; } }, t('review.save_draft'));
  const form = h('form', { id: 'review-form', novalidate: true, 'aria-labelledby': 'review-new-title', 'data-review': record ? record.id : null },
    h('h3', { id: 'review-new-title' }, isNew ? t('review.new') : t('review.edit', { date: fmtDate(record.date) })),
    h('p', { class: 'hint' }, t('review.four_eyes')), box,
    h('div', { class: 'form-grid' }, nodes), h('div', { class: 'actions' }, sendBtn, draftBtn));
  onSubmit(form, { fields, box, onReload: () => rerender(t('form.reloaded')) }, async () => {
    const values = readForm(fields, base);
    values.status = status; // draft or review: final only by approval (approval.js)
    await saveRecord('reviews', values, isNew);
    rerender(t(status === 'review' ? 'review.saved' : 'review.saved_draft'));
  });
  return form;
}
