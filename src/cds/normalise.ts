/**
 * Shape fixes for what real clients send, applied before the clinical core sees a resource.
 * The sandbox sends `reasonCode` and `category` as one object where R4 has an array (CONFORMANCE §7).
 */
const ARRAY_FIELDS = ['reasonCode', 'category'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of the resource with single-object array fields wrapped; the input is never changed. */
export function normaliseResource<T>(resource: T): T {
  if (!isPlainObject(resource)) return resource;
  let copy: Record<string, unknown> | null = null;
  for (const field of ARRAY_FIELDS) {
    const value = resource[field];
    if (isPlainObject(value)) {
      copy ??= { ...resource };
      copy[field] = [value];
    }
  }
  return (copy ?? resource) as T;
}

/** Normalise every `entry.resource` of a Bundle-shaped object. */
export function normaliseBundle<T>(bundle: T): T {
  if (!isPlainObject(bundle) || !Array.isArray(bundle['entry'])) return bundle;
  const entry = bundle['entry'].map((e: unknown) =>
    isPlainObject(e) && isPlainObject(e['resource']) ? { ...e, resource: normaliseResource(e['resource']) } : e,
  );
  return { ...bundle, entry } as T;
}
