/**
 * A drafted venous ultrasound that will not assess the calf veins (proximal-only / limited, RULES §2.5) while a
 * calf DVT is suspected → IMAGING_PROTOCOL_WARNING with a suggestion that replaces it by a complete duplex.
 */
import type { ServiceRequest } from 'fhir/r4';
import type { Knowledge } from '../knowledge/types';
import type { Facts } from '../types';
import type { CardDraft } from '../../cds/finalise-cards';
import { create, linksFor, OVERRIDE_REASONS, remove, sourceFor } from '../../cds/render/card-parts';
import { duplexAsap } from '../orders/service-requests';

const IDS = { proximalOnly: 'venous-us-proximal-only', limited: 'venous-us-limited', ambiguous: 'venous-us-unilateral-or-limited', wholeLeg: 'venous-us-whole-leg' };

export function isIncompleteVenousUs(draft: ServiceRequest, knowledge: Knowledge): boolean {
  const vs = knowledge.valueSets;
  if (vs.has(IDS.proximalOnly, draft.code) || vs.has(IDS.limited, draft.code)) return true;
  // CPT 93971 alone cannot say the calf veins are included (RULES §2.5): only with a whole-leg code beside it.
  return vs.has(IDS.ambiguous, draft.code) && !vs.has(IDS.wholeLeg, draft.code);
}

export function imagingChecks(facts: Facts, knowledge: Knowledge, draft: ServiceRequest, ref: string | null): CardDraft[] {
  if (!isIncompleteVenousUs(draft, knowledge)) return [];
  // A known proximal DVT needs no calf assessment to decide treatment.
  if (facts.episode?.segment === 'proximal') return [];
  const duplex = duplexAsap(facts, knowledge, 'Replaces a proximal-only/limited scan: calf DVT suspected.', 'unknown');
  return [{
    summary: 'Drafted venous ultrasound will not assess the calf veins: order a complete (whole-leg) duplex',
    indicator: 'warning',
    detail: 'A proximal-only (2-point) or limited scan misses distal DVT; use a complete duplex, or arrange a repeat scan at ~1 week (RULES G10).',
    source: sourceFor('IMAGING_PROTOCOL_WARNING', knowledge),
    suggestions: [{
      label: 'Replace with a complete duplex including the calf veins', isRecommended: true,
      actions: [...(ref ? [remove('Remove the limited scan', ref)] : []), create('Complete duplex ultrasound', duplex)],
    }],
    selectionBehavior: 'at-most-one',
    overrideReasons: OVERRIDE_REASONS,
    links: linksFor('IMAGING_PROTOCOL_WARNING', knowledge),
  }];
}
