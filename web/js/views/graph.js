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
// Readable (issue 13 part 4): the page opens on one process and its direct
// suppliers and consumers (the ?focus one, the last one shown, or one of the
// user's own), labels are drawn only where they are at least LABEL_PX on
// the screen (cytoscape's min-zoomed-font-size; the view opens at a zoom
// where they are) and the full name shows on hover and on the keyboard
// cursor (#cy-tip); zoom and fit buttons; a down process keeps its category
// fill and says its category and state in its label; the hours a process
// is restarting (the last recovery_h hours of a down run that ends before
// the horizon: docs/method.md) are "recovering"; the path that brought a
// process down (its suppliers that went down no later than it, back to
// what failed) is drawn thick and said in words; and when the answer says
// the cascade goes on among processes the user may not see (`not_visible`)
// the timeline says so.

import * as api from '../api.js';
import { h, svg, table, empty, field, options, announce, alertBox, uid } from '../dom.js';
import { runJob } from '../jobs.js';
import { drawRipple } from '../ripple.js';
import { t, fmtNumber, enumLabel } from '../i18n.js';
import { sortByName, providedProcesses } from '../data.js';
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

// the smallest text drawn on the canvas, in screen pixels; labels are
// drawn at FONT_PX graph units, so readable from zoom LABEL_PX / FONT_PX
const LABEL_PX = 11;
const FONT_PX = 14;
const READABLE_ZOOM = LABEL_PX / FONT_PX;

const STYLE = [
  { selector: 'node', style: {
    shape: 'round-rectangle', width: 180, height: 70, 'background-color': '#c9d3de',
    'border-width': 2, 'border-color': '#333333', label: 'data(label)', 'text-wrap': 'wrap',
    'text-max-width': 168, 'font-size': FONT_PX, 'min-zoomed-font-size': LABEL_PX, 'text-valign': 'center', 'text-halign': 'center',
    color: '#111111', 'font-family': 'Segoe UI, Roboto, Arial, sans-serif',
  } },
  { selector: 'node.cat-A', style: { 'background-color': '#154273', color: '#ffffff' } },
  { selector: 'node.cat-B', style: { 'background-color': '#6f95c2', color: '#111111' } },
  { selector: 'node.service', style: {
    shape: 'hexagon', 'background-color': '#f3e9c6', color: '#111111', 'border-style': 'dotted', 'border-width': 3,
  } },
  { selector: 'node.focus', style: { 'border-width': 5, 'border-color': '#ffbf47' } },
  // down: the category's fill stays (and the label says it), the border says down
  { selector: 'node.down', style: { 'border-style': 'dashed', 'border-width': 7, 'border-color': '#c0392b' } },
  { selector: 'node.recovering', style: { 'border-style': 'double', 'border-width': 9, 'border-color': '#b35900' } },
  { selector: 'node.failed', style: { 'border-style': 'solid', 'border-width': 8, 'border-color': '#5a0000' } },
  { selector: 'edge', style: {
    width: 1.5, 'line-color': '#7a7a7a', 'target-arrow-color': '#7a7a7a', 'target-arrow-shape': 'triangle',
    'curve-style': 'bezier', 'arrow-scale': 0.9,
  } },
  { selector: 'edge.down', style: { 'line-color': '#c0392b', 'target-arrow-color': '#c0392b', width: 2.5 } },
  { selector: 'edge.faded', style: { opacity: 0.35 } },
  // the path that brought a process down
  { selector: 'edge.path', style: { 'line-color': '#5a0000', 'target-arrow-color': '#5a0000', width: 7, 'z-index': 5, opacity: 1 } },
  { selector: 'node.path', style: { 'underlay-color': '#5a0000', 'underlay-opacity': 0.25, 'underlay-padding': 8 } },
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

// The ids next to focus: itself, its direct suppliers and the processes
// that directly need it (whole chains made the hairball issue 13 names).
function around(focus, edges) {
  const keep = new Set([focus]);
  for (const [from, to] of edges) {
    if (to === focus) keep.add(from);
    if (from === focus) keep.add(to);
  }
  return keep;
}

function downAt(node, hour) {
  return node.intervals.some(([a, b]) => hour >= a && hour < b);
}

// Whether a down node restarts at hour: the last recovery_h hours of a down
// run that ends before the horizon (a failed node's own outage excepted).
export function recoveringAt(node, hour, recoveryH, result) {
  if (!recoveryH) return false;
  if (result.failed.includes(node.id) && hour < result.outage_h) return false;
  return node.intervals.some(([a, b]) => hour >= a && hour < b && b < result.horizon_h && hour >= b - recoveryH);
}

// The path that brought id down: walking back from it, every supplier in
// the answer that went down no later than the process it supplies, up to
// what failed. Returns {nodes: Set, edges: Set of "from>to"}; empty when id
// failed itself or never went down.
export function pathTo(id, result, edges) {
  const byId = new Map(result.nodes.map((n) => [n.id, n]));
  const nodes = new Set();
  const used = new Set();
  if (!byId.has(id) || result.failed.includes(id)) return { nodes, edges: used };
  const todo = [id];
  nodes.add(id);
  while (todo.length) {
    const at = todo.pop();
    const f = byId.get(at).first_down_h;
    for (const [from, to] of edges) {
      if (to !== at || from === at || !byId.has(from) || byId.get(from).first_down_h > f) continue;
      used.add(`${from}>${to}`);
      if (!nodes.has(from)) {
        nodes.add(from);
        if (!result.failed.includes(from)) todo.push(from);
      }
    }
  }
  return { nodes, edges: used };
}

// The node's label: its (short) name, then its category and, after a run,
// its state at the hour, so the category stays readable on a down process.
function nodeLabel(p, state) {
  const words = { failed: 'graph.legend_failed', down: 'graph.down', recovering: 'graph.recovering' };
  // a service's name already says "(dienst)": only its state below it
  if (p.category === 'service') return words[state] ? `${shortLabel(p.name)}\n${t(words[state])}` : shortLabel(p.name);
  const cat = p.category && p.category !== 'none' ? t('graph.cat_short', { cat: p.category }) : t('graph.legend_none');
  return `${shortLabel(p.name)}\n${words[state] ? `${cat} · ${t(words[state])}` : cat}`;
}

// The process the page opens on: the one asked for, else the last one
// shown, else one of the user's own (its ministry's, or one it provides),
// else the first by name that both needs and supplies another.
function openingFocus(query, processes, edges, user, provided) {
  const asked = query.get('focus');
  if (asked !== null) return processes.has(asked) ? asked : '';
  let last = null;
  try { last = window.sessionStorage.getItem('vitaal.graph.focus'); } catch { /* storage refused */ }
  if (last !== null && (last === '' || processes.has(last))) return last;
  const linked = (id) => edges.some(([a, b]) => a === id || b === id);
  const byName = [...processes.values()].filter((p) => p.category !== 'service' && linked(p.id))
    .sort((a, b) => a.name.localeCompare(b.name));
  const own = byName.find((p) => (user && user.role === 'department' && p.ministry === user.org) || provided.has(p.id));
  const both = byName.find((p) => edges.some(([a]) => a === p.id) && edges.some(([, b]) => b === p.id));
  return (own || both || byName[0] || { id: '' }).id;
}

export async function render(ctx) {
  const { main, query, user } = ctx;
  main.appendChild(h('h1', null, t('graph.title')));
  main.appendChild(h('p', null, t('graph.intro')));
  const [processOnly, serviceList, deps, cytoscape] = await Promise.all([
    api.listAll('processes'), api.listAll('services').catch(() => []), api.listAll('dependencies'),
    loadCytoscape(),
  ]);
  const provided = await providedProcesses(user).catch(() => new Set());
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
  const wantedFocus = openingFocus(query, processes, edges, user, provided);
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
  const zoomButton = (id, label, text) => h('button', { type: 'button', class: 'secondary', id, 'aria-controls': 'cy', 'aria-label': label }, text);
  const zoomIn = zoomButton('graph-zoom-in', t('graph.zoom_in'), '+');
  const zoomOut = zoomButton('graph-zoom-out', t('graph.zoom_out'), '−');
  const fitButton = h('button', { type: 'button', class: 'secondary', id: 'graph-fit', 'aria-controls': 'cy' }, t('graph.fit'));
  const focusButton = h('button', { type: 'button', class: 'secondary', id: 'graph-refocus', 'aria-controls': 'cy' }, t('graph.refocus'));
  const tip = h('div', { id: 'cy-tip', class: 'cy-tip', role: 'tooltip', hidden: true });
  const pathText = h('p', { id: 'cascade-path', class: 'hint', 'aria-live': 'polite' });
  const middle = h('div', { class: 'graph-middle' },
    cyHelp,
    cyCursor,
    h('div', { class: 'graph-zoom', role: 'group', 'aria-label': t('graph.zoom_group') }, zoomIn, zoomOut, fitButton, focusButton),
    h('div', { class: 'cy-wrap' }, cyEl, tip),
    pathText,
    h('div', { class: 'slider-row' },
      h('label', { for: 'hour-slider' }, t('graph.hour')), slider, playButton, sliderOut),
    h('ul', { class: 'legend', 'aria-label': t('graph.legend') },
      h('li', null, h('span', { class: 'swatch up-a', 'aria-hidden': 'true' }), t('graph.legend_a')),
      h('li', null, h('span', { class: 'swatch up-b', 'aria-hidden': 'true' }), t('graph.legend_b')),
      h('li', null, h('span', { class: 'swatch up-none', 'aria-hidden': 'true' }), t('graph.legend_none')),
      h('li', null, h('span', { class: 'swatch down', 'aria-hidden': 'true' }), t('graph.legend_down')),
      h('li', null, h('span', { class: 'swatch recovering', 'aria-hidden': 'true' }), t('graph.legend_recovering')),
      h('li', null, h('span', { class: 'swatch path', 'aria-hidden': 'true' }), t('graph.legend_path')),
      h('li', null, h('span', { class: 'swatch failed', 'aria-hidden': 'true' }), t('graph.legend_failed')),
      h('li', null, h('span', { class: 'swatch service', 'aria-hidden': 'true' }), t('graph.legend_service'))));

  // --- the timeline (right)
  const timelineTitleId = uid('timeline');
  const timeline = h('section', { class: 'timeline', id: 'timeline', 'aria-labelledby': timelineTitleId },
    h('h2', { id: timelineTitleId }, t('graph.timeline')), empty(t('graph.timeline_empty')));

  main.appendChild(form);
  main.appendChild(h('div', { class: 'graph-layout' }, middle, timeline));
  // --- the economic ripple of the cascade (issue 16 part 4), under the timeline
  const rippleSection = h('section', { class: 'ripple', id: 'ripple', hidden: true });
  main.appendChild(rippleSection);
  let disposeRipple = () => {};

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
  // the opening view: everything drawn, but never below the zoom where the
  // labels are readable; then centred on the focus (or the first node)
  const showDefault = () => {
    cy.fit(undefined, 12);
    if (cy.zoom() < READABLE_ZOOM) {
      // as much as fits around the middle, the focus (or the first node) in view
      const at = cy.nodes('.focus').nonempty() ? cy.nodes('.focus').first() : cy.nodes().first();
      cy.zoom(READABLE_ZOOM);
      cy.center(cy.elements());
      const bb = at.nonempty() ? at.renderedBoundingBox() : null;
      if (bb && (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height())) cy.center(at);
    }
  };
  const draw = () => {
    const focus = focusSel.control.value;
    const keep = focus ? around(focus, edges) : null;
    // after a run the affected processes are drawn too: where the loss travels
    if (keep && result) for (const n of result.nodes) keep.add(n.id);
    try { window.sessionStorage.setItem('vitaal.graph.focus', focus); } catch { /* storage refused */ }
    cy.elements().remove();
    cy.add(processList.filter((p) => !keep || keep.has(p.id)).map((p) => ({
      group: 'nodes', data: { id: p.id, label: nodeLabel(p, null) },
      classes: [services.has(p.id) ? 'service' : `cat-${p.category}`, p.id === focus ? 'focus' : ''].join(' ').trim(),
    })));
    // around a process only its own edges (the neighbours' among themselves
    // made the hairball); after a run also those the loss may travel along
    cy.add(edges.filter(([a, b]) => !keep || (keep.has(a) && keep.has(b) && (result || a === focus || b === focus))).map(([a, b, id]) => ({
      group: 'edges', data: { id: `${id}:${a}`, source: a, target: b },
    })));
    cy.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 12, rankSep: 60, edgeSep: 4, animate: false, fit: false }).run();
    showDefault();
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
    if (!ownView) showDefault();
  }) : null;
  // the zoom buttons: about the middle of the canvas, never below the
  // smallest zoom; fit shows all that is drawn (labels hide when they
  // would be smaller than LABEL_PX); back to the opening view
  const zoomAbout = (factor) => {
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    ownView = true;
  };
  zoomIn.addEventListener('click', () => zoomAbout(1.25));
  zoomOut.addEventListener('click', () => zoomAbout(0.8));
  fitButton.addEventListener('click', () => { cy.fit(undefined, 12); ownView = true; });
  focusButton.addEventListener('click', () => { showDefault(); ownView = false; });

  // the full name (and state) on hover and on the keyboard cursor, with the
  // path that brought it down
  const tipFor = (n) => {
    if (!n || n.empty()) { tip.hidden = true; return; }
    const p = processes.get(n.id()) || {};
    const state = stateOf(n.id());
    tip.textContent = `${p.name || n.id()} — ${p.category === 'service' ? t('graph.service') : enumLabel('category', p.category || 'none')}`
      + (state !== 'none' ? ` — ${t(stateWord(n.id()))}` : '');
    const bb = n.renderedBoundingBox();
    tip.style.left = `${Math.max(0, Math.min(bb.x1, cy.width() - 200))}px`;
    tip.style.top = `${Math.max(0, bb.y2 + 4)}px`;
    tip.hidden = false;
  };
  cy.on('mouseover', 'node', (ev) => { tipFor(ev.target); showPath(ev.target.id(), false); });
  cy.on('mouseout', 'node', () => { tipFor(null); });
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
  // down and restarting at the slider's hour
  const recovering = (id) => {
    const n = result && result.nodes.find((x) => x.id === id);
    return Boolean(n) && recoveringAt(n, Number(slider.value), processes.get(id)?.recovery_h || 0, result);
  };
  const stateWord = (id) => {
    const st = stateOf(id);
    if (st === 'up') return 'graph.up';
    if (recovering(id)) return 'graph.recovering';
    return st === 'failed' ? 'graph.legend_failed' : 'graph.down';
  };
  // draws (and says) the path that brought id down; say: also in words
  let pathOf = null;
  const showPath = (id, say) => {
    cy.elements().removeClass('path faded');
    pathOf = null;
    if (!result) return;
    const path = pathTo(id, result, edges);
    if (path.nodes.size < 2) {
      if (say) pathText.textContent = result.failed.includes(id) ? t('graph.path_failed', { name: processes.get(id)?.name || id }) : '';
      return;
    }
    pathOf = id;
    cy.batch(() => {
      cy.edges().addClass('faded');
      cy.nodes().filter((n) => path.nodes.has(n.id())).addClass('path');
      cy.edges().filter((e) => path.edges.has(`${e.source().id()}>${e.target().id()}`)).removeClass('faded').addClass('path');
    });
    if (say) {
      const byId = new Map(result.nodes.map((n) => [n.id, n]));
      const order = [...path.nodes].sort((a, b) => byId.get(a).first_down_h - byId.get(b).first_down_h);
      pathText.textContent = t('graph.path', {
        name: processes.get(id)?.name || id,
        path: order.map((x) => t('graph.path_step', { name: processes.get(x)?.name || x, hour: fmtNumber(byId.get(x).first_down_h) })).join(' → '),
      });
    }
  };
  const keys = keyboardCursor({
    cy, el: cyEl, status: cyCursor, processes, failBoxes, toggleFailing, stateOf, stateWord,
    // the path is drawn, not said: the cursor's own status says enough at
    // each step (the timeline's "Pad" button says the path)
    onCursor: (n) => { tipFor(n); if (n && result) showPath(n.id(), false); },
    hour: () => Number(slider.value), leave: () => runButton.focus(),
    viewChanged: (own) => { ownView = own; },
  });

  // --- the cascade result and the hour
  let result = null;
  let timer = null;
  const paint = () => {
    const hour = Number(slider.value);
    cy.batch(() => {
      cy.nodes().removeClass('down failed recovering');
      cy.edges().removeClass('down');
      cy.nodes().forEach((node) => {
        const p = processes.get(node.id());
        const st = result ? stateOf(node.id()) : null;
        node.data('label', nodeLabel(p, st === 'up' ? null : st === 'down' && recovering(node.id()) ? 'recovering' : st));
      });
      if (!result) return;
      for (const n of result.nodes) {
        if (!downAt(n, hour)) continue;
        const node = cy.getElementById(n.id);
        if (node.empty()) continue;
        node.addClass(result.failed.includes(n.id) ? 'failed' : 'down');
        if (recovering(n.id)) node.addClass('recovering');
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
      const restarting = down && recovering(row.dataset.process);
      row.dataset.phase = restarting ? 'recovering' : '';
      cell.replaceChildren(h('span', { class: `badge ${down ? 'down' : 'up'}` }, t(restarting ? 'graph.recovering' : down ? 'graph.down' : 'graph.up')));
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
    // the cascade goes on among processes this user may not see
    if (Number.isInteger(result.not_visible) && result.not_visible > 0) {
      timeline.appendChild(h('p', { id: 'cascade-not-visible', class: 'callout' }, t('graph.not_visible', { n: fmtNumber(result.not_visible) })));
    }
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
      fmtNumber(n.first_down_h), fmtNumber(n.down_h),
      h('span', null, h('span', { class: 'state-now' }), result.failed.includes(n.id) ? '' : h('button', {
        type: 'button', class: 'secondary small', 'data-path': n.id,
        'aria-label': t('graph.path_show', { name: processes.get(n.id)?.name || n.id }),
        onclick: () => showPath(n.id, true),
      }, t('graph.path_button'))),
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
    pathText.textContent = '';
    drawTimeline();
    if (focusSel.control.value) draw();
    else paint();
    announce(t('graph.summary', { n: fmtNumber(result.affected), outage: fmtNumber(result.outage_h), horizon: fmtNumber(result.horizon_h) }));
    disposeRipple();
    rippleSection.hidden = false;
    drawRipple(rippleSection, { fail, outage_h: outageH, horizon_h: horizonH }, ctx.alive)
      .then((dispose) => { disposeRipple = dispose; });
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
    critOut.replaceChildren(h('p', null, t('graph.criticality_running', { outage: fmtNumber(outageH), horizon: fmtNumber(horizonH) })));
    abort = new AbortController();
    try {
      const job = await api.post('/criticality', { outage_h: outageH, horizon_h: horizonH, top: 15 });
      const res = await runJob(critOut, job.location, {
        label: t('graph.criticality_progress'),
        intro: t('graph.criticality_running', { outage: fmtNumber(outageH), horizon: fmtNumber(horizonH) }),
        signal: abort.signal,
      });
      if (!ctx.alive() || res === null) return;
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
    disposeRipple();
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
function keyboardCursor({ cy, el, status, processes, failBoxes, toggleFailing, stateOf, stateWord, onCursor, hour, leave, viewChanged }) {
  let cursor = null; // a process id
  const node = () => (cursor ? cy.getElementById(cursor) : cy.collection());
  const inReadingOrder = () => cy.nodes().sort((a, b) => (a.position('x') - b.position('x')) || (a.position('y') - b.position('y')));
  const name = (n) => processes.get(n.id())?.name || n.id();

  const describe = (n) => {
    const p = processes.get(n.id()) || {};
    const state = stateOf(n.id());
    const stateText = state === 'none' ? t('graph.no_run') : t('graph.cursor_state', {
      hour: fmtNumber(hour()), state: t(stateWord(n.id())),
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
  const hide = () => { cy.nodes('.cursor').removeStyle().removeClass('cursor'); onCursor(null); };
  const show = () => {
    hide();
    const n = node();
    if (n.empty() || document.activeElement !== el) return;
    n.addClass('cursor');
    ring(n);
    keepInView(n);
    onCursor(n);
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
