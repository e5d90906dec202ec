// i18n_check.mjs — the two translation files against each other and the
// code, without a browser: nl.json and en.json hold the same keys, no value
// is empty, the {placeholders} of a key are the same in both languages, and
// every literal key the UI's code asks for (t('...')) exists. Prints
// "ok - / not ok -" lines like ui_test.mjs.

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
process.exit(summary() ? 0 : 1);
