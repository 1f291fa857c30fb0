/**
 * ISO instants as the feedback store keeps them: UTC, millisecond precision, so that text order is time order.
 * Inputs are RFC 3339 date-times with a zone (`Z` or `±hh:mm`) or plain dates (read as 00:00 UTC). A date-time
 * without a zone is refused: read in local time it would shift with the server's TZ.
 */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// RFC 3339 §5.6 allows `t`/space for `T` and `z` for `Z`; Date.parse wants `T` and `Z`.
const DATE_TIME_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([Zz]|[+-]\d{2}:\d{2})$/;

/** The normalised instant, or null when `text` is not a date or a zoned date-time. */
export function toInstant(text: string): string | null {
  const trimmed = text.trim();
  let iso: string;
  if (DATE_ONLY.test(trimmed)) iso = `${trimmed}T00:00:00Z`;
  else {
    const parts = DATE_TIME_WITH_ZONE.exec(trimmed);
    if (parts === null) return null;
    iso = `${parts[1]}T${parts[2]}${parts[3]?.toUpperCase()}`;
  }
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
