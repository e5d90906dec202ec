// i18n_check.mjs — the two translation files against each other and the
// code, without a browser: nl.json and en.json hold the same keys, no value
// is empty, the {placeholders} of a key are the same in both languages, and
// every literal key the UI's code asks for (t('...')) exists, and every
// message id the server gives (error_set_msg(..., "id", "template", ...) in
// src/) has its error.<id> in both languages, using only {placeholders} the
// server fills in, and the history has a label for every field it may
// name. Prints "ok - / not ok -" lines like ui_test.mjs.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, summary } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');
const nl = JSON.parse(readFileSync(path.join(root, 'i18n/nl.json'), 'utf8'));
const en = JSON.parse(readFileSync(path.join(root, 'i18n/en.json'), 'utf8'));

const onlyNl = Object.keys(nl).filter((k) => !(k in en));
const onlyEn = Object.keys(en).filter((k) => !(k in nl));
check('nl.json and en.json hold the same keys', onlyNl.length === 0 && onlyEn.length === 0,
  `only in nl: ${onlyNl.join(', ')}\nonly in en: ${onlyEn.join(', ')}`);
const empty = Object.keys(nl).filter((k) => !nl[k] || !en[k]);
check('no translation is empty', empty.length === 0, empty.join(', '));
const holes = (s) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
const mismatched = Object.keys(nl).filter((k) => k in en && holes(nl[k]) !== holes(en[k]));
check('every key has the same {placeholders} in both languages', mismatched.length === 0, mismatched.join(', '));

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.js') ? [p] : [];
  });
}
const used = new Set();
for (const f of files(path.join(root, 'js'))) {
  for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([^']+)'/g)) used.add(m[1]);
}
const unknown = [...used].filter((k) => !(k in nl));
check(`every label the code names (${used.size}) is in the translation files`, unknown.length === 0, unknown.join(', '));

// The history (views/history.js) names every field of the records whose
// pages show it, and says the door and the kind of each version: each
// field of those kinds (docs/data-model.md) has its label, field.<name> or
// the screen's own label that history.js's LABELS table names.
const historyJs = readFileSync(path.join(root, 'js/views/history.js'), 'utf8');
const ownLabels = historyJs.split('const LABELS = {')[1].split('};')[0];
const model = readFileSync(path.resolve(root, '../docs/data-model.md'), 'utf8');
const unlabelled = [];
for (const kind of ['analyses', 'processes', 'measures', 'assessments', 'risks', 'reviews', 'fallback_options']) {
  const section = model.split(`\n## ${kind}\n`)[1].split('\n## ')[0];
  for (const m of section.matchAll(/^\| `(\w+)` \|/gm)) {
    const own = new RegExp(`'${kind}\\.${m[1]}': '([\\w.]+)'`).exec(ownLabels);
    if (!(own ? own[1] in nl : `field.${m[1]}` in nl)) unlabelled.push(`${kind}.${m[1]}`);
  }
}
const doors = ['via.api', 'via.cli', 'via.import', 'via.migration', 'op.create', 'op.update', 'op.delete', 'op.restore']
  .map((k) => `history.${k}`).filter((k) => !(k in nl));
check('the history has a label for every field of the records it shows, every door and every kind of version',
  unlabelled.length === 0 && doors.length === 0, [...unlabelled, ...doors].join(', '));

// The server's message ids: error_set_msg(e, code, where, "id", "template",
// name, value, ..., NULL): the 4th argument is the id, the 5th its template.
const src = path.resolve(root, '../src');
function cFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? cFiles(p) : p.endsWith('.c') ? [p] : [];
  });
}
// The top-level arguments of the call whose '(' is at text[open].
function callArgs(text, open) {
  const args = [];
  let depth = 0;
  let cur = '';
  for (let i = open + 1; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      cur += text.slice(i, j + 1);
      i = j;
    } else if (c === '(') { depth += 1; cur += c; } else if (c === ')') {
      if (depth === 0) { args.push(cur.trim()); return args; }
      depth -= 1; cur += c;
    } else if (c === ',' && depth === 0) { args.push(cur.trim()); cur = ''; } else cur += c;
  }
  return args;
}
const serverIds = new Map();
for (const f of cFiles(src)) {
  if (f.endsWith(path.join('base', 'error.c'))) continue;
  const text = readFileSync(f, 'utf8');
  for (const call of text.matchAll(/\berror_set_msg\(/g)) {
    const args = callArgs(text, call.index + call[0].length - 1);
    const id = /^"([a-z_]+)"$/.exec(args[3] || '');
    if (!id) continue;
    if (!serverIds.has(id[1])) serverIds.set(id[1], new Set());
    for (const m of String(args[4]).matchAll(/\{(\w+)\}/g)) serverIds.get(id[1]).add(m[1]);
  }
}
const untranslated = [...serverIds.keys()].filter((id) => !(`error.${id}` in nl));
check(`every message id the server gives (${serverIds.size}) is translated`,
  serverIds.size > 20 && untranslated.length === 0, untranslated.join(', '));
const unfilled = [...serverIds.entries()].filter(([id, given]) => `error.${id}` in nl &&
  [...String(nl[`error.${id}`]).matchAll(/\{(\w+)\}/g)].some((m) => !given.has(m[1])));
check('the translations use only the values the server gives', unfilled.length === 0,
  unfilled.map(([id]) => id).join(', '));
process.exit(summary() ? 0 : 1);
