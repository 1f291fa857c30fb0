#!/usr/bin/env node
'use strict';
/**
 * Launcher for the distal-dvt-cds CLI. Runs the compiled CLI in dist/ (build it with `npm run build`); it does not
 * build on demand, so that what runs is always what was built and type-checked.
 */
const fs = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('distal-dvt-cds: the CLI is not built yet: run `npm run build` in ' + path.resolve(__dirname, '..') + '\n');
  process.exit(3);
}
const { runCli, processIo } = require(entry);
runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write('distal-dvt-cds: ' + String((err && err.message) || err).split('\n')[0] + '\n');
    process.exitCode = 3;
  },
);
