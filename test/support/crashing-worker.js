/** Test-only evaluation worker that dies on its first call (hook-workers.test.ts: a worker that dies). */
const { parentPort } = require('node:worker_threads');

parentPort.on('message', () => process.exit(3));
