/**
 * Validates a feedback POST body (CDS Hooks 2.0 §Feedback; CONFORMANCE §3.9 F3–F9) into FeedbackItems.
 * Lenient where the sandbox is: `overrideReason.reason` may carry only `code` (F9); unknown extra fields pass.
 * Strict where the spec is: `acceptedSuggestions` is required for `accepted` (F4, 3.0b cds-fb-2).
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { CdsError } from '../errors';
import { toInstant } from './instant';
import type { FeedbackItem } from './types';

/** Bounds that keep one call cheap; far above what an EHR sends (one item per card action). */
const MAX_ITEMS = 500;
const MAX_ID_LENGTH = 256;
const MAX_COMMENT_LENGTH = 10_000;

const idString = { type: 'string', minLength: 1, maxLength: MAX_ID_LENGTH } as const;

const feedbackBodySchema = {
  type: 'object',
  required: ['feedback'],
  properties: {
    feedback: {
      type: 'array',
      maxItems: MAX_ITEMS,
      items: {
        type: 'object',
        required: ['card', 'outcome', 'outcomeTimestamp'],
        properties: {
          card: idString,
          outcome: { enum: ['accepted', 'overridden'] },
          acceptedSuggestions: {
            type: 'array',
            items: { type: 'object', required: ['id'], properties: { id: idString } },
          },
          overrideReason: {
            type: 'object',
            properties: {
              reason: {
                type: 'object',
                required: ['code'],
                properties: { code: idString, system: { type: 'string' }, display: { type: 'string' } },
              },
              userComment: { type: 'string', maxLength: MAX_COMMENT_LENGTH },
            },
          },
          outcomeTimestamp: { type: 'string', format: 'date-time' },
        },
        if: { properties: { outcome: { const: 'accepted' } } },
        then: { required: ['acceptedSuggestions'] },
      },
    },
  },
} as const;

// strictRequired off: the if/then below requires a property that the parent schema defines.
const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false });
addFormats(ajv);
const validateBody = ajv.compile(feedbackBodySchema);

/** `/feedback/0/outcome` (+ missing `card`) → `feedback[0].card`: the location clinicians' EHR vendors can read. */
export function fieldOf(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1);
  if (error.keyword === 'required' && typeof error.params['missingProperty'] === 'string') {
    segments.push(error.params['missingProperty']);
  }
  return segments
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`), '');
}

function describe(error: ErrorObject, field: string): string {
  if (error.keyword === 'required' && field.endsWith('.acceptedSuggestions')) {
    return `${field} is required when outcome is "accepted"`;
  }
  if (error.keyword === 'required') return `${field} is required`;
  if (error.keyword === 'format') return `${field} must be an RFC 3339 date-time with a time zone`;
  if (error.keyword === 'enum') return `${field} must be "accepted" or "overridden"`;
  return `${field || 'body'} ${error.message ?? 'is invalid'}`;
}

/** The feedback items of a POST body, or CdsError ERR_INVALID_REQUEST naming the first offending field. */
export function parseFeedbackBody(body: unknown): readonly FeedbackItem[] {
  if (validateBody(body)) {
    const items = (body as { feedback: FeedbackItem[] }).feedback;
    // ajv's date-time admits what no Date can hold (a leap second `:60`); the store needs a real instant.
    const unreadable = items.findIndex((item) => toInstant(item.outcomeTimestamp) === null);
    if (unreadable >= 0) {
      const field = `feedback[${unreadable}].outcomeTimestamp`;
      throw new CdsError('ERR_INVALID_REQUEST', `${field} must be an RFC 3339 date-time with a time zone`, field);
    }
    return items;
  }
  // `if` reports its own error after the real one (the `then` failure); the first error is the useful one.
  const error = validateBody.errors?.[0];
  if (error === undefined) throw new CdsError('ERR_INVALID_REQUEST', 'feedback body is invalid');
  const field = fieldOf(error);
  throw new CdsError('ERR_INVALID_REQUEST', describe(error, field), field || undefined);
}
