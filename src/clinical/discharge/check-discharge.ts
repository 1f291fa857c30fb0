/**
 * encounter-discharge (issue 4 §4): an acute isolated distal DVT leaving without anticoagulation and without a
 * follow-up duplex arranged inside the windows → critical "arrange repeat ultrasound before discharge" with the
 * two ServiceRequests as ONE suggestion; overdue surveillance → SURVEILLANCE_OVERDUE; anticoagulated without a
 * stated stop date → info with the planned stop date.
 */
import type { Knowledge } from '../knowledge/types';
import type { Decision, Facts } from '../types';
import type { CardDraft } from '../../cds/finalise-cards';
import { addMonths, isoDate } from '../decide/dates';
import { surveillanceRequests } from '../orders/service-requests';
import { create, linksFor, OVERRIDE_REASONS, sourceFor } from '../../cds/render/card-parts';
import { veinWords, veinWordsShort } from '../../cds/render/episode-words';
import { SUMMARY_MAX_CHARS } from '../../cds/finalise-cards';

const NOT_IDDVT = new Set(['OUT_OF_SCOPE', 'NEED_DETAIL', 'IMAGING_PROTOCOL_WARNING']);

/** Named veins when they fit in a summary, else a count ("4 calf veins, both legs"): never cut mid-word. */
function dischargeSummary(facts: Facts): string {
  const say = (veins: string): string => `Distal DVT (${veins}) not anticoagulated: arrange repeat ultrasound before discharge`;
  const full = say(veinWords(facts.episode));
  return [...full].length <= SUMMARY_MAX_CHARS ? full : say(veinWordsShort(facts.episode));
}

export function checkDischarge(facts: Facts, decision: Decision, patientViewCards: readonly CardDraft[], knowledge: Knowledge): CardDraft[] {
  const code = decision.primary;
  if (code === null || facts.episode === null || NOT_IDDVT.has(code)) return [];
  if (code === 'SURVEILLANCE_OVERDUE') return patientViewCards.slice(0, 1);

  const therapeutic = facts.anticoagulants.filter((a) => a.intent === 'therapeutic');
  if (therapeutic.length > 0) {
    const missing = therapeutic.filter((a) => a.plannedEnd === null);
    if (missing.length === 0) return [];
    const months = knowledge.thresholds.treatmentDurationMonths;
    const lines = missing.map((a) => {
      const start = a.startedAt ? isoDate(a.startedAt) : isoDate(facts.now);
      return `${a.agent}: started ${start}, planned stop ≈ ${addMonths(start, months)} (${months} months)`;
    });
    return [{
      summary: `Discharge on ${missing.map((a) => a.agent).join(' + ')}: add the planned stop date (${lines[0]?.split('≈ ')[1]?.split(' ')[0] ?? ''})`,
      indicator: 'info',
      detail: `${lines.map((l) => `- ${l}`).join('\n')}\n\nState the stop date and the review in the discharge plan.`,
      source: sourceFor('DISCHARGE_STOP_DATE', knowledge),
      links: linksFor('DISCHARGE_STOP_DATE', knowledge),
    }];
  }

  const planOpen = (facts.surveillancePlan?.scans ?? []).some((s) => !s.completed && !['revoked', 'entered-in-error'].includes(s.status));
  const done = code === 'SURVEILLANCE_COMPLETE';
  if (!knowledge.thresholds.dischargeRequiresSurveillance || planOpen || done) return [];
  const serial = surveillanceRequests(facts, knowledge);
  return [{
    summary: dischargeSummary(facts),
    indicator: 'critical',
    // The card explains itself: which episode, since when, and what was looked for and not found.
    detail: [
      `- **Episode:** acute distal DVT (${veinWords(facts.episode)}) diagnosed ${isoDate(facts.episode.diagnosedAt)}`,
      `- **Not found:** an active therapeutic anticoagulant; a follow-up duplex request in the chart`,
      `- **Plan:** never stop at "no anticoagulation" without repeat venous imaging (RULES G10): complete duplex at ~day 7 and ~day 14, including the calf veins.`,
    ].join('\n'),
    source: sourceFor('DISCHARGE_SURVEILLANCE_MISSING', knowledge),
    suggestions: [{ label: serial.label, isRecommended: true, actions: serial.resources.map((r, i) => create(`Duplex ultrasound, scan ${i + 1} of 2`, r)) }],
    selectionBehavior: 'at-most-one',
    overrideReasons: OVERRIDE_REASONS,
    links: linksFor('DISCHARGE_SURVEILLANCE_MISSING', knowledge),
  }];
}
