// assessments.js — a process's vitaalbeoordelingen (assessments) on its
// page, with four eyes (approval.js): every assessment with its status and
// decision (who approved it, when, with what comment; a rejection's
// reason). An assessment goes draft -> review -> final, and only a final
// one is the process's vitaalbeoordeling (the server's assess_latest); the
// one `POST /api/v1/assess` writes is in review. The newest assessment not
// yet final gets, while in review, the approval panel (the server says who
// may decide: not its author, only the responsible ministry or the
// coordinator); as a draft (sent back by a rejection), its author may send
// it for review again, or record new estimates instead (assess.js).

import * as api from '../api.js';
import { h, table, badge, alertBox } from '../dom.js';
import { t, enumLabel, fmtDate } from '../i18n.js';
import { saveRecord } from '../form.js';
import { approvalSection, approvalFacts, rejectionNotice } from './approval.js';

// What was decided about an assessment, for its row.
function decision(a) {
  if (a.status === 'final') return approvalFacts(a, null) || t('assessments.final_before');
  if (a.rejection) return h('span', { class: 'rejection' }, h('strong', null, t('approval.rejected_label')), ' ', a.rejection);
  return a.status === 'review' ? t('assessments.waiting') : t('assessments.draft');
}

// Appends the section to parent; sorted: the process's assessments,
// newest first. writable: the user may write here.
export async function assessmentsSection(ctx, parent, { processes, sorted, writable, rerender }) {
  const user = ctx.user;
  const section = h('section', { id: 'assessments', 'aria-labelledby': 'assessments-title' },
    h('h2', { id: 'assessments-title' }, t('assessments.title')),
    h('p', null, t('assessments.intro')));
  parent.appendChild(section);
  if (sorted.length === 0) return;
  section.appendChild(table(null, [
    { label: t('field.date'), rowHeader: true }, { label: t('field.category') }, { label: t('field.assessor') },
    { label: t('field.status') }, { label: t('review.decision') },
  ], sorted.map((a) => [
    fmtDate(a.date), enumLabel('category', a.category), a.assessor, badge('analysis_status', a.status), decision(a),
  ]), (i) => ({ 'data-assessment': sorted[i].id, 'data-status': sorted[i].status })));

  const open = sorted.find((a) => a.status !== 'final');
  if (!open) return;
  section.appendChild(h('p', { id: 'assessment-open', 'data-assessment': open.id }, h('strong', null, t('assessments.open', {
    date: fmtDate(open.date), category: enumLabel('category', open.category), status: enumLabel('analysis_status', open.status),
  }))));
  const rejected = rejectionNotice(open, 'assessments', 'assessment-rejection');
  if (rejected) section.appendChild(rejected);
  if (open.status === 'review' && (writable || user.role === 'coordinator')) {
    await approvalSection(ctx, section, {
      kind: 'assessments', record: open, rerender, level: 'h3', names: { process: (id) => processes.get(id) || null },
    });
    return;
  }
  if (open.status === 'draft' && writable) {
    const box = h('div', { id: 'assessment-open-messages' });
    const send = h('button', {
      type: 'button', class: 'secondary', id: 'assessment-to-review', 'data-assessment': open.id,
      onclick: async () => {
        send.disabled = true;
        try {
          // the list carries no version: the record as it stands now
          const current = await api.getRecord('assessments', open.id);
          await saveRecord('assessments', { ...current, status: 'review' }, false);
          rerender(t('assessments.sent'));
        } catch (err) {
          box.replaceChildren(alertBox('error', h('p', null, err.message)));
          send.disabled = false;
        }
      },
    }, t('assessments.to_review'));
    section.appendChild(box);
    section.appendChild(h('div', { class: 'actions' }, send));
  }
}
