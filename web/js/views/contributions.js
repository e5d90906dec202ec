// contributions.js — providers contribute, ministries decide
// (src/domain/contribution.h), on the analysis page: the contributions of
// the process's providers to this analysis, each with its text per topic
// and the risks it proposes, and for the responsible ministry (a department
// user of the process's ministry) or the coordinator, on a submitted
// contribution, a decision per open proposed risk: adopt it (it becomes a
// risk of this analysis, listed below on the page after the reload) or
// decline it with a reason (required, said beside the field when missing).
// The server still decides: a refusal (decided by someone else first, the
// analysis final) is shown as it comes, in the user's language. The section
// shows only what the user may read (the server filters), and nothing at
// all when there is no contribution. Each contribution's evidence (the
// files its provider attached) is listed with it (attachments.js).
// Each contribution has its comment thread, folded (comments.js).
// all when there is no contribution. An answer to a request for
// information (requests.js) is a contribution too, linked to its request.

import * as api from '../api.js';
import { h, table, badge, alertBox, announce } from '../dom.js';
import { t, fmtDateTime } from '../i18n.js';
import { reasonText } from './approval.js';
import { attachmentsSection } from './attachments.js';
import { commentsDisclosure } from './comments.js';

const TOPICS = ['policy_law', 'risk_management', 'business_continuity', 'sector_cooperation', 'incidents'];

// May the user decide on this process's contributions?
export function mayDecide(user, process) {
  return user.role === 'coordinator' || (user.role === 'department' && user.org === process.ministry);
}

// The refusal's words: the server's message id in the user's language.
function refusal(err) {
  if (err.status === 0) return t('common.network_error');
  if (err.status >= 500) return t('common.server_error');
  return err.body && err.body.message_id ? reasonText(err.body) : err.message;
}

function decisionCell(p) {
  if (p.decision === 'adopted') {
    return h('span', null, badge('proposal_decision', p.decision), ' ',
      t('contribution.became_risk', { risk: p.risk }));
  }
  if (p.decision === 'declined') {
    return h('span', null, badge('proposal_decision', p.decision), ' ',
      h('span', { class: 'decline-reason' }, t('contribution.reason_shown', { reason: p.reason || '' })));
  }
  return badge('proposal_decision', p.decision);
}

// The decision controls of one open proposed risk: adopt, or decline with
// a reason (a text field of its own, labelled by the scenario).
function decideControls(ctx, c, p, box, rerender) {
  const reasonId = `decline-reason-${p.id}`;
  const reason = h('textarea', { id: reasonId, rows: 2, 'aria-describedby': `${reasonId}-error` });
  const error = h('p', { id: `${reasonId}-error`, class: 'field-error', hidden: true });
  const adopt = h('button', { type: 'button', class: 'adopt', 'data-proposal': p.id }, t('contribution.adopt'));
  const decline = h('button', { type: 'button', class: 'danger decline', 'data-proposal': p.id }, t('contribution.decline'));
  const send = async (verb) => {
    error.hidden = true;
    reason.removeAttribute('aria-invalid');
    const body = { risk: p.id };
    if (verb === 'decline') {
      const text = reason.value.trim();
      if (!text) {
        error.textContent = t('contribution.reason_needed');
        error.hidden = false;
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      body.reason = text;
    }
    adopt.disabled = true;
    decline.disabled = true;
    try {
      await api.post(`/contributions/${encodeURIComponent(c.id)}/${verb}`, body);
      if (ctx.alive()) rerender(t(verb === 'adopt' ? 'contribution.adopted' : 'contribution.declined', { scenario: p.scenario }));
    } catch (err) {
      box.replaceChildren(alertBox('error', h('p', { class: 'contribution-refused', 'data-message-id': err.messageId || '' }, refusal(err))));
      box.querySelector('.alert').setAttribute('tabindex', '-1');
      box.querySelector('.alert').focus();
      announce(refusal(err));
    } finally {
      adopt.disabled = false;
      decline.disabled = false;
    }
  };
  adopt.addEventListener('click', () => send('adopt'));
  decline.addEventListener('click', () => send('decline'));
  return h('div', { class: 'proposal-decide' },
    adopt,
    h('label', { for: reasonId }, t('contribution.reason_label', { scenario: p.scenario })),
    reason, error, decline);
}

function contributionArticle(ctx, c, proposals, { orgs, threats, decides, rerender, user }) {
  const box = h('div', { class: 'contribution-messages' });
  const provider = orgs.get(c.provider)?.name || c.provider;
  const titleId = `contribution-title-${c.id}`;
  const open = c.status === 'submitted' && decides;
  return h('article', { class: 'contribution', id: `contribution-${c.id}`, 'data-status': c.status, 'aria-labelledby': titleId },
    h('h3', { id: titleId }, t('contribution.from', { provider }), ' ', badge('contribution_status', c.status)),
    c.submitted_at ? h('p', { class: 'hint' }, t('contribution.submitted', { user: c.submitted_by, when: fmtDateTime(c.submitted_at) })) : null,
    c.request ? h('p', { class: 'contribution-request' }, h('a', { href: `#/requests/${encodeURIComponent(c.request)}` },
      t('contribution.answers_request', { request: c.request }))) : null,
    c.summary ? h('p', null, c.summary) : null,
    h('dl', { class: 'facts' }, TOPICS.filter((topic) => (c.findings || {})[topic]).map((topic) => [
      h('dt', null, t(`topic.${topic}`)), h('dd', null, c.findings[topic]),
    ])),
    box,
    proposals.length === 0 ? h('p', { class: 'empty' }, t('contribution.no_proposals')) : table(t('contribution.proposals'), [
      { label: t('field.scenario') }, { label: t('field.threat') }, { label: t('field.likelihood') },
      { label: t('contribution.decision') },
    ], proposals.map((p) => [
      p.scenario,
      threats.get(p.threat)?.name || p.threat,
      p.likelihood,
      open && p.decision === 'open' ? decideControls(ctx, c, p, box, rerender) : decisionCell(p),
    ]), (i) => ({ 'data-proposal': proposals[i].id, 'data-decision': proposals[i].decision })),
    commentsDisclosure(ctx, { kind: 'contributions', id: c.id, user, label: t('comments.on_contribution') }));
}

// The section, appended to parent when the analysis has contributions the
// user may read.
export async function contributionsSection(ctx, parent, { record, process, user, orgs, threats, rerender }) {
  let contributions;
  try {
    contributions = await api.listAll('contributions', { analysis: record.id });
  } catch {
    return null; // the rest of the page stands without it
  }
  if (!ctx.alive() || contributions.length === 0) return null;
  const proposals = await Promise.all(contributions.map((c) =>
    api.listAll('proposed_risks', { contribution: c.id }).catch(() => [])));
  if (!ctx.alive()) return null;
  const decides = mayDecide(user, process);
  const articles = contributions.map((c, i) => contributionArticle(ctx, c, proposals[i], { orgs, threats, decides, rerender, user }));
  const section = h('section', { id: 'contributions', 'aria-labelledby': 'contributions-title' },
    h('h2', { id: 'contributions-title' }, t('contribution.title', { n: contributions.length })),
    h('p', null, t(decides ? 'contribution.intro_decide' : 'contribution.intro')),
    articles);
  parent.appendChild(section);
  // the provider's evidence with each contribution (written by the provider itself)
  await Promise.all(contributions.map((c, i) => attachmentsSection(ctx, articles[i], {
    kind: 'contributions', id: c.id, key: `contribution-${c.id}`, level: 'h4',
    writable: user.role === 'coordinator' || (user.role === 'provider' && user.org === c.owner),
  })));
  return section;
}
