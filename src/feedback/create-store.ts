/**
 * The one place that picks a FeedbackStore implementation from Config. Today: SQLite (CDS_FEEDBACK_DB, or
 * in-memory when unset outside production). Another database plugs in here behind the same interface.
 */
import type { Config } from '../config';
import type { FeedbackStore } from './types';
import { SqliteFeedbackStore } from './sqlite-store';

export function createFeedbackStore(config: Pick<Config, 'feedbackDb'>, clock?: () => Date): FeedbackStore {
  return new SqliteFeedbackStore({ file: config.feedbackDb, ...(clock ? { clock } : {}) });
}
