// ui_load.mjs — the first load of the dashboard over a slow network
// (issue 13 part 9), measured in Debian's chromium through playwright-core
// with Chromium's own network emulation (CDP Network.emulateNetworkConditions)
// at Chrome DevTools' presets. scripts/bench-ui.sh starts the server and
// runs it; it prints one JSON line per measurement.
//
// A load is: a new browser context (empty cache) already holding the
// session cookie (the login itself is not timed), navigate to
// /#/dashboard, and time, from the start of the navigation as the page
// itself measures it (performance.now()), the first frame in which the
// dashboard is drawn (after body[data-view="dashboard"][data-ready="1"])
// and the moment its charts are drawn too ([data-charts="1"]). "repeat" is the same
// in the same context again: the UI's own files answer 304, the versioned
// vendor files come from the cache (immutable). "identity" asks for no
// compression (Accept-Encoding: identity), to show what it saves.
//
// It also prints (on stderr) the request waterfall of the first run of each
// load: every request's start and end, what started it and its depth.
//
// Env: VITAAL_URL, VITAAL_USER, VITAAL_PASSWORD, VITAAL_CHROMIUM, RUNS (3),
// ONLY (one preset), MODES (first repeat identity).

import { chromium } from 'playwright-core';

const BASE = process.env.VITAAL_URL;
const RUNS = Number(process.env.RUNS || 3);
// for a quick look: one preset (ONLY="Slow 4G"), some loads (MODES=first)
const ONLY = process.env.ONLY || '';
const MODES = (process.env.MODES || 'first repeat identity').split(/[ ,]+/).filter(Boolean);
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
  const reqs = new Map(); // requestId -> { url, start, end, initiator }
  cdp.on('Network.requestWillBeSent', (ev) => {
    if (reqs.has(ev.requestId)) return; // a redirect: the same request
    const ini = ev.initiator || {};
    const frame = ini.stack && ini.stack.callFrames && ini.stack.callFrames[0];
    reqs.set(ev.requestId, {
      url: ev.request.url, start: ev.timestamp, end: null, type: ini.type,
      by: ini.url || (frame && frame.url) || (ini.stack && ini.stack.parent && ini.stack.parent.callFrames[0]
        && ini.stack.parent.callFrames[0].url) || '',
    });
  });
  const finished = (ev) => { const r = reqs.get(ev.requestId); if (r && r.end === null) r.end = ev.timestamp; };
  cdp.on('Network.loadingFinished', (ev) => { bytes += ev.encodedDataLength; requests += 1; finished(ev); });
  cdp.on('Network.loadingFailed', finished);
  // the times are the page's own, from the start of the navigation: the
  // dashboard drawn (the first frame after it says data-ready="1": laid
  // out and painted) and its charts drawn (data-charts="1", which follow
  // when their library has come)
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const b = document.body;
      if (b && b.dataset.view === 'dashboard' && b.dataset.ready === '1' && !window.__drawnAt) {
        window.__drawnAt = -1;
        requestAnimationFrame(() => setTimeout(() => { window.__drawnAt = performance.now(); }, 0));
      }
      if (document.querySelector('[data-charts="1"]') && !window.__chartsAt) window.__chartsAt = performance.now();
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready', 'data-charts'] });
  });
  await page.goto(`${BASE}/#/dashboard`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__drawnAt > 0 && window.__chartsAt, null, { timeout: 120000, polling: 20 });
  const t = await page.evaluate(() => ({ drawn: window.__drawnAt, charts: window.__chartsAt }));
  const ms = Math.round(t.drawn);
  await page.waitForTimeout(200); // let the last loadingFinished events arrive
  await page.close();
  return { ms, charts: Math.round(t.charts), bytes, requests, ...waterfall([...reqs.values()], ms) };
}

// The request waterfall: each request's start and end (ms after the first
// request), who started it (the document or module whose parsing or code
// asked for it) and its depth: how many round trips had to follow one
// another before it could start. A request's depth is one more than the
// deepest request that ended before it started (what it can have waited
// for) or than the request that started it; "depth" is that of the
// deepest request the load needed: the
// number of network round trips in a row before the dashboard was drawn.
function waterfall(list, readyMs) {
  // data: URLs (images inside a stylesheet) cross no network
  list = list.filter((r) => r.end !== null && !r.url.startsWith('data:')).sort((a, b) => a.start - b.start);
  if (list.length === 0) return { depth: 0, chain: [] };
  const t0 = list[0].start;
  const rows = list.map((r) => ({
    path: r.url.replace(/^https?:\/\/[^/]+/, ''), start: Math.round((r.start - t0) * 1000),
    end: Math.round((r.end - t0) * 1000), type: r.type, by: r.by.replace(/^https?:\/\/[^/]+/, ''), depth: 1,
  }));
  // in start order, so what a request can have waited for is known first;
  // also one more than the request that started it (a page still arriving
  // already starts the requests its parser finds)
  rows.forEach((r, i) => {
    for (const q of rows.slice(0, i)) {
      if (q.end <= r.start || (r.by && q.path === r.by)) r.depth = Math.max(r.depth, q.depth + 1);
    }
  });
  // only what ended before the dashboard was drawn counts, and not what
  // the browser asks for by itself (the favicon: initiator "other"; the
  // first request, the page, is the one that is)
  const needed = rows.filter((r, i) => r.end <= readyMs + 50 && (i === 0 || r.type !== 'other'));
  const depth = needed.reduce((m, r) => Math.max(m, r.depth), 0);
  return { depth, chain: rows };
}

function printChain(label, chain) {
  console.error(`waterfall: ${label}`);
  for (const r of chain) {
    console.error(`  d${r.depth} ${String(r.start).padStart(6)}-${String(r.end).padEnd(6)} ${r.path}  <- ${r.type}${r.by ? ` ${r.by}` : ''}`);
  }
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.VITAAL_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    for (const preset of Object.keys(PRESETS).filter((k) => !ONLY || k === ONLY)) {
      for (const mode of MODES) {
        const results = [];
        for (let i = 0; i < RUNS; i++) {
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          const login = await context.request.post(`${BASE}/api/v1/session`, {
            data: { username: process.env.VITAAL_USER, password: process.env.VITAAL_PASSWORD },
          });
          if (!login.ok()) throw new Error(`login: ${login.status()}`);
          if (mode === 'repeat') await load(context, preset, false); // fills the cache
          const r = await load(context, preset, mode === 'identity');
          if (i === 0) printChain(`${preset}, ${mode}: ${r.ms} ms, depth ${r.depth}`, r.chain);
          results.push(r);
          await context.close();
        }
        results.sort((a, b) => a.ms - b.ms);
        const { chain, ...median } = results[Math.floor(results.length / 2)];
        // the median run's waterfall goes into docs/benchmarks.md
        console.log(JSON.stringify({ preset, mode, ...median, runs: results.map((r) => r.ms), chain, ...PRESETS[preset] }));
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
