/**
 * Test-only entry for evaluation workers: jest runs the TypeScript sources (no build), so a worker thread needs
 * the same swc transform jest uses. Registers a `.ts` require hook, then loads the worker module named in
 * `workerData.entry` (default: src/http/hook-worker.ts).
 */
const fs = require('node:fs');
const path = require('node:path');
const { workerData } = require('node:worker_threads');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

require(workerData.entry ?? path.join(__dirname, '..', '..', 'src', 'http', 'hook-worker.ts'));
