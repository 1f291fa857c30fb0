/** In-process CLI runs: a captured io and throw-away folders. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/types';

export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(argv: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: options.env ?? {},
    cwd: options.cwd ?? REPO_ROOT,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

export function tempDir(prefix: string): { readonly path: string; write(name: string, json: unknown): string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `dvt-cli-${prefix}-`));
  return {
    path,
    write(name, json) {
      const file = join(path, name);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json, null, 2));
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
