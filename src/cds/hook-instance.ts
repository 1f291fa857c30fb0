/** The hookInstance of a request body, for logs, only when it is a UUID: anything else a client put there is not ours to store. */
import { UUID_PATTERN } from './request-schema';

const UUID_RE = new RegExp(UUID_PATTERN);

export function loggableHookInstance(body: unknown): string | undefined {
  const value = (body as { hookInstance?: unknown } | null | undefined)?.hookInstance;
  return typeof value === 'string' && UUID_RE.test(value) ? value : undefined;
}
