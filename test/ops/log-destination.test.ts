/**
 * Production log lines are written in batches (observability/logger.ts: batchedLogDestination): a quiet service
 * still shows its lines within the flush interval, and nothing waiting in the batch is lost when the process exits.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { batchedLogDestination, createLogger } from '../../src/observability/logger';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dvt-logs-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const linesIn = (file: string): Record<string, unknown>[] =>
  (existsSync(file) ? readFileSync(file, 'utf8') : '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

async function eventually(check: () => boolean, withinMs: number): Promise<boolean> {
  for (const until = Date.now() + withinMs; Date.now() < until;) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

test('one small line on a quiet service is written by the periodic flush, not held until a batch fills', async () => {
  const file = path.join(dir, 'quiet.log');
  const destination = batchedLogDestination(file, { batchBytes: 8192, flushMs: 50 });
  const logger = createLogger({ logLevel: 'info' }, destination);
  logger.info({ event: 'quiet' }, 'only line');
  expect(await eventually(() => linesIn(file).some((l) => l['msg'] === 'only line'), 5000)).toBe(true);
  destination.end();
});

test('lines still in the batch are written when the process exits (process.exit included)', () => {
  const file = path.join(dir, 'exit.log');
  const script = `
    require('@swc/core');
    const { transformSync } = require('@swc/core');
    const fs = require('node:fs');
    require.extensions['.ts'] = (m, f) => m._compile(transformSync(fs.readFileSync(f, 'utf8'), { filename: f, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code, f);
    const { batchedLogDestination, createLogger } = require(${JSON.stringify(path.resolve(__dirname, '../../src/observability/logger.ts'))});
    const logger = createLogger({ logLevel: 'info' }, batchedLogDestination(${JSON.stringify(file)}, { batchBytes: 8192, flushMs: 60000 }));
    for (let i = 0; i < 3; i += 1) logger.info({ i }, 'before exit');
    setTimeout(() => process.exit(0), 100);
  `;
  const child = spawnSync(process.execPath, ['-e', script], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', timeout: 20000 });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  expect(linesIn(file).filter((l) => l['msg'] === 'before exit').map((l) => l['i'])).toEqual([0, 1, 2]);
});
