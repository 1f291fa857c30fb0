/** The hookInstance of a request body, for logs, only when it is a UUID: anything else a client put there is not ours to store. */
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

export function loggableHookInstance(body: unknown): string | undefined {
  const value = (body as { hookInstance?: unknown } | null | undefined)?.hookInstance;
  return typeof value === 'string' && UUID.test(value) ? value : undefined;
}
