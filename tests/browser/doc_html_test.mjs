// doc_html_test.mjs — the report renderers' standalone HTML (src/report/
// doc_html.c) in a real browser: the sample report that
// tests/unit/report/doc_test.c renders (Dutch and English), loaded as the
// file it is, must pass the same axe-core scan as the UI (WCAG 2.1 A and AA,
// no serious or critical finding), fetch nothing and run no script, reflow
// at 320 px without sideways scrolling (wide tables scroll in their own
// keyboard-reachable box), and reach every heading from the contents.
// tests/integration/browser_test.sh writes the samples into
// $VITAAL_DOC_SAMPLES; without them the suite says so and skips.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  launch, axe, shot, check, step, summary, ok,
} from './lib.mjs';

const dir = process.env.VITAAL_DOC_SAMPLES;
const files = ['nl', 'en'].map((l) => dir && path.join(dir, `sample-${l}.html`));
if (!files.every((f) => f && existsSync(f))) {
  ok(`# SKIP doc_html_test: no sample documents in ${dir || '$VITAAL_DOC_SAMPLES (unset)'}`);
  process.exit(summary() ? 0 : 1);
}

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const requests = [];
page.on('request', (req) => { if (!req.url().startsWith('file:')) requests.push(req.url()); });
const errors = [];
page.on('pageerror', (err) => errors.push(err.message));

for (const file of files) {
  const lang = path.basename(file, '.html').slice(-2);
  await step(`sample report (${lang})`, async () => {
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(pathToFileURL(file).href);
    check(`doc ${lang}: html lang is ${lang}`, await page.getAttribute('html', 'lang') === lang);
    check(`doc ${lang}: no script element`, await page.locator('script').count() === 0);
    await axe(page, `sample report (${lang})`);
    // every contents entry leads to a heading with that number
    const links = await page.$$eval('nav a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    check(`doc ${lang}: the contents list the headings`, links.length >= 3, links);
    for (const [href, text] of links) {
      const target = await page.$eval(`[id="${href.slice(1)}"]`, (h) => h.textContent).catch(() => null);
      check(`doc ${lang}: contents ${href} leads to "${text}"`, target === text, target);
    }
    check(`doc ${lang}: each chart is an image with a name`,
      await page.$$eval('svg', (ss) => ss.length > 0 && ss.every((s) => s.getAttribute('role') === 'img'
        && s.querySelector('title') && s.querySelector('title').textContent.length > 0)));
    await shot(page, `doc-sample-${lang}`);
    for (const width of [320, 375]) {
      await page.setViewportSize({ width, height: 700 });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(`doc ${lang}: no sideways scrolling at ${width} px`, wide <= 0, `${wide} px too wide`);
      await axe(page, `sample report (${lang}) at ${width} px`);
    }
    await shot(page, `doc-sample-${lang}-phone`);
  });
}
check('the sample documents fetched nothing', requests.length === 0, requests.join('\n'));
check('the sample documents raised no script error', errors.length === 0, errors.join('\n'));
await context.close();
process.exit(summary() ? 0 : 1);
