/**
 * Durable record of issued cards and the feedback clinicians gave on them (CDS Hooks 2.0 §Feedback).
 * No patient identifiers and no resource contents are ever stored: only uuids, service ids, advice codes, times.
 */
export interface IssuedCard {
  readonly uuid: string;
  readonly serviceId: string;
  readonly hook: string;
  readonly adviceCode: string;
  readonly indicator: string;
  readonly suggestionUuids: readonly string[];
  readonly issuedAt: string; // ISO instant
}

export interface FeedbackItem {
  readonly card: string;
  readonly outcome: 'accepted' | 'overridden';
  readonly acceptedSuggestions?: readonly { readonly id: string }[];
  readonly overrideReason?: {
    readonly reason?: { readonly code: string; readonly system?: string; readonly display?: string };
    readonly userComment?: string;
  };
  readonly outcomeTimestamp: string;
}

export interface OutcomeSummaryRow {
  readonly serviceId: string;
  readonly adviceCode: string;
  readonly issued: number;
  readonly accepted: number;
  readonly acceptedBySuggestion: Readonly<Record<string, number>>;
  readonly overridden: number;
  readonly overriddenByReason: Readonly<Record<string, number>>;
  readonly noResponse: number;
}

export interface FeedbackStore {
  recordIssued(cards: readonly IssuedCard[]): void;
  /** Idempotent: the same item (card, outcome, timestamp, suggestions, reason) stored twice counts once. Returns how many were new. */
  recordFeedback(serviceId: string, items: readonly FeedbackItem[], receivedAt: string): number;
  summary(range: { readonly from?: string; readonly to?: string }): {
    readonly rows: readonly OutcomeSummaryRow[];
    readonly unknownCardFeedback: number;
  };
  /** Readiness: can we write? */
  isWritable(): boolean;
  close(): void;
}
