// tokens.js — the design tokens for what JavaScript draws itself (the
// dependency graph in cytoscape, the charts and the risk diagram in
// echarts): their colours and type come from the same CSS custom
// properties as the page (the NL Design System's tokens and vitaal's
// palette over them in app.css, on body.vitaal-theme), read with
// getComputedStyle when a picture is drawn. No colour stands alone: every
// state a picture colours also has a word, a border style or a shape.

// The value of custom property name on the themed body, or fallback.
export function token(name, fallback) {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

// The colours vitaal's pictures were first drawn with, each standing for a
// token: themed() puts the token's value in its place.
const COLOUR_TOKENS = {
  '#154273': '--blue', // category A, the brand
  '#6f95c2': '--blue-mid', // category B, planned
  '#c9d3de': '--line-light', // a process without category
  '#333333': '--text',
  '#111111': '--text',
  '#1b1b1b': '--text',
  '#0b0c0c': '--text',
  '#ffffff': '--bg',
  '#ffbf47': '--focus',
  '#c0392b': '--red-fill', // down
  '#5a0000': '--red', // failed
  '#a4161a': '--red',
  '#7a7a7a': '--line', // an edge
  '#6b6b6b': '--muted',
  '#b07000': '--amber',
  '#1c6331': '--green',
  '#f3e9c6': '--service-bg',
  '#d6ecd9': '--green-bg', // the risk diagram's levels, low to high
  '#fff0b3': '--amber-bg',
  '#fbd3a9': '--rhc-color-oranje-100',
  '#f4b6b6': '--rhc-color-rood-100',
};
const FONT_KEYS = new Set(['font-family', 'fontFamily']);

// A copy of a cytoscape style or an echarts option with its colours and
// fonts taken from the tokens (strings equal to a colour above, and every
// font family); everything else as it was.
export function themed(value) {
  const cache = new Map();
  const colour = (hex) => {
    if (!cache.has(hex)) cache.set(hex, token(COLOUR_TOKENS[hex], hex));
    return cache.get(hex);
  };
  const font = token('--vitaal-font', 'sans-serif');
  const walk = (v, key) => {
    if (typeof v === 'string') {
      if (FONT_KEYS.has(key)) return font;
      const hex = v.toLowerCase();
      return hex in COLOUR_TOKENS ? colour(hex) : v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    }
    return v; // functions (formatters), numbers, elements
  };
  return walk(value, null);
}

// echarts' text style with the page's font (merge into an option).
export function chartText() {
  return { fontFamily: token('--vitaal-font', 'sans-serif'), color: token('--text', '#1b1b1b') };
}
