// fallback_need.js — "is a fallback option needed?" in the resilience
// analysis (weerbaarheidsanalyse): the server's answer for the analysed
// process (GET /api/v1/fallback-need?process=ID, docs/method.md), said in
// the user's language from its fields: the verdict, the tolerable downtime
// of the category against the longest stop when an input is lost without a
// fallback of its own, the reach of the process's failure, whether the
// available fallbacks cover the gap, per input the hours down without and
// with fallbacks, per scenario of the process's own failure (its risks that
// say how long it is down, or the default loss of its own digital systems)
// the hours down without and with the option that bridges it, and per
// fallback option whether it is proportionate, the analyst's decision beside
// it (flagged where the engine contradicts it) and the measure chosen
// instead of one judged not proportionate. The
// rule itself lives in the server (src/domain/fallback_need.c), never here;
// the server's English "explanation" is not shown. The options themselves
// are added and changed on the process page (fallbacks.js), linked here.

import * as api from '../api.js';
import { h, table, alertBox, empty } from '../dom.js';
import { t, enumLabel, fmtNumber, fmtAmount } from '../i18n.js';

const VERDICT_CLASS = { needed: 'error', advisable: 'warning', 'not needed': 'success' };
const EUR = { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 };

// The verdict and its reasons as paragraphs.
function verdict(report, p) {
  const worst = p.inputs.reduce((m, i) => (i.down_h > m.down_h ? i : m), { down_h: 0, dependency: null });
  const parts = [
    h('p', null, h('strong', { id: 'fallback-need-verdict', 'data-need': p.need }, t(`fallback_need.verdict.${p.need.replace(' ', '_')}`)), ' ',
      p.tolerable_source === 'process'
        ? t('fallback_need.tolerable_own', { hours: fmtNumber(p.tolerable_h) })
        : t('fallback_need.tolerable', { category: enumLabel('category', p.category), hours: fmtNumber(p.tolerable_h) }), ' ',
      t('fallback_need.worst', { outage: fmtNumber(report.outage_h), hours: fmtNumber(worst.down_h) }), ' ',
      ownFailure(p), ' ',
      t('fallback_need.reach', { n: fmtNumber(p.reach), outage: fmtNumber(report.outage_h) })),
  ];
  if (p.gap) {
    parts.push(h('p', { id: 'fallback-need-covered' },
      t(p.covered ? 'fallback_need.covered' : 'fallback_need.not_covered')));
  }
  return alertBox(VERDICT_CLASS[p.need] || 'info', ...parts);
}

// The longest stop when the process fails itself, in a sentence.
function ownFailure(p) {
  const w = (p.scenarios || []).reduce((m, s) => (m == null || s.down_h > m.down_h ? s : m), null);
  if (!w) return '';
  return w.risk == null
    ? t('fallback_need.own_default', { outage: fmtNumber(w.outage_h), hours: fmtNumber(w.down_h), with: fmtNumber(w.down_h_with_fallbacks) })
    : t('fallback_need.own_risk', { outage: fmtNumber(w.outage_h), hours: fmtNumber(w.down_h), with: fmtNumber(w.down_h_with_fallbacks) });
}

// The analyst's stored decision on an option (needed, proportionate) and,
// where the engine's verdict contradicts it, a warning saying which.
function decision(o) {
  const parts = [t(`fallback_need.stored_needed.${o.stored_needed || 'unknown'}`)];
  if (o.stored_proportionate != null) parts.push(t(o.stored_proportionate ? 'fallback_need.stored_proportionate' : 'fallback_need.stored_disproportionate'));
  const cell = h('span', null, parts.join('; '));
  if (!o.disagrees || o.disagrees.length === 0) return cell;
  return h('span', null, cell, ' ', h('strong', { class: 'disagrees', 'data-disagrees': o.disagrees.join(' ') },
    t('fallback_need.disagrees', { what: o.disagrees.map((d) => t(`fallback_need.disagrees.${d}`)).join(', ') })));
}

// Appends the section to parent and fills it when the server answers.
// manageLink: false on the process page itself, where the options are.
export function fallbackNeedSection(ctx, parent, { process, manageLink = true }) {
  const body = h('div', { id: 'fallback-need-body', 'aria-busy': 'true' }, h('p', null, t('common.loading')));
  parent.appendChild(h('section', { 'aria-labelledby': 'fallback-need-title', id: 'fallback-need' },
    h('h2', { id: 'fallback-need-title' }, t('fallback_need.title')),
    h('p', null, t('fallback_need.intro')), body));
  Promise.all([
    api.get(`/fallback-need${api.query({ process: process.id })}`),
    api.listAll('dependencies', { process: process.id }),
    api.listAll('fallback_options', { process: process.id }),
    api.listAll('measures', { processes: process.id }),
  ]).then(([report, deps, options, measures]) => {
    if (!ctx.alive()) return;
    const p = report.processes.find((x) => x.id === process.id);
    body.removeAttribute('aria-busy');
    if (!p) {
      body.replaceChildren(empty(t('fallback_need.none')));
      return;
    }
    const depById = new Map(deps.map((d) => [d.id, d]));
    const optById = new Map(options.map((o) => [o.id, o]));
    // an option by its kind and description, not its id (kept in data-fallback)
    const optText = (id) => {
      const o = optById.get(id);
      if (!o) return t('dependency.hidden_fallback');
      return o.description ? `${enumLabel('fallback_kind', o.kind)}: ${o.description}` : enumLabel('fallback_kind', o.kind);
    };
    const optLabel = (id) => h('span', { 'data-fallback': id }, optText(id));
    const yes = (b) => (b ? t('common.yes') : t('common.no'));
    const measureName = new Map(measures.map((m) => [m.id, m.name]));
    body.replaceChildren(verdict(report, p), manageLink ? h('p', null, h('a', {
      href: `#/processes/${encodeURIComponent(process.id)}`, id: 'fallback-need-manage',
    }, t('fallback_need.manage', { name: process.name }))) : '');
    body.appendChild(p.inputs.length === 0 ? empty(t('fallback_need.no_inputs')) : table(
      t('fallback_need.inputs_caption', { outage: fmtNumber(report.outage_h) }), [
        { label: t('field.dependency'), rowHeader: true }, { label: t('field.fallback') },
        { label: t('fallback_need.down_without'), num: true }, { label: t('fallback_need.down_with'), num: true },
        { label: t('fallback_need.gap') }, { label: t('fallback_need.is_covered') },
      ], p.inputs.map((i) => [
        depById.get(i.dependency)?.description || i.dependency,
        i.fallback ? optLabel(i.fallback) : t('common.none'),
        fmtNumber(i.down_h), fmtNumber(i.down_h_with_fallbacks), yes(i.gap), i.gap ? yes(i.covered) : t('common.none'),
      ]), (n) => ({ 'data-dependency': p.inputs[n].dependency })));
    const scenarios = p.scenarios || [];
    if (scenarios.length) {
      body.appendChild(table(t('fallback_need.scenarios_caption'), [
        { label: t('fallback_need.scenario'), rowHeader: true }, { label: t('fallback_need.own_systems') },
        { label: t('fallback_need.outage'), num: true }, { label: t('field.fallback') },
        { label: t('fallback_need.down_without'), num: true }, { label: t('fallback_need.down_with'), num: true },
        { label: t('fallback_need.gap') }, { label: t('fallback_need.is_covered') },
      ], scenarios.map((sc) => [
        sc.risk == null ? t('fallback_need.scenario_default') : sc.risk,
        yes(sc.own_systems), fmtNumber(sc.outage_h),
        sc.fallback ? h('span', null, optLabel(sc.fallback), sc.fallback_available ? '' : ` — ${t('fallback_need.not_available')}`) : t('common.none'),
        fmtNumber(sc.down_h), fmtNumber(sc.down_h_with_fallbacks), yes(sc.need), sc.need ? yes(sc.covered) : t('common.none'),
      ]), (n) => ({ 'data-scenario': scenarios[n].risk ?? 'default' })));
    }
    if (p.options.length) {
      body.appendChild(table(t('fallback_need.options_caption', { eur: fmtNumber(report.proportionate_eur_per_down_hour, EUR) }), [
        { label: t('field.fallback'), rowHeader: true }, { label: t('field.available') },
        { label: t('fallback_need.cost'), num: true }, { label: t('fallback_need.saved'), num: true },
        { label: t('fallback_need.eur_per_hour'), num: true }, { label: t('fallback_need.judgement') },
        { label: t('fallback_need.decision') }, { label: t('field.alternative_measure') },
      ], p.options.map((o) => [
        optLabel(o.id), yes(o.available),
        o.cost_eur != null ? fmtAmount(o.cost_eur) : t('common.none'),
        fmtNumber(o.saved_down_hours),
        o.eur_per_down_hour != null ? fmtNumber(o.eur_per_down_hour, EUR) : t('common.none'),
        t(`fallback_need.judgement.${o.judgement.replace(/ /g, '_')}`),
        decision(o),
        o.alternative_measure ? h('span', { 'data-alternative': o.alternative_measure }, measureName.get(o.alternative_measure) || o.alternative_measure) : t('common.none'),
      ]), (n) => ({ 'data-option': p.options[n].id })));
    }
  }).catch((err) => {
    if (!ctx.alive()) return;
    body.removeAttribute('aria-busy');
    body.replaceChildren(alertBox('error', h('p', null, err.message)));
  });
}
