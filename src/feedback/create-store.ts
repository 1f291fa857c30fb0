/**
 * The one place that picks a FeedbackStore implementation from Config. Today: SQLite (CDS_FEEDBACK_DB, or
 * in-memory when unset outside production). Another database plugs in here behind the same interface.
 */
import type { Config } from '../config';
import type { FeedbackStore } from './types';
import { SqliteFeedbackStore } from './sqlite-store';

/** `onFlushError`: issued cards written in the background (batched) could not be stored — log it. */
export function createFeedbackStore(
  config: Pick<Config, 'feedbackDb'>, clock?: () => Date, onFlushError?: (error: unknown, lostCards: number) => void,
): FeedbackStore {
  return new SqliteFeedbackStore({ file: config.feedbackDb, ...(clock ? { clock } : {}), ...(onFlushError ? { onFlushError } : {}) });
}
