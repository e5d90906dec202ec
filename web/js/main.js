// main.js — starts the UI. index.html as written loads it (and through it
// every module, one by one); the built page carries it inline with the
// dashboard's view instead (scripts/web-first.mjs).

import { start } from './app.js';

start();
