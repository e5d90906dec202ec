// ui_load.mjs — the first load of the dashboard over a slow network
// (issue 13 part 9), measured in Debian's chromium through playwright-core
// with Chromium's own network emulation (CDP Network.emulateNetworkConditions)
// at Chrome DevTools' presets. scripts/bench-ui.sh starts the server and
// runs it; it prints one JSON line per measurement.
//
// A load is: a new browser context (empty cache) already holding the
// session cookie (the login itself is not timed), navigate to
// /#/dashboard, and wait until the dashboard is drawn (body[data-view=
// "dashboard"][data-ready="1"], its charts included). "repeat" is the same
// in the same context again: the UI's own files answer 304, the versioned
// vendor files come from the cache (immutable). "identity" asks for no
// compression (Accept-Encoding: identity), to show what it saves.
//
// Env: VITAAL_URL, VITAAL_USER, VITAAL_PASSWORD, VITAAL_CHROMIUM, RUNS (3).

import { chromium } from 'playwright-core';

const BASE = process.env.VITAAL_URL;
const RUNS = Number(process.env.RUNS || 3);
// Chrome DevTools' presets (devtools-frontend, NetworkManager): throughput
// in bytes per second, latency in ms added to every request
const PRESETS = {
  'Slow 4G': { download: 1.6 * 1000 * 1000 / 8 * 0.9, upload: 750 * 1000 / 8 * 0.9, latency: 150 * 3.75 },
  'Fast 4G': { download: 9 * 1000 * 1000 / 8 * 0.9, upload: 1.5 * 1000 * 1000 / 8 * 0.9, latency: 60 * 2.75 },
};

async function load(context, preset, identity) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const p = PRESETS[preset];
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: p.latency, downloadThroughput: p.download, uploadThroughput: p.upload,
    connectionType: 'cellular4g',
  });
  if (identity) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (ev) => { bytes += ev.encodedDataLength; requests += 1; });
  const start = Date.now();
  await page.goto(`${BASE}/#/dashboard`);
  await page.waitForFunction(() => document.body.dataset.view === 'dashboard' && document.body.dataset.ready === '1',
    null, { timeout: 120000, polling: 20 });
  const ms = Date.now() - start;
  await page.waitForTimeout(200); // let the last loadingFinished events arrive
  await page.close();
  return { ms, bytes, requests };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.VITAAL_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    for (const preset of Object.keys(PRESETS)) {
      for (const mode of ['first', 'repeat', 'identity']) {
        const results = [];
        for (let i = 0; i < RUNS; i++) {
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          const login = await context.request.post(`${BASE}/api/v1/session`, {
            data: { username: process.env.VITAAL_USER, password: process.env.VITAAL_PASSWORD },
          });
          if (!login.ok()) throw new Error(`login: ${login.status()}`);
          if (mode === 'repeat') await load(context, preset, false); // fills the cache
          results.push(await load(context, preset, mode === 'identity'));
          await context.close();
        }
        results.sort((a, b) => a.ms - b.ms);
        const median = results[Math.floor(results.length / 2)];
        console.log(JSON.stringify({ preset, mode, ...median, runs: results.map((r) => r.ms), ...PRESETS[preset] }));
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
