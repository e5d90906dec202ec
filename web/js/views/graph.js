// graph.js — the dependency graph (cytoscape with the layered dagre layout:
// suppliers to the left of the processes that need them), around one
// process or the whole set; the cascade: pick what fails and for how long,
// run POST /api/v1/cascade on the stored graph and step through it hour by
// hour with a slider (down processes coloured and dashed, the failed ones
// dark) with a timeline of every affected process beside it; and the
// criticality ranking (POST /api/v1/criticality, a job polled until done).
// Everything the canvas shows is also in the form and the tables, so the
// page works with the keyboard and a screen reader alone; the canvas itself
// is usable by keyboard too (keyboardCursor below): a cursor that moves
// along the dependencies, is drawn with a focus ring and is described in a
// live region (name, category, state at the slider's hour, dependencies).
// Services (issue 20 part 4: shared suppliers that are not vital processes,
// a cloud platform, a satellite time signal) are nodes too: drawn as
// hexagons with a dotted border and "(service)" in their label, listed
// among what can fail, and marked as services in the timeline and the
// ranking (the answers say each node's "type").

import * as api from '../api.js';
import { h, svg, table, empty, field, options, announce, alertBox, uid } from '../dom.js';
import { t, fmtNumber, enumLabel } from '../i18n.js';
import { sortByName } from '../data.js';
import { themed } from '../tokens.js';

let cytoscapeModule = null;
async function loadCytoscape() {
  if (!cytoscapeModule) {
    const [cy, dagre] = await Promise.all([
      import('/vendor/cytoscape/cytoscape.esm.min.mjs'),
      import('/vendor/cytoscape-dagre/cytoscape-dagre.min.mjs'),
    ]);
    cy.default.use(dagre.default);
    cytoscapeModule = cy.default;
  }
  return cytoscapeModule;
}

const STYLE = [
  { selector: 'node', style: {
    shape: 'round-rectangle', width: 170, height: 60, 'background-color': '#c9d3de',
    'border-width': 2, 'border-color': '#333333', label: 'data(label)', 'text-wrap': 'wrap',
    'text-max-width': 160, 'font-size': 14, 'text-valign': 'center', 'text-halign': 'center',
    color: '#111111', 'font-family': 'Segoe UI, Roboto, Arial, sans-serif',
  } },
  { selector: 'node.cat-A', style: { 'background-color': '#154273', color: '#ffffff' } },
  { selector: 'node.cat-B', style: { 'background-color': '#6f95c2', color: '#111111' } },
  { selector: 'node.service', style: {
    shape: 'hexagon', 'background-color': '#f3e9c6', color: '#111111', 'border-style': 'dotted', 'border-width': 3,
  } },
  { selector: 'node.focus', style: { 'border-width': 5, 'border-color': '#ffbf47' } },
  { selector: 'node.down', style: {
    'background-color': '#c0392b', color: '#ffffff', 'border-style': 'dashed', 'border-width': 4, 'border-color': '#5a0000',
  } },
  { selector: 'node.failed', style: {
    'background-color': '#5a0000', color: '#ffffff', 'border-style': 'solid', 'border-width': 5, 'border-color': '#000000',
  } },
  { selector: 'edge', style: {
    width: 1.5, 'line-color': '#7a7a7a', 'target-arrow-color': '#7a7a7a', 'target-arrow-shape': 'triangle',
    'curve-style': 'bezier', 'arrow-scale': 0.9,
  } },
  { selector: 'edge.down', style: { 'line-color': '#c0392b', 'target-arrow-color': '#c0392b', width: 2.5 } },
  // the keyboard cursor: a black ring (21:1 on the white canvas) around a
  // yellow halo (the page's focus colours), so it shows on every fill
  { selector: 'node.cursor', style: {
    'outline-width': 6, 'outline-color': '#0b0c0c', 'outline-style': 'solid', 'outline-offset': 10,
    'underlay-color': '#ffbf47', 'underlay-opacity': 1, 'underlay-padding': 10, 'underlay-shape': 'round-rectangle',
    'z-index': 10,
  } },
];

function shortLabel(name) {
  return name.length > 44 ? `${name.slice(0, 42)}…` : name;
}

// The ids connected to focus upstream and downstream (whole chains).
function around(focus, edges) {
  const keep = new Set([focus]);
  for (const dir of ['up', 'down']) {
    const todo = [focus];
    while (todo.length) {
      const n = todo.pop();
      for (const [from, to] of edges) {
        const next = dir === 'up' ? (to === n ? from : null) : (from === n ? to : null);
        if (next && !keep.has(next)) { keep.add(next); todo.push(next); }
      }
    }
  }
  return keep;
}

function downAt(node, hour) {
  return node.intervals.some(([a, b]) => hour >= a && hour < b);
}

export async function render(ctx) {
  const { main, query } = ctx;
  main.appendChild(h('h1', null, t('graph.title')));
  main.appendChild(h('p', null, t('graph.intro')));
  const [processOnly, serviceList, deps, cytoscape] = await Promise.all([
    api.listAll('processes'), api.listAll('services').catch(() => []), api.listAll('dependencies'),
    loadCytoscape(),
  ]);
  if (!ctx.alive()) return undefined;
  // the nodes: the processes and the services (a service marked as such;
  // ids are unique among the two kinds)
  const services = new Set(serviceList.map((s) => s.id));
  const processList = processOnly.concat(serviceList.map((s) => ({
    ...s, name: t('graph.service_name', { name: s.name }), category: 'service',
  })));
  const processes = new Map(processList.map((p) => [p.id, p]));
  const edges = [];
  for (const d of deps) {
    for (const s of [...(d.suppliers || []), ...(d.supplier_services || [])]) {
      if (processes.has(s) && processes.has(d.process)) edges.push([s, d.process, d.id]);
    }
  }
  // where a node leads: a process's own page; a service has none, so the
  // graph around it (who depends on it)
  const pageOf = (id) => (services.has(id) ? `#/graph?focus=${encodeURIComponent(id)}` : `#/processes/${encodeURIComponent(id)}`);
  const sorted = sortByName(processList);
  const wantedFocus = processes.has(query.get('focus')) ? query.get('focus') : '';
  const preFail = (query.get('fail') || '').split(',').filter((id) => processes.has(id));

  // --- the controls (left)
  const focusSel = field(t('graph.show'), h('select', { id: 'graph-focus' },
    h('option', { value: '' }, t('graph.whole_set')),
    options(sorted.map((p) => p.id), wantedFocus, (id) => t('graph.around', { name: processes.get(id).name }))));
  const failBoxes = new Map();
  const failSet = h('fieldset', { id: 'fail-set' },
    h('legend', null, t('graph.what_fails')),
    h('div', { class: 'checks' }, sorted.map((p) => {
      const box = h('input', { type: 'checkbox', id: `fail-${p.id}`, value: p.id, checked: preFail.includes(p.id) });
      failBoxes.set(p.id, box);
      return h('label', { class: 'check', for: box.id }, box, h('span', null, p.name));
    })));
  const outage = field(t('graph.outage_h'), h('input', { type: 'number', id: 'outage-h', min: 1, max: 100000, value: 24, required: true }),
    t('graph.outage_hint'));
  const horizon = field(t('graph.horizon_h'), h('input', { type: 'number', id: 'horizon-h', min: 1, max: 100000, value: 72, required: true }),
    t('graph.horizon_hint'));
  const runButton = h('button', { type: 'submit', id: 'run-cascade' }, t('graph.run'));
  const clearButton = h('button', { type: 'button', class: 'secondary', id: 'clear-fail' }, t('graph.clear'));
  const formMessages = h('div', { id: 'cascade-messages' });
  const form = h('form', { class: 'graph-panel graph-controls', id: 'cascade-form', novalidate: true, 'aria-label': t('graph.form_label') },
    failSet,
    h('div', { class: 'graph-settings' }, focusSel.field, outage.field, horizon.field,
      h('div', { class: 'actions' }, runButton, clearButton)),
    formMessages);

  // --- the graph and the slider (middle)
  const cyHelp = h('p', { class: 'hint cy-help', id: uid('cy-help') }, t('graph.keys_help'));
  const cyEl = h('div', {
    id: 'cy', tabindex: '0', role: 'application', 'aria-describedby': cyHelp.id,
    'aria-label': t('graph.canvas_label', { n: fmtNumber(processList.length), m: fmtNumber(edges.length) }),
  });
  const cyCursor = h('p', { id: 'cy-cursor', class: 'cy-cursor', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const slider = h('input', { type: 'range', id: 'hour-slider', min: 0, max: 71, step: 1, value: 0, disabled: true });
  const sliderOut = h('output', { id: 'hour-output', for: 'hour-slider' }, t('graph.no_run'));
  const playButton = h('button', { type: 'button', class: 'secondary', id: 'play', disabled: true }, t('graph.play'));
  const middle = h('div', { class: 'graph-middle' },
    cyHelp,
    cyCursor,
    cyEl,
    h('div', { class: 'slider-row' },
      h('label', { for: 'hour-slider' }, t('graph.hour')), slider, playButton, sliderOut),
    h('ul', { class: 'legend', 'aria-label': t('graph.legend') },
      h('li', null, h('span', { class: 'swatch up-a', 'aria-hidden': 'true' }), t('graph.legend_a')),
      h('li', null, h('span', { class: 'swatch up-b', 'aria-hidden': 'true' }), t('graph.legend_b')),
      h('li', null, h('span', { class: 'swatch up-none', 'aria-hidden': 'true' }), t('graph.legend_none')),
      h('li', null, h('span', { class: 'swatch down', 'aria-hidden': 'true' }), t('graph.legend_down')),
      h('li', null, h('span', { class: 'swatch failed', 'aria-hidden': 'true' }), t('graph.legend_failed')),
      h('li', null, h('span', { class: 'swatch service', 'aria-hidden': 'true' }), t('graph.legend_service'))));

  // --- the timeline (right)
  const timelineTitleId = uid('timeline');
  const timeline = h('section', { class: 'timeline', id: 'timeline', 'aria-labelledby': timelineTitleId },
    h('h2', { id: timelineTitleId }, t('graph.timeline')), empty(t('graph.timeline_empty')));

  main.appendChild(form);
  main.appendChild(h('div', { class: 'graph-layout' }, middle, timeline));

  // --- the criticality ranking (below)
  const critTitle = uid('crit');
  const critButton = h('button', { type: 'button', id: 'run-criticality' }, t('graph.criticality_run'));
  const critOut = h('div', { id: 'criticality' });
  main.appendChild(h('section', { 'aria-labelledby': critTitle },
    h('h2', { id: critTitle }, t('graph.criticality')),
    h('p', null, t('graph.criticality_intro')),
    h('div', { class: 'actions' }, critButton), critOut));

  // --- cytoscape
  const cy = cytoscape({
    container: cyEl,
    style: themed(STYLE),
    minZoom: 0.05, // a phone must fit the whole graph too
    maxZoom: 3,
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  window.__vitaalCy = cy; // for the browser tests
  const draw = () => {
    const focus = focusSel.control.value;
    const keep = focus ? around(focus, edges) : null;
    cy.elements().remove();
    cy.add(processList.filter((p) => !keep || keep.has(p.id)).map((p) => ({
      group: 'nodes', data: { id: p.id, label: shortLabel(p.name) },
      classes: [services.has(p.id) ? 'service' : `cat-${p.category}`, p.id === focus ? 'focus' : ''].join(' ').trim(),
    })));
    cy.add(edges.filter(([a, b]) => !keep || (keep.has(a) && keep.has(b))).map(([a, b, id]) => ({
      group: 'edges', data: { id: `${id}:${a}`, source: a, target: b },
    })));
    cy.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 8, rankSep: 50, edgeSep: 4, animate: false, fit: true, padding: 12 }).run();
    ownView = false;
    keys.redrawn();
    paint();
  };
  // toggles a process as failing in the form; returns what to say, or null
  const toggleFailing = (id) => {
    const box = failBoxes.get(id);
    if (!box) return null;
    box.checked = !box.checked;
    return t(box.checked ? 'graph.marked_failing' : 'graph.unmarked_failing', { name: processes.get(id).name });
  };
  cy.on('tap', 'node', (ev) => {
    keys.tapped(ev.target);
    const said = toggleFailing(ev.target.id());
    if (said) announce(said);
  });
  // a phone turned or a window resized: the canvas follows its box and keeps
  // the whole graph in view, unless the user zoomed or moved it
  let ownView = false;
  cy.on('scrollzoom pinchzoom dragpan', () => { ownView = true; });
  const resizer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => {
    cy.resize();
    if (!ownView) cy.fit(undefined, 12);
  }) : null;
  if (resizer) resizer.observe(cyEl);
  cy.on('dbltap', 'node', (ev) => ctx.navigate(pageOf(ev.target.id())));

  // the state of a process at the slider's hour: up, down, failed, or none
  // before a simulation
  const stateOf = (id) => {
    if (!result) return 'none';
    const n = result.nodes.find((x) => x.id === id);
    if (!n || !downAt(n, Number(slider.value))) return 'up';
    return result.failed.includes(id) ? 'failed' : 'down';
  };
  const keys = keyboardCursor({
    cy, el: cyEl, status: cyCursor, processes, failBoxes, toggleFailing, stateOf,
    hour: () => Number(slider.value), leave: () => runButton.focus(),
    viewChanged: (own) => { ownView = own; },
  });

  // --- the cascade result and the hour
  let result = null;
  let timer = null;
  const paint = () => {
    const hour = Number(slider.value);
    cy.batch(() => {
      cy.nodes().removeClass('down failed');
      cy.edges().removeClass('down');
      if (!result) return;
      for (const n of result.nodes) {
        if (!downAt(n, hour)) continue;
        const node = cy.getElementById(n.id);
        if (node.empty()) continue;
        node.addClass(result.failed.includes(n.id) ? 'failed' : 'down');
      }
      // the loss travels along an edge when both of its ends are down
      cy.edges().filter((e) => e.source().is('.down, .failed') && e.target().is('.down, .failed')).addClass('down');
    });
    keys.repainted();
    if (!result) return;
    const downNow = result.nodes.filter((n) => downAt(n, hour));
    sliderOut.textContent = t('graph.hour_state', {
      hour: fmtNumber(hour), horizon: fmtNumber(result.horizon_h), n: fmtNumber(downNow.length),
    });
    for (const row of timeline.querySelectorAll('tr[data-process]')) {
      const n = result.nodes.find((x) => x.id === row.dataset.process);
      const down = downAt(n, hour);
      row.dataset.state = down ? 'down' : 'up';
      row.classList.toggle('is-down', down);
      const cell = row.querySelector('.state-now');
      cell.replaceChildren(h('span', { class: `badge ${down ? 'down' : 'up'}` }, t(down ? 'graph.down' : 'graph.up')));
      const line = row.querySelector('.bar-now');
      if (line) { line.setAttribute('x1', String(hour + 0.5)); line.setAttribute('x2', String(hour + 0.5)); }
    }
  };
  const stop = () => {
    if (timer) window.clearInterval(timer);
    timer = null;
    playButton.textContent = t('graph.play');
  };
  playButton.addEventListener('click', () => {
    if (timer) { stop(); return; }
    if (Number(slider.value) >= Number(slider.max)) slider.value = '0';
    playButton.textContent = t('graph.pause');
    timer = window.setInterval(() => {
      if (Number(slider.value) >= Number(slider.max)) { stop(); return; }
      slider.value = String(Number(slider.value) + 1);
      paint();
    }, 350);
  });
  slider.addEventListener('input', () => { stop(); paint(); });

  const drawTimeline = () => {
    const title = timeline.querySelector('h2');
    timeline.replaceChildren(title);
    const affected = [...result.nodes].sort((a, b) => a.first_down_h - b.first_down_h
      || (processes.get(a.id)?.name || a.id).localeCompare(processes.get(b.id)?.name || b.id));
    timeline.appendChild(h('p', { id: 'cascade-summary' }, t('graph.summary', {
      n: fmtNumber(result.affected), outage: fmtNumber(result.outage_h), horizon: fmtNumber(result.horizon_h),
    })));
    const H = result.horizon_h;
    timeline.appendChild(table(t('graph.timeline_caption'), [
      { label: t('field.process'), rowHeader: true }, { label: t('graph.first_down'), num: true },
      { label: t('graph.hours_down'), num: true }, { label: t('graph.now') },
    ], affected.map((n) => [
      h('span', null,
        processes.has(n.id) ? h('a', { href: pageOf(n.id), 'data-type': n.type || 'process' }, processes.get(n.id).name) : n.id,
        h('span', { class: 'visually-hidden' }, `: ${n.intervals.map(([a, b]) => t('graph.interval', { from: fmtNumber(a), to: fmtNumber(b) })).join(', ')}`),
        svg('svg', { viewBox: `0 0 ${H} 1`, preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
          svg('rect', { class: 'bar-bg', x: 0, y: 0, width: H, height: 1 }),
          n.intervals.map(([a, b]) => svg('rect', { class: 'bar-down', x: a, y: 0, width: Math.max(b - a, 0.3), height: 1 })),
          svg('line', { class: 'bar-now', x1: 0.5, x2: 0.5, y1: 0, y2: 1, 'vector-effect': 'non-scaling-stroke' }))),
      fmtNumber(n.first_down_h), fmtNumber(n.down_h), h('span', { class: 'state-now' }),
    ]), (i) => ({ 'data-process': affected[i].id })));
  };

  const runCascade = async () => {
    formMessages.replaceChildren();
    for (const f of [outage, horizon]) { f.error.hidden = true; f.control.removeAttribute('aria-invalid'); }
    const fail = [...failBoxes.values()].filter((b) => b.checked).map((b) => b.value);
    const outageH = Number(outage.control.value);
    const horizonH = Number(horizon.control.value);
    const bad = (f, key) => {
      f.error.textContent = t(key);
      f.error.hidden = false;
      f.control.setAttribute('aria-invalid', 'true');
      f.control.setAttribute('aria-describedby', f.error.id);
      f.control.focus();
    };
    if (fail.length === 0) {
      formMessages.appendChild(alertBox('error', h('p', null, t('graph.pick_one'))));
      failBoxes.values().next().value?.focus();
      return;
    }
    if (!Number.isInteger(outageH) || outageH < 1) { bad(outage, 'graph.whole_hours'); return; }
    if (!Number.isInteger(horizonH) || horizonH < 1) { bad(horizon, 'graph.whole_hours'); return; }
    runButton.disabled = true;
    stop();
    try {
      result = await api.post('/cascade', { fail, outage_h: outageH, horizon_h: horizonH });
    } catch (err) {
      const f = err.field === 'horizon_h' ? horizon : err.field === 'outage_h' ? outage : null;
      if (f) { f.error.textContent = err.message; f.error.hidden = false; f.control.setAttribute('aria-invalid', 'true'); f.control.focus(); }
      else formMessages.appendChild(alertBox('error', h('p', null, err.message)));
      return;
    } finally {
      runButton.disabled = false;
    }
    if (!ctx.alive()) return;
    slider.max = String(Math.max(result.horizon_h - 1, 0));
    slider.value = '0';
    slider.disabled = false;
    playButton.disabled = false;
    drawTimeline();
    paint();
    announce(t('graph.summary', { n: fmtNumber(result.affected), outage: fmtNumber(result.outage_h), horizon: fmtNumber(result.horizon_h) }));
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); runCascade(); });
  clearButton.addEventListener('click', () => { for (const b of failBoxes.values()) b.checked = false; });
  focusSel.control.addEventListener('change', draw);

  // --- criticality ranking
  let abort = null;
  critButton.addEventListener('click', async () => {
    const outageH = Number(outage.control.value) || 24;
    const horizonH = Number(horizon.control.value) || 72;
    critButton.disabled = true;
    const bar = h('progress', { max: 1, value: 0, id: 'criticality-progress', 'aria-label': t('graph.criticality_progress') });
    critOut.replaceChildren(h('p', null, t('graph.criticality_running', { outage: fmtNumber(outageH), horizon: fmtNumber(horizonH) })), bar);
    abort = new AbortController();
    try {
      const job = await api.post('/criticality', { outage_h: outageH, horizon_h: horizonH, top: 15 });
      const res = await api.waitForJob(job.location, (p) => { bar.value = p; }, abort.signal);
      if (!ctx.alive()) return;
      critOut.replaceChildren(table(t('graph.criticality_caption', { outage: fmtNumber(res.outage_h), horizon: fmtNumber(res.horizon_h), n: fmtNumber(res.processes + (res.services || 0)) }), [
        { label: t('graph.rank'), num: true }, { label: t('field.process') },
        { label: t('graph.affected'), num: true }, { label: t('graph.down_node_hours'), num: true }, { label: t('common.actions') },
      ], res.ranking.map((r, i) => [
        fmtNumber(i + 1),
        processes.has(r.id) ? h('a', { href: pageOf(r.id), 'data-type': r.type || 'process' }, processes.get(r.id).name) : r.id,
        fmtNumber(r.affected), fmtNumber(r.down_node_hours),
        processes.has(r.id) ? h('button', {
          type: 'button', class: 'secondary', 'data-simulate': r.id,
          'aria-label': t('graph.simulate_one', { name: processes.get(r.id).name }),
          onclick: () => {
            for (const b of failBoxes.values()) b.checked = b.value === r.id;
            runCascade();
            slider.focus();
          },
        }, t('graph.simulate')) : '',
      ]), (i) => ({ 'data-rank': res.ranking[i].id })));
      announce(t('graph.criticality_done'));
    } catch (err) {
      if (ctx.alive()) critOut.replaceChildren(alertBox('error', h('p', null, err.message)));
    } finally {
      critButton.disabled = false;
    }
  });

  draw();
  if (preFail.length) runCascade();
  return () => {
    stop();
    if (abort) abort.abort();
    if (resizer) resizer.disconnect();
    cy.destroy();
    if (window.__vitaalCy === cy) window.__vitaalCy = null;
  };
}

// The canvas by keyboard. Left and right follow the dependencies (the layout
// puts suppliers left of the processes that need them): left to a supplier,
// right to a process that needs this one, the one nearest in height first;
// up and down go to the nearest process above or below; Home and End to the
// first and last; a letter to the next process whose name starts with it.
// Enter or Space marks the process as failing in the form (as a click does),
// + and - zoom, 0 shows the whole graph, Escape leaves to the Simulate
// button; Tab leaves as usual. The cursor is drawn only while the canvas
// has the focus, and described in the status region under it.
function keyboardCursor({ cy, el, status, processes, failBoxes, toggleFailing, stateOf, hour, leave, viewChanged }) {
  let cursor = null; // a process id
  const node = () => (cursor ? cy.getElementById(cursor) : cy.collection());
  const inReadingOrder = () => cy.nodes().sort((a, b) => (a.position('x') - b.position('x')) || (a.position('y') - b.position('y')));
  const name = (n) => processes.get(n.id())?.name || n.id();

  const describe = (n) => {
    const p = processes.get(n.id()) || {};
    const state = stateOf(n.id());
    const stateText = state === 'none' ? t('graph.no_run') : t('graph.cursor_state', {
      hour: fmtNumber(hour()), state: t(state === 'failed' ? 'graph.legend_failed' : state === 'down' ? 'graph.down' : 'graph.up'),
    });
    const parts = [`${name(n)}, ${enumLabel('category', p.category || 'none')}.`, stateText,
      t('graph.cursor_deps', { up: fmtNumber(n.incomers('node').length), down: fmtNumber(n.outgoers('node').length) })];
    if (failBoxes.get(n.id())?.checked) parts.push(t('graph.cursor_marked'));
    return { text: parts.join(' '), state };
  };
  const say = (text, n) => {
    status.textContent = text;
    status.dataset.node = n ? n.id() : '';
    status.dataset.state = n ? stateOf(n.id()) : '';
  };
  const sayNode = (n) => say(describe(n).text, n);

  const keepInView = (n) => {
    const bb = n.renderedBoundingBox();
    if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height()) cy.center(n);
  };
  // the ring's widths are in graph units: at a small zoom (a phone, the
  // whole set) they grow, so the ring stays at least 3 px on the screen
  const ring = (n) => {
    const z = cy.zoom();
    n.style({ 'outline-width': Math.max(6, 3 / z), 'outline-offset': Math.max(10, 4 / z), 'underlay-padding': Math.max(10, 4 / z) });
  };
  const hide = () => cy.nodes('.cursor').removeStyle().removeClass('cursor');
  const show = () => {
    hide();
    const n = node();
    if (n.empty() || document.activeElement !== el) return;
    n.addClass('cursor');
    ring(n);
    keepInView(n);
  };
  cy.on('zoom', () => cy.nodes('.cursor').forEach(ring));
  const moveTo = (n) => {
    if (!n || n.empty()) return;
    cursor = n.id();
    show();
    sayNode(n);
  };
  const start = () => {
    const failing = cy.nodes().filter((n) => failBoxes.get(n.id())?.checked);
    const focus = cy.nodes('.focus');
    return focus.nonempty() ? focus.first() : failing.nonempty() ? inReadingOrder().filter((n) => n.anySame(failing)).first()
      : inReadingOrder().first();
  };
  // the nearest node in a direction (dx, dy): distance along it, plus three
  // times the distance across it, so the same column or row comes first
  const nearest = (from, candidates, dx, dy) => {
    const p = from.position();
    let best = null;
    let bestScore = Infinity;
    candidates.forEach((n) => {
      if (n.same(from)) return;
      const vx = n.position('x') - p.x;
      const vy = n.position('y') - p.y;
      const along = vx * dx + vy * dy;
      if (along <= 0.5) return;
      const score = along + 3 * Math.abs(vx * dy - vy * dx);
      if (score < bestScore) { bestScore = score; best = n; }
    });
    return best;
  };
  const nearestInHeight = (from, candidates) => {
    let best = null;
    candidates.forEach((n) => {
      const d = Math.abs(n.position('y') - from.position('y'));
      if (!best || d < best.d || (d === best.d && name(n).localeCompare(name(best.n)) < 0)) best = { n, d };
    });
    return best ? best.n : null;
  };
  const zoomBy = (factor) => {
    const n = node();
    const at = n.nonempty() ? n.renderedPosition() : { x: cy.width() / 2, y: cy.height() / 2 };
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: at });
    if (n.nonempty()) keepInView(n);
    viewChanged(true);
  };

  el.addEventListener('focus', () => {
    if (node().empty()) cursor = null;
    if (!cursor) cursor = start()?.id() || null;
    show();
    if (cursor) sayNode(node());
    else say(t('graph.cursor_empty'), null);
  });
  el.addEventListener('blur', hide);
  el.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.target !== el) return;
    const from = node();
    let handled = true;
    if (from.empty() && /^(Arrow|Home$|End$|Enter$| $)/.test(ev.key)) {
      // no cursor yet (or its process is no longer drawn): start one
      moveTo(start());
      if (!cursor) say(t('graph.cursor_empty'), null);
      ev.preventDefault();
      return;
    }
    switch (ev.key) {
      case 'ArrowLeft':
      case 'ArrowRight': {
        const left = ev.key === 'ArrowLeft';
        const next = nearestInHeight(from, left ? from.incomers('node') : from.outgoers('node'));
        if (next) moveTo(next);
        else say(t(left ? 'graph.cursor_no_supplier' : 'graph.cursor_no_consumer', { name: name(from) }), from);
        break;
      }
      case 'ArrowUp':
      case 'ArrowDown': {
        const next = nearest(from, cy.nodes(), 0, ev.key === 'ArrowUp' ? -1 : 1);
        if (next) moveTo(next);
        else say(t(ev.key === 'ArrowUp' ? 'graph.cursor_top' : 'graph.cursor_bottom', { name: name(from) }), from);
        break;
      }
      case 'Home': moveTo(inReadingOrder().first()); break;
      case 'End': moveTo(inReadingOrder().last()); break;
      case 'Enter':
      case ' ': {
        const said = toggleFailing(from.id());
        if (said) say(said, from);
        break;
      }
      case '+': case '=': zoomBy(1.25); break;
      case '-': case '_': zoomBy(0.8); break;
      case '0': cy.fit(undefined, 12); viewChanged(false); break;
      case 'Escape': leave(); break;
      default:
        if (from.nonempty() && ev.key.length === 1 && /\p{L}|\p{N}/u.test(ev.key)) {
          const letter = ev.key.toLocaleLowerCase();
          const byName = cy.nodes().toArray().sort((a, b) => name(a).localeCompare(name(b)));
          const at = byName.findIndex((n) => n.same(from));
          const order = [...byName.slice(at + 1), ...byName.slice(0, at + 1)];
          const next = order.find((n) => name(n).toLocaleLowerCase().startsWith(letter));
          if (next) moveTo(next);
        } else handled = false;
    }
    if (handled) ev.preventDefault();
  });

  return {
    // a click on a node puts the cursor there (said by the click's own message)
    tapped(n) { cursor = n.id(); show(); },
    // the graph was drawn again: the cursor stays if its process is still shown
    redrawn() { if (node().empty()) cursor = null; show(); },
    // the hour or the result changed: say the new state if the canvas is in use
    repainted() { if (document.activeElement === el && node().nonempty()) sayNode(node()); },
  };
}
