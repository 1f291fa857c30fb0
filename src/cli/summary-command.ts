/**
 * `distal-dvt-cds summary [--db FILE] [--from ISO] [--to ISO] [--json]` — what clinicians did with the cards:
 * per service and advice code, cards issued, accepted, overridden (top reasons) and unanswered. Reads the feedback
 * database read-only (never creates or migrates it); FILE defaults to CDS_FEEDBACK_DB.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommandArgs, flagOption, stringOption } from './args';
import { inputError, usageError } from './cli-error';
import { EXIT, type CliCommand } from './types';
import { toInstant } from '../feedback/instant';
import { SqliteFeedbackStore, FeedbackStoreError } from '../feedback/sqlite-store';
import { formatSummaryTable } from '../feedback/summary-table';

export const SUMMARY_USAGE = `Usage: distal-dvt-cds summary [--db FILE] [--from ISO] [--to ISO] [--json]
  --db FILE   feedback database (default: $CDS_FEEDBACK_DB)
  --from ISO  first issue time included: 2025-03-01 or 2025-03-01T00:00:00Z (default: the beginning)
  --to ISO    first issue time excluded (default: now)
  --json      print the summary as JSON instead of a table
`;

function instantOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const instant = toInstant(value);
  if (instant === null) throw usageError(`summary: --${name} must be a date (YYYY-MM-DD) or a date-time with a time zone`);
  return instant;
}

export const summaryCommand: CliCommand = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(SUMMARY_USAGE);
    return EXIT.OK;
  }
  const opts = parseCommandArgs('summary', args, {
    db: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (opts.positionals.length > 0) throw usageError(`summary: unexpected argument ${opts.positionals.join(' ')}`);
  const dbOption = stringOption(opts, 'db') ?? io.env['CDS_FEEDBACK_DB'];
  if (dbOption === undefined || dbOption.trim() === '') {
    throw usageError('summary: no database: pass --db FILE or set CDS_FEEDBACK_DB');
  }
  const from = instantOption(stringOption(opts, 'from'), 'from');
  const to = instantOption(stringOption(opts, 'to'), 'to');
  const file = resolve(io.cwd, dbOption);
  if (!existsSync(file)) throw inputError(`summary: ${dbOption}: no such file`);

  let store: SqliteFeedbackStore;
  try {
    store = new SqliteFeedbackStore({ file, readonly: true });
  } catch (err) {
    throw inputError(`summary: ${dbOption}: ${err instanceof FeedbackStoreError ? err.message : 'cannot be read'}`);
  }
  try {
    const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    const summary = store.summary(range);
    if (flagOption(opts, 'json')) io.stdout(`${JSON.stringify({ from: from ?? null, to: to ?? null, ...summary }, null, 2)}\n`);
    else io.stdout(formatSummaryTable(summary, range));
    return EXIT.OK;
  } finally {
    store.close();
  }
};
