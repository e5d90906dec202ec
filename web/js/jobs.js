// jobs.js — a long computation the server runs as a job (a POST that answers
// 202 with Location: /api/v1/jobs/ID; the criticality ranking, what-if),
// shown while it runs: its phase and percentage in words, a progress bar
// that carries aria-valuenow, and a Cancel button that DELETEs the job.
// Screen readers hear the phase politely when it changes and every quarter
// of the way, not every poll. When the job was cancelled (here, in another
// tab, or by a coordinator) the place says so, naming who, and runJob
// resolves to null.

import * as api from './api.js';
import { h, announce } from './dom.js';
import { t, has, fmtNumber } from './i18n.js';

const phaseLabel = (phase) => (phase && has(`jobs.phase.${phase}`) ? t(`jobs.phase.${phase}`) : (phase || t('jobs.queued')));

// Runs the job at location in place (an element whose children it replaces
// while the job runs): label names the bar ("Progress of the comparison"),
// intro the paragraph above it, signal (optional) ends the wait and cancels
// the job when the view is left. Resolves to the job's result, or null when
// it was cancelled; rejects with the job's error (ApiError) otherwise.
export async function runJob(place, location, { label, intro, signal } = {}) {
  const path = location.replace(/^\/api\/v1/, '');
  const id = path.split('/').pop();
  const bar = h('progress', {
    class: 'job-progress', max: 100, value: 0, 'aria-label': label,
    'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0,
  });
  const words = h('p', { class: 'job-phase', 'aria-live': 'polite', 'data-job': id }, t('jobs.queued'));
  const cancel = h('button', { type: 'button', class: 'secondary', 'data-cancel-job': id }, t('jobs.cancel'));
  let cancelling = false;
  const sendCancel = async () => {
    if (cancelling) return;
    cancelling = true;
    cancel.disabled = true;
    words.textContent = t('jobs.cancelling');
    try { await api.del(path); } catch (err) { /* finished meanwhile: the poll says how */ }
  };
  cancel.addEventListener('click', sendCancel);
  place.replaceChildren(...(intro ? [h('p', null, intro)] : []), bar, words, h('div', { class: 'actions' }, cancel));

  let lastPhase = null;
  let lastQuarter = -1;
  const onProgress = (p, job) => {
    const percent = Math.max(0, Math.min(100, Math.round((job && job.percent) ?? p * 100)));
    bar.value = percent;
    bar.setAttribute('aria-valuenow', String(percent));
    bar.setAttribute('aria-valuetext', `${fmtNumber(percent)} %`);
    if (cancelling) return;
    const phase = job && job.status === 'running' ? job.phase : null;
    const quarter = Math.floor(percent / 25);
    // the words change (and are announced) with the phase and each quarter
    if (phase !== lastPhase || quarter !== lastQuarter) {
      words.textContent = job && job.status === 'queued' ? t('jobs.queued')
        : t('jobs.phase_percent', { phase: phaseLabel(phase), percent: fmtNumber(percent) });
      lastPhase = phase;
      lastQuarter = quarter;
    }
  };
  const onAbort = () => { sendCancel(); };
  if (signal) signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await api.waitForJob(location, onProgress, signal);
  } catch (err) {
    if (err.messageId === 'job_cancelled') {
      if (signal && signal.aborted) return null;
      // "The job was cancelled by NAME." (the server names who)
      place.replaceChildren(h('p', { class: 'job-cancelled' }, err.message));
      announce(err.message);
      return null;
    }
    throw err;
  } finally {
    if (signal) signal.removeEventListener('abort', onAbort);
  }
}
