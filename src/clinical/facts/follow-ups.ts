/**
 * After the diagnosis (RULES §5.5): follow-up scans (`extension-status` findings dated after D0, plus acute DVT
 * Conditions coded after the diagnosis day) and the surveillance plan (duplex ServiceRequests for this episode,
 * their windows, and whether a result came).
 */
import type { CodeableConcept } from 'fhir/r4';
import { VS } from '../knowledge/value-set-ids';
import { membershipsOf } from '../knowledge/value-set-index';
import type { ExtensionStatus, Facts, FollowUpScan, PlannedScan } from '../types';
import { addEvidence, addMissing, evidence, type FactContext } from './context';
import { DAY_MS, isoDay, parseFhirDate, type FhirInstant } from './dates';
import type { EpisodeFacts } from './episode';
import { findingCode, observationsIn } from './lookups';
import { arrayOf, relativeRef, refOf } from './record-index';

const STATUSES: ReadonlySet<string> = new Set<ExtensionStatus>([
  'none', 'resolved', 'distal-extension', 'proximal-extension', 'new-contralateral', 'new-ipsilateral',
]);

/** Calendar day after D0 (UTC): a result on the diagnosis day is the diagnostic scan, not a follow-up. */
function afterDiagnosisDay(d0: FhirInstant): number {
  return Math.floor(d0.start / DAY_MS) * DAY_MS + DAY_MS;
}

export function extractFollowUps(ctx: FactContext, ep: EpisodeFacts): FollowUpScan[] {
  if (!ep.episode || !ep.d0 || ep.episode.upperLimbOnly) return [];
  const from = afterDiagnosisDay(ep.d0);
  const scans: FollowUpScan[] = [];
  for (const hit of observationsIn(ctx, VS.findingExtensionStatus)) {
    if (!hit.when || hit.when.start < from || hit.when.start > ctx.nowMs) continue;
    const status = findingCode(hit.observation);
    if (status === null || !STATUSES.has(status)) {
      addMissing(ctx, `Follow-up result ${hit.ref} has no recognised extension status`);
      continue;
    }
    scans.push({ date: hit.when.text, status: status as ExtensionStatus, source: hit.ref });
  }
  // A new acute DVT coded after the diagnosis day is itself a follow-up result (e.g. popliteal on day 7).
  for (const { hit, vein } of ep.laterConditions) {
    if (!hit.when || hit.when.start > ctx.nowMs) continue;
    const status: ExtensionStatus = vein.segment === 'proximal' ? 'proximal-extension'
      : ep.episode.side !== 'unknown' && ep.episode.side !== 'bilateral' && vein.side !== 'unknown' && vein.side !== ep.episode.side
        ? 'new-contralateral'
        : vein.segment === 'distal' ? 'distal-extension' : 'new-ipsilateral';
    if (!scans.some((s) => s.status === status && s.date.slice(0, 10) === hit.when?.text.slice(0, 10))) {
      scans.push({ date: hit.when.text, status, source: hit.ref });
    }
  }
  scans.sort((a, b) => (parseFhirDate(a.date)?.start ?? 0) - (parseFhirDate(b.date)?.start ?? 0));
  const latest = scans[scans.length - 1];
  if (latest) {
    addEvidence(ctx, 'followUp', evidence({
      label: 'Follow-up ultrasound', value: latest.status, date: latest.date, source: latest.source, rule: 'extension status after diagnosis',
    }));
  }
  return scans;
}

const NOT_A_PLAN = new Set(['draft', 'revoked', 'entered-in-error']);

function isVenousUs(ctx: FactContext, code: CodeableConcept | undefined): boolean {
  const inSet = membershipsOf(ctx.vs, code);
  return inSet(VS.venousUsWholeLeg) || inSet(VS.venousUsUnilateralOrLimited) || inSet(VS.venousUsLimited) || inSet(VS.venousUsProximalOnly);
}

function windowOf(request: { occurrencePeriod?: { start?: string; end?: string }; occurrenceDateTime?: string }): {
  start: FhirInstant | null; end: FhirInstant | null;
} {
  if (request.occurrencePeriod && typeof request.occurrencePeriod === 'object') {
    return { start: parseFhirDate(request.occurrencePeriod.start), end: parseFhirDate(request.occurrencePeriod.end) };
  }
  const at = parseFhirDate(request.occurrenceDateTime);
  return { start: at, end: at };
}

export function extractSurveillancePlan(
  ctx: FactContext, ep: EpisodeFacts, followUps: readonly FollowUpScan[],
): Facts['surveillancePlan'] {
  if (!ep.episode || !ep.d0 || ep.episode.upperLimbOnly) return null;
  const d0 = ep.d0;
  const episodeRefs = new Set(ep.indexConditions.map((c) => c.ref));
  const requests = ctx.record.all('ServiceRequest').flatMap((sr) => {
    if (typeof sr.status === 'string' && NOT_A_PLAN.has(sr.status)) return [];
    if (!isVenousUs(ctx, sr.code as CodeableConcept | undefined)) return [];
    const window = windowOf(sr);
    const authored = parseFhirDate(sr.authoredOn);
    const forEpisode = arrayOf(sr.reasonReference).some((r) => episodeRefs.has(relativeRef(r) ?? ''));
    const afterDiagnosis = (window.start ?? authored) !== null && ((window.start ?? authored) as FhirInstant).end >= d0.start;
    return forEpisode || afterDiagnosis ? [{ sr, window, authored }] : [];
  });
  if (requests.length === 0) return null;

  // Results after the diagnosis day: extension-status findings and follow-up venous reports.
  const from = afterDiagnosisDay(d0);
  const resultDays = new Set<number>();
  for (const f of followUps) {
    const when = parseFhirDate(f.date);
    if (when) resultDays.add(Math.floor(when.start / DAY_MS));
  }
  for (const r of ep.reports) {
    if (r.when && r.when.start >= from && r.when.start <= ctx.nowMs) resultDays.add(Math.floor(r.when.start / DAY_MS));
  }
  const unused = [...resultDays].sort((a, b) => a - b);

  // Each result completes at most one planned scan, in window order (a day-7 result never completes scan 2).
  const ordered = [...requests].sort((a, b) => (a.window.start?.start ?? 0) - (b.window.start?.start ?? 0));
  const scans: PlannedScan[] = ordered.map(({ sr, window }) => {
    const startDay = Math.floor((window.start?.start ?? from) / DAY_MS);
    const index = unused.findIndex((day) => day >= startDay);
    const resulted = index >= 0;
    if (resulted) unused.splice(index, 1);
    return {
      ref: refOf(sr),
      status: typeof sr.status === 'string' ? sr.status : 'unknown',
      windowStart: window.start ? isoDay(window.start.start) : null,
      windowEnd: window.end ? isoDay(window.end.end - (window.end.end > window.end.start ? 1 : 0)) : null,
      completed: resulted || sr.status === 'completed',
    };
  });
  const authoredTimes = requests.map((r) => r.authored).filter((a): a is FhirInstant => a !== null);
  const chosen = authoredTimes.sort((a, b) => a.start - b.start)[0];
  return { chosenAt: chosen?.text ?? ep.episode.diagnosedAt, scans };
}
