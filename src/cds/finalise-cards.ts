/**
 * The last step before cards leave the service: every card that goes out meets CDS Hooks 2.0 §Card Attributes
 * (CONFORMANCE §3.7 response checklist). Fixable gaps are fixed (uuids, summary length, selectionBehavior, empty
 * optional fields); a card that cannot be made valid (no label, no advice topic, reason without display) is a
 * programming error and throws CardContractError. The clinical renderer calls this too.
 */
import type { Action, Card, Coding, Indicator, Link, Source, Suggestion } from './types';
import { ADVICE_SYSTEM } from './types';
import { REFERENCE_PATTERN } from './request-schema';
import type { NewId } from '../clinical/types';

export class CardContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardContractError';
  }
}

/** What a renderer may hand in: uuids may still be missing; everything else as in Card. */
export type SuggestionDraft = Omit<Suggestion, 'uuid'> & { readonly uuid?: string };
export type CardDraft = Omit<Card, 'uuid' | 'suggestions'> & {
  readonly uuid?: string;
  readonly suggestions?: readonly SuggestionDraft[];
};

/** The spec's "<140 characters": at most 139, counted in code points. */
export const SUMMARY_MAX_CHARS = 139;
const INDICATORS: readonly Indicator[] = ['info', 'warning', 'critical'];
const ELLIPSIS = '…';
const REFERENCE_RE = new RegExp(REFERENCE_PATTERN);

const nonEmpty = (s: string | undefined): s is string => typeof s === 'string' && s.trim() !== '';

/**
 * Answers of isAbsoluteUrl. Perf (issue 7): every card links the same few knowledge URLs, and `new URL()` per
 * link and source is a measurable share of finalising. URL strings only; bounded (cleared when full).
 */
const checkedUrls = new Map<string, boolean>();
const CHECKED_URLS_LIMIT = 256;

function isAbsoluteUrl(value: string): boolean {
  const known = checkedUrls.get(value);
  if (known !== undefined) return known;
  let absolute: boolean;
  try {
    const url = new URL(value);
    absolute = url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    absolute = false;
  }
  if (checkedUrls.size >= CHECKED_URLS_LIMIT) checkedUrls.clear();
  checkedUrls.set(value, absolute);
  return absolute;
}

export function truncateSummary(summary: string): string {
  const trimmed = summary.trim();
  // UTF-16 length ≥ code points: a short string needs no code-point split (the split would rejoin to itself).
  if (trimmed.length <= SUMMARY_MAX_CHARS) return trimmed;
  const chars = [...trimmed];
  return chars.length <= SUMMARY_MAX_CHARS ? chars.join('') : `${chars.slice(0, SUMMARY_MAX_CHARS - 1).join('').trimEnd()}${ELLIPSIS}`;
}

function finaliseSource(source: Source | undefined): Source {
  if (source === undefined || !nonEmpty(source.label)) throw new CardContractError('card.source.label is required');
  const topic = source.topic;
  if (topic === undefined || topic.system !== ADVICE_SYSTEM || !nonEmpty(topic.code)) {
    throw new CardContractError(`card.source.topic must be a Coding of ${ADVICE_SYSTEM} with the advice code`);
  }
  for (const field of ['url', 'icon'] as const) {
    const value = source[field];
    if (value !== undefined && !isAbsoluteUrl(value)) throw new CardContractError(`card.source.${field} must be an absolute URL`);
  }
  return {
    label: source.label,
    ...(nonEmpty(source.url) ? { url: source.url } : {}),
    ...(nonEmpty(source.icon) ? { icon: source.icon } : {}),
    topic: { system: topic.system, code: topic.code, ...(nonEmpty(topic.display) ? { display: topic.display } : {}) },
  };
}

function finaliseAction(action: Action): Action {
  if (!nonEmpty(action.description)) throw new CardContractError('action.description is required');
  switch (action.type) {
    case 'create':
    case 'update': {
      const resourceType = (action.resource as { resourceType?: unknown } | undefined)?.resourceType;
      if (typeof resourceType !== 'string' || resourceType === '') {
        throw new CardContractError(`a ${action.type} action needs a FHIR resource with resourceType`);
      }
      return { type: action.type, description: action.description, resource: action.resource };
    }
    case 'delete':
      if (!REFERENCE_RE.test(action.resourceId)) {
        throw new CardContractError('a delete action needs resourceId as Type/id');
      }
      return { type: 'delete', description: action.description, resourceId: action.resourceId };
    default:
      throw new CardContractError(`unknown action type ${(action as { type: unknown }).type as string}`);
  }
}

function finaliseLink(link: Link): Link {
  if (!nonEmpty(link.label)) throw new CardContractError('link.label is required');
  if (!isAbsoluteUrl(link.url)) throw new CardContractError('link.url must be an absolute http(s) URL');
  if (link.type !== 'absolute' && link.type !== 'smart') throw new CardContractError('link.type must be absolute or smart');
  // appContext is only valid on smart links (2.0 §Link; Inferno errors on it for absolute links).
  const appContext = link.type === 'smart' && nonEmpty(link.appContext) ? { appContext: link.appContext } : {};
  return { label: link.label, url: link.url, type: link.type, ...appContext };
}

function finaliseOverrideReason(reason: Coding): Coding {
  if (!nonEmpty(reason.code) || !nonEmpty(reason.system) || !nonEmpty(reason.display)) {
    throw new CardContractError('every override reason needs code, system and display');
  }
  return { system: reason.system, code: reason.code, display: reason.display };
}

/**
 * Finalise the cards of one response: validated, cleaned, with a uuid (unique within the response) on every card
 * and suggestion.
 */
export function finaliseCards(cards: readonly CardDraft[], newId: NewId): Card[] {
  const used = new Set<string>();
  const uuidFor = (given: string | undefined): string => {
    let uuid = nonEmpty(given) && !used.has(given) ? given : newId();
    // A broken id source (one that repeats itself) must fail loudly, not hang the request.
    for (let tries = 0; used.has(uuid); tries++) {
      if (tries >= 8) throw new CardContractError('the id source keeps returning uuids already used in this response');
      uuid = newId();
    }
    used.add(uuid);
    return uuid;
  };

  return cards.map((draft): Card => {
    if (!nonEmpty(draft.summary)) throw new CardContractError('card.summary is required');
    if (!INDICATORS.includes(draft.indicator)) throw new CardContractError('card.indicator must be info, warning or critical');
    const uuid = uuidFor(draft.uuid);
    const source = finaliseSource(draft.source);

    const selectionBehavior = draft.selectionBehavior ?? 'at-most-one';
    let recommendedSeen = false;
    const suggestions = (draft.suggestions ?? []).map((s): Suggestion => {
      if (!nonEmpty(s.label)) throw new CardContractError('suggestion.label is required');
      const actions = (s.actions ?? []).map(finaliseAction);
      // With at-most-one, at most one suggestion may be recommended (3.0b cds-resp-1): the first one wins.
      const isRecommended = s.isRecommended === true && (selectionBehavior === 'any' || !recommendedSeen);
      recommendedSeen ||= isRecommended;
      return {
        label: s.label,
        uuid: uuidFor(s.uuid),
        ...(isRecommended ? { isRecommended } : {}),
        ...(actions.length > 0 ? { actions } : {}),
      };
    });
    const overrideReasons = (draft.overrideReasons ?? []).map(finaliseOverrideReason);
    const links = (draft.links ?? []).map(finaliseLink);

    return {
      uuid,
      summary: truncateSummary(draft.summary),
      ...(nonEmpty(draft.detail) ? { detail: draft.detail } : {}),
      indicator: draft.indicator,
      source,
      ...(suggestions.length > 0
        ? { suggestions, selectionBehavior }
        : {}),
      ...(overrideReasons.length > 0 ? { overrideReasons } : {}),
      ...(links.length > 0 ? { links } : {}),
    };
  });
}
