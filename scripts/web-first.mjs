// web-first.mjs — puts the first screen into the page itself (issue 13
// part 9: the dashboard's first load under 1 s on a slow mobile
// connection). On Chrome's "Slow 4G" every request costs 562.5 ms before
// its first byte, so the page cannot wait for a second file: what the
// dashboard needs to draw comes with the page. scripts/build-web.sh runs it
// on the build's web folder after the copy:
//
//   node scripts/web-first.mjs SRC WEB VENDOR_SED...
//
// SRC is the source folder (web/), WEB the build's (BUILD/web), each
// VENDOR_SED "NAME=NAME@VERSION" the versioned vendor paths build-web.sh
// puts in the copies. It writes into WEB:
//
// - index.html, where the block between <!-- first-screen:begin --> and
//   <!-- first-screen:end --> (the source's plain stylesheet links and
//   module script, which work unbuilt) is replaced by
//   - one inline <style>: the rules of the stylesheets that the first
//     screen's modules and the page use (a class is used when its name, or
//     a prefix of it completed in code, is written in those files, or when
//     it is a coded value the labels name: a badge's class is its value),
//     and the design tokens those rules need, followed through var();
//   - the stylesheets' addresses (a JSON data block, id "stylesheets"):
//     app.js links them when it starts (not render-blocking: made by a
//     script, not by the parser; not preloaded either, which would share
//     the connection's bandwidth with the page itself) and waits for them
//     before it draws any view but the dashboard;
//   - one inline <script type="module">: js/app.js and the dashboard's
//     view with everything they import, bundled by esbuild, which first
//     registers every module it holds under its URL
//     (globalThis.__vitaalModules) and then starts the UI;
// - js/FILE.js, for each module in that bundle, a module of a few lines
//   that exports the bundle's instance (the other views import those URLs:
//   one instance of each module, so one language, one session token);
// - index.labels.LANG.json: the labels those modules use (see 6. below),
//   which vitaal serve puts into the page in the user's language;
// - index.html.csp: the page's script-src and style-src, 'self' and the
//   SHA-256 of the inline script and style, which vitaal serve adds to the
//   page's Content-Security-Policy (no 'unsafe-inline').
//
// Without esbuild (node_modules missing) it exits 1 and leaves the page as
// the source has it: plain modules, slower but whole.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [src, web, ...vendorArgs] = process.argv.slice(2);
if (!src || !web) {
  console.error('usage: web-first.mjs SRC WEB [NAME=NAME@VERSION...]');
  process.exit(2);
}
let esbuild;
try {
  esbuild = await import(path.join(root, 'node_modules/esbuild/lib/main.js'));
} catch {
  console.error('web-first: esbuild is not installed (scripts/npm-install.sh); the page loads its modules one by one');
  process.exit(1);
}

const BEGIN = '<!-- first-screen:begin -->';
const END = '<!-- first-screen:end -->';
// the roots of the first screen: the UI (whose start() main.js calls
// unbuilt, the bundle here) and the dashboard's view
const ROOTS = ['js/app.js', 'js/views/dashboard.js'];
const vendor = vendorArgs.map((a) => a.split('='));
const versioned = (text) => vendor.reduce((s, [from, to]) => s.split(`/vendor/${from}/`).join(`/vendor/${to}/`), text);
const url = (rel) => `/assets/${rel}`;

// 1. which modules the first screen holds (the static imports of ROOTS)
const probe = await esbuild.build({
  entryPoints: ROOTS.map((r) => path.join(src, r)), bundle: true, format: 'esm', write: false,
  metafile: true, outdir: '/nonexistent', external: ['/vendor/*'], logLevel: 'silent', splitting: true,
});
const modules = Object.keys(probe.metafile.inputs)
  .map((p) => path.relative(src, path.resolve(p)))
  .filter((rel) => rel.startsWith('js/'))
  .sort();

// 2. what each exports (for its stand-in module)
const exportsOf = {};
for (const rel of modules) {
  const r = await esbuild.build({
    entryPoints: [path.join(src, rel)], bundle: false, format: 'esm', write: false, metafile: true,
    outdir: '/nonexistent', logLevel: 'silent',
  });
  exportsOf[rel] = Object.values(r.metafile.outputs)[0].exports;
  if (exportsOf[rel].includes('default')) throw new Error(`${rel}: a default export has no stand-in`);
}

// 3. the bundle: register every module, then start
const entry = [
  ...modules.map((rel, i) => `import * as m${i} from './${rel}';`),
  'globalThis.__vitaalModules = Object.freeze({',
  ...modules.map((rel, i) => `  ${JSON.stringify(url(rel))}: m${i},`),
  '});',
  `m${modules.indexOf('js/app.js')}.start();`,
].join('\n');
const bundled = await esbuild.build({
  stdin: { contents: entry, resolveDir: src, sourcefile: 'first-screen.js' },
  bundle: true, format: 'esm', minify: true, write: false, external: ['/vendor/*'],
  legalComments: 'none', logLevel: 'warning', target: 'es2022',
});
// an inline script ends at the first "</script" (any case)
const script = versioned(bundled.outputFiles[0].text).replace(/<\/(script)/gi, '<\\/$1');

// 4. the stand-ins
for (const rel of modules) {
  const names = exportsOf[rel];
  const text = [
    `// ${rel}: part of the first screen, which index.html carries inline`,
    '// (scripts/web-first.mjs); this is that instance, not a second copy.',
    `const m = globalThis.__vitaalModules[${JSON.stringify(url(rel))}];`,
    names.length ? `export const { ${names.join(', ')} } = m;` : 'export {};',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(web, rel), text);
}

// 5. the stylesheets the page links, and the rules the first screen uses
const page = fs.readFileSync(path.join(web, 'index.html'), 'utf8');
const b = page.indexOf(BEGIN);
const e = page.indexOf(END);
if (b < 0 || e < b) throw new Error('index.html: no first-screen block');
const block = page.slice(b, e);
const sheets = [...block.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)].map((m) => ({
  href: m[0].match(/href="([^"]+)"/)[1],
  id: (m[0].match(/\bid="([^"]+)"/) || [])[1],
}));
const sheetFile = (href) => path.join(web, href.startsWith('/assets/') ? href.slice(8) : href.slice(1));

const corpus = modules.map((rel) => fs.readFileSync(path.join(src, rel), 'utf8')).join('\n') + page;
// (and the coded values the labels name: a badge's class is its value,
// badge ${value}, which comes from the data)
const codedValues = JSON.parse(fs.readFileSync(path.join(src, 'i18n', 'en.json'), 'utf8'));
const words = new Set([...corpus.match(/[A-Za-z_][A-Za-z0-9_-]*/g),
  ...Object.keys(codedValues).filter((k) => k.startsWith('enum.')).map((k) => k.split('.').slice(2).join('.'))]);
// class names made in code: `utrecht-button--${appearance}`, 'cat-' + x
const prefixes = [...new Set([...corpus.matchAll(/([A-Za-z_][A-Za-z0-9_-]*-)(?:\$\{|['"] *\+)/g)].map((m) => m[1]))];
const classUsed = (c) => words.has(c) || prefixes.some((p) => c.startsWith(p));

// a stylesheet as rules: { prelude, body } where body is text (a style
// rule, @font-face...), an array of rules (@media, @supports, @layer,
// @container) or null (a statement such as @import)
function parse(css, at = 0) {
  const rules = [];
  let i = at;
  while (i < css.length) {
    while (i < css.length && /\s/.test(css[i])) i += 1;
    if (i >= css.length) break;
    if (css[i] === '}') return [rules, i + 1];
    let j = i;
    while (j < css.length && css[j] !== '{' && css[j] !== ';') j += 1;
    const prelude = css.slice(i, j).trim();
    if (css[j] === ';') { rules.push({ prelude, body: null }); i = j + 1; continue; }
    if (/^@(media|supports|layer|container)\b/.test(prelude)) {
      const [inner, next] = parse(css, j + 1);
      rules.push({ prelude, body: inner });
      i = next;
      continue;
    }
    let depth = 1;
    let k = j + 1;
    while (depth && k < css.length) {
      if (css[k] === '{') depth += 1;
      else if (css[k] === '}') depth -= 1;
      k += 1;
    }
    rules.push({ prelude, body: css.slice(j + 1, k - 1) });
    i = k;
  }
  return [rules, i];
}
// The design system's components that the first screen never draws,
// although dom.js (in the bundle) can make each of them: their rules
// arrive with the whole stylesheets. The browser test that draws the
// dashboard with only the page's own rules (tests/browser/first_load_test.mjs)
// fails when one of them appears on it after all.
const NOT_ON_FIRST_SCREEN = ['utrecht-select', 'utrecht-textarea', 'utrecht-checkbox', 'utrecht-radio-button',
  'utrecht-form-fieldset', 'ams-pagination', 'utrecht-accordion'];
const drawn = (c) => !NOT_ON_FIRST_SCREEN.some((f) => c === f || c.startsWith(`${f}_`) || c.startsWith(`${f}-`));
const selectorUsed = (sel) => [...sel.matchAll(/\.([A-Za-z_][A-Za-z0-9_-]*)/g)]
  .every((m) => classUsed(m[1]) && drawn(m[1]));
function keepUsed(rules) {
  let out = '';
  for (const { prelude, body } of rules) {
    if (body === null) out += `${prelude};`;
    else if (Array.isArray(body)) { const inner = keepUsed(body); if (inner) out += `${prelude}{${inner}}`; }
    else if (prelude.startsWith('@')) out += `${prelude}{${body}}`;
    else {
      const sels = prelude.split(',').filter(selectorUsed);
      if (sels.length) out += `${sels.join(',')}{${body}}`;
    }
  }
  return out;
}
// the design tokens (custom properties only): those the kept rules and
// the modules name, and those their values name, to the end
function keepTokens(rules, needed) {
  let out = '';
  for (const { prelude, body } of rules) {
    if (body === null) continue;
    if (Array.isArray(body)) { const inner = keepTokens(body, needed); if (inner) out += `${prelude}{${inner}}`; continue; }
    const decls = body.split(';').filter((d) => {
      const name = d.trim().split(':')[0].trim();
      return d.trim() && (!name.startsWith('--') || needed.has(name));
    });
    if (decls.length) out += `${prelude}{${decls.join(';')}}`;
  }
  return out;
}
const isTokens = (text) => {
  const rules = parse(text)[0];
  return rules.length > 0 && rules.every((r) => typeof r.body === 'string' &&
    r.body.split(';').every((d) => !d.trim() || d.trim().startsWith('--')));
};
const kept = [];
const tokenSheets = [];
for (const s of sheets) {
  const text = fs.readFileSync(sheetFile(s.href), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  if (isTokens(text)) { tokenSheets.push(text); kept.push(null); } else kept.push(keepUsed(parse(text)[0]));
}
const declared = new Map(); // token -> the tokens its values name
for (const text of tokenSheets) {
  for (const m of text.matchAll(/(--[A-Za-z0-9_-]+)\s*:\s*([^;}]*)/g)) {
    const refs = declared.get(m[1]) || [];
    refs.push(...[...m[2].matchAll(/var\(\s*(--[A-Za-z0-9_-]+)/g)].map((r) => r[1]));
    declared.set(m[1], refs);
  }
}
const needed = new Set([...(kept.join('') + corpus).matchAll(/(--[A-Za-z0-9_-]+)/g)].map((m) => m[1]));
for (const todo = [...needed]; todo.length;) {
  for (const ref of declared.get(todo.pop()) || []) if (!needed.has(ref)) { needed.add(ref); todo.push(ref); }
}
let ti = 0;
// (white space around { } ; never matters outside strings, which these
// sheets hold only as font names)
const style = sheets.map((s, i) => (kept[i] === null ? keepTokens(parse(tokenSheets[ti++])[0], needed) : kept[i]))
  .join('\n').replace(/\s+/g, ' ').replace(/ ?([{};]) ?/g, '$1').replace(/<\/(style)/gi, '<\\/$1');

// 6. the first screen's labels, per language: the keys its modules write
// out ('dashboard.title'), those under a prefix they complete in code
// (`dashboard.clock_${...}`, 'visibility.what.' + x) and the coded values
// of every group they name (enumLabel('measure_status', s), badge('clock',
// c): enum.measure_status.*, enum.clock.*); not the server's error texts
// (the server's own message stands in until all labels are in)
const dictionaries = fs.readdirSync(path.join(src, 'i18n')).filter((f) => f.endsWith('.json'));
const moduleText = modules.map((rel) => fs.readFileSync(path.join(src, rel), 'utf8')).join('\n');
const KEY = '[a-z_][a-z0-9_]*\\.[A-Za-z0-9_.-]*';
const literal = new Set([...moduleText.matchAll(new RegExp(`['"\`](${KEY})['"\`]`, 'g'))].map((m) => m[1]));
const groupNames = [...new Set([...moduleText.matchAll(/'([a-z_]+)'/g)].map((m) => `enum.${m[1]}.`))];
const keyPrefixes = [...groupNames, ...[...moduleText.matchAll(new RegExp(`\`(${KEY})\\$\\{|'(${KEY})' *\\+`, 'g'))]
  .map((m) => m[1] || m[2])].filter((p) => !p.startsWith('error.') && p !== 'enum.');
for (const file of dictionaries) {
  const all = JSON.parse(fs.readFileSync(path.join(src, 'i18n', file), 'utf8'));
  const labels = Object.fromEntries(Object.entries(all)
    .filter(([k]) => literal.has(k) || keyPrefixes.some((p) => k.startsWith(p))));
  fs.writeFileSync(path.join(web, `index.labels.${file}`), JSON.stringify(labels));
}

// 7. the page
const first = [
  '<!-- the first screen (scripts/web-first.mjs): the rules it uses, its modules in one script -->',
  `  <style>${style}</style>`,
  `  <script type="application/json" id="stylesheets">${JSON.stringify(sheets)}</script>`,
  `  <script type="module">${script}</script>`,
].join('\n');
// the page's own comments are for its readers, not its users (the
// marker where vitaal serve puts the reads stays)
const uncommented = (html) => html.replace(/<!--(?! first-reads -->)[\s\S]*?-->\s*/g, '');
fs.writeFileSync(path.join(web, 'index.html'),
  uncommented(page.slice(0, b)) + first + uncommented(page.slice(e + END.length)));
const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
fs.writeFileSync(path.join(web, 'index.html.csp'),
  `script-src 'self' ${sha(script)}; style-src 'self' ${sha(style)}\n`);
console.log(`web-first: ${modules.length} modules in the page (${script.length} bytes), ` +
  `${style.length} bytes of styles of ${sheets.map((s) => path.basename(path.dirname(s.href)) + '/' + path.basename(s.href)).join(', ')}`);
