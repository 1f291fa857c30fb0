/** Read a JSON file and turn every failure into one line a user can act on. */
import { readFileSync } from 'node:fs';
import { firstLine, inputError } from './cli-error';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Returns the parsed JSON as `unknown`: callers narrow it. `shownName` is how the file is named in messages. */
export function readJsonFile(path: string, shownName: string = path): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = errorCode(err);
    throw inputError(`cannot read ${shownName}: ${(code && REASONS[code]) ?? code ?? 'unreadable'}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw inputError(`cannot read ${shownName}: not valid JSON (${firstLine(err, 'invalid JSON')})`);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
