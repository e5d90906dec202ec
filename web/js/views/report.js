// report.js — "Rapportage", the coordinator's screen for the yearly report
// to parliament (GET /api/v1/reports/annual): choose the year, the day the
// figures stand on and the language; the HTML version shows as a preview in
// a sandboxed frame (the report carries its own CSP: its styles render,
// nothing in it runs, only this UI may frame it), with links to download it
// as PDF, HTML or Markdown. Every report produced is audited by the server.
// Only in the coordinator's menu; the server answers 403 to anyone else.

import { h, field, options } from '../dom.js';
import { t } from '../i18n.js';
import { amsterdamYear } from '../calendar.js';

const FORMATS = ['pdf', 'html', 'md'];

function reportUrl(params) {
  return `/api/v1/reports/annual?${new URLSearchParams(params).toString()}`;
}

export async function render(ctx) {
  const { main, query, navigate } = ctx;
  const thisYear = amsterdamYear();
  const years = [];
  for (let y = thisYear; y >= thisYear - 10; y -= 1) years.push(String(y));
  const year = years.includes(query.get('year')) ? query.get('year') : String(thisYear - 1);
  const lang = query.get('lang') === 'en' ? 'en' : 'nl';
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(query.get('as_of') || '') ? query.get('as_of') : '';

  main.appendChild(h('h1', { tabindex: '-1' }, t('report.title')));
  main.appendChild(h('p', null, t('report.intro')));

  const yearSel = h('select', { id: 'report-year', name: 'year' }, ...options(years, year));
  const langSel = h('select', { id: 'report-lang', name: 'lang' },
    ...options(['nl', 'en'], lang, (v) => t(`report.lang_${v}`)));
  const asOfInput = h('input', { id: 'report-as-of', name: 'as_of', type: 'date', value: asOf });
  const form = h('form', { id: 'report-form', class: 'report-form' },
    field(t('report.year'), yearSel).field,
    field(t('report.as_of'), asOfInput, t('report.as_of_hint')).field,
    field(t('report.lang'), langSel).field,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'report-show' }, t('report.show'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams({ year: yearSel.value, lang: langSel.value });
    if (asOfInput.value) q.set('as_of', asOfInput.value);
    navigate(`#/report?${q.toString()}`);
  });
  main.appendChild(form);

  const params = { year, lang };
  if (asOf) params.as_of = asOf;
  main.appendChild(h('h2', null, t('report.download')));
  main.appendChild(h('ul', { class: 'report-downloads', id: 'report-downloads' },
    ...FORMATS.map((f) => h('li', null, h('a', {
      href: reportUrl({ ...params, format: f }),
      download: '',
      'data-format': f,
    }, t(`report.format_${f}`, { year }))))));

  main.appendChild(h('h2', null, t('report.preview')));
  main.appendChild(h('p', { class: 'hint' }, t('report.preview_hint')));
  const frame = h('iframe', {
    id: 'report-preview',
    class: 'report-preview',
    title: t('report.preview_title', { year }),
    src: reportUrl({ ...params, format: 'html', inline: 'true' }),
  });
  frame.setAttribute('sandbox', '');
  main.appendChild(frame);
  return undefined;
}
