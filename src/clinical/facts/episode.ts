/**
 * The current acute leg-DVT episode (RULES §5.1): the acute DVT Conditions of the last `episodeWindowDays`, the
 * diagnosis date D0 (earliest of them), the veins at diagnosis (codes + bodySite + index-scan findings), scan
 * protocol and measurements, PE and upper-limb context. Conditions dated after the diagnosis day are changes on
 * follow-up (see follow-ups.ts), never the diagnosis: a popliteal clot found on day 7 is proximal extension,
 * not "proximal at diagnosis" (RULES §5.4 P3 vs P5).
 */
import type { CodeableConcept } from 'fhir/r4';
import { first, paths } from '../../fhir/fhirpath';
import { quantityIn } from '../../fhir/ucum';
import { VS } from '../knowledge/value-set-ids';
import type { Episode, LimitedScan, ScanProtocol, Segment, Side, VeinInvolvement } from '../types';
import { addEvidence, addMissing, evidence, presentationWindowMs, type FactContext } from './context';
import { DAY_MS, type FhirInstant } from './dates';
import { conditionsIn, display, type ConditionHit, observationsIn, type ObservationHit } from './lookups';
import { isRecordedCondition } from './record-index';
import { isFindingOf, isLinkedFinding, protocolFindings, protocolOf, venousReports, type ScanReport } from './scans';
import { countVeins, isNamedVein, mergeVeins, sideOfBodySite, veinOfBodySite, veinOfCondition, ACUTE_DVT_SETS } from './veins';

/** What later fact groups need to know about the episode. */
export interface EpisodeFacts {
  readonly episode: Episode | null;
  readonly limitedScan: LimitedScan | null;
  /** D0 as an interval; null without an episode. */
  readonly d0: FhirInstant | null;
  readonly indexConditions: readonly ConditionHit[];
  /** Acute DVT Conditions dated after the diagnosis day (extension / new clot on follow-up). */
  readonly laterConditions: readonly { hit: ConditionHit; vein: VeinInvolvement }[];
  readonly indexReport: ScanReport | null;
  readonly reports: readonly ScanReport[];
}

const EMPTY: Omit<EpisodeFacts, 'limitedScan' | 'reports'> = {
  episode: null, d0: null, indexConditions: [], laterConditions: [], indexReport: null,
};

function acuteDvtConditions(ctx: FactContext): ConditionHit[] {
  const seen = new Set<string>();
  const hits: ConditionHit[] = [];
  for (const set of ACUTE_DVT_SETS) {
    for (const hit of conditionsIn(ctx, set.id)) {
      if (seen.has(hit.ref) && hit.ref !== 'Condition') continue;
      seen.add(hit.ref);
      hits.push(hit);
    }
  }
  return hits;
}

/** Conditions dated inside [now − window, now]; undated ones are reported, not guessed. */
function inWindow(ctx: FactContext, hits: readonly ConditionHit[], label: string): ConditionHit[] {
  const from = ctx.nowMs - ctx.thresholds.episodeWindowDays * DAY_MS;
  return hits.filter((h) => {
    if (!h.when) {
      addMissing(ctx, `${label} ${h.ref} has no onset or recorded date`);
      return false;
    }
    return h.when.end > from && h.when.start <= ctx.nowMs;
  });
}

function sideOf(veins: readonly VeinInvolvement[]): { side: Side; bilateral: boolean } {
  const sides = new Set(veins.map((v) => v.side));
  const bilateral = sides.has('bilateral') || (sides.has('right') && sides.has('left'));
  if (bilateral) return { side: 'bilateral', bilateral };
  if (sides.has('right')) return { side: 'right', bilateral };
  if (sides.has('left')) return { side: 'left', bilateral };
  return { side: 'unknown', bilateral };
}

/**
 * Segment of the episode: proximal if ANY vein is proximal (RULES §5.1); unknown while a vein of unknown segment
 * (I82.40-/I82.49-, pregnancy-coded DVT) is not explained by a named vein of a compatible side, or when the only
 * distal evidence is I82.4Z- without any report (RULES §7.16); otherwise distal. Explained unknown-segment
 * entries are dropped from the vein list (O22.32 + I82.462 gastrocnemius is one muscular vein, not two).
 */
function classify(veins: readonly VeinInvolvement[], hasReport: boolean): { segment: Segment; veins: VeinInvolvement[] } {
  const known = veins.filter((v) => v.segment !== 'unknown');
  const named = known.filter((v) => isNamedVein(v.vein));
  const explained = (u: VeinInvolvement): boolean =>
    named.some((k) => u.side === 'unknown' || k.side === 'unknown' || k.side === u.side || k.side === 'bilateral' || u.side === 'bilateral');
  const unresolved = veins.filter((v) => v.segment === 'unknown' && !explained(v));
  const kept = [...known, ...unresolved];
  if (kept.length === 0) return { segment: 'unknown', veins: kept };
  if (kept.some((v) => v.segment === 'proximal')) return { segment: 'proximal', veins: kept };
  if (unresolved.length > 0) return { segment: 'unknown', veins: kept };
  if (!known.some((v) => isNamedVein(v.vein)) && !hasReport) return { segment: 'unknown', veins: kept };
  return { segment: 'distal', veins: kept };
}

function severityOf(ctx: FactContext, hits: readonly ConditionHit[]): Episode['severity'] {
  const severities = hits.map((h) => h.condition.severity as CodeableConcept | undefined);
  if (severities.some((s) => ctx.vs.has(VS.severitySevere, s))) return 'severe';
  if (severities.some((s) => ctx.vs.has(VS.severityModerate, s))) return 'moderate';
  if (severities.some((s) => ctx.vs.has(VS.severityMild, s))) return 'mild';
  return null;
}

/** The report of the diagnostic scan: the venous report closest to D0 within the presentation window. */
function indexReportOf(ctx: FactContext, reports: readonly ScanReport[], d0: FhirInstant): ScanReport | null {
  const slack = presentationWindowMs(ctx);
  let best: ScanReport | null = null;
  let bestDistance = Infinity;
  for (const r of reports) {
    if (!r.when) continue;
    const distance = r.when.start > d0.end ? r.when.start - d0.end : r.when.end < d0.start ? d0.start - r.when.end : 0;
    if (distance <= slack && distance < bestDistance) {
      best = r;
      bestDistance = distance;
    }
  }
  return best;
}

/** Findings of the index scan: linked to the report, or unlinked and dated on the diagnosis day (±1 day). */
function indexFindings(hits: readonly ObservationHit[], report: ScanReport | null, d0: FhirInstant): ObservationHit[] {
  return hits.filter((f) => {
    if (report && isFindingOf(f, report)) return true;
    if (isLinkedFinding(f)) return false;
    return f.when !== null && f.when.start < d0.end + DAY_MS && f.when.end > d0.start - DAY_MS;
  });
}

interface Measure { readonly value: number; readonly hit: ObservationHit }

function measure(ctx: FactContext, hits: readonly ObservationHit[], unit: string, pick: 'max' | 'min'): Measure | null {
  let best: Measure | null = null;
  for (const hit of hits) {
    const q = first(paths.observationQuantity, hit.observation);
    const value = q ? quantityIn(q, unit) : null;
    if (value === null) {
      addMissing(ctx, `Unit of ${hit.ref} not recognised`);
      continue;
    }
    if (!best || (pick === 'max' ? value > best.value : value < best.value)) best = { value, hit };
  }
  return best;
}

function findingVeins(ctx: FactContext, findings: readonly ObservationHit[]): VeinInvolvement[] {
  const veins: VeinInvolvement[] = [];
  for (const f of findings) {
    const site = veinOfBodySite(ctx, f.observation.bodySite as CodeableConcept | undefined);
    if (site) veins.push({ ...site, side: sideOfBodySite(ctx, f.observation.bodySite as CodeableConcept | undefined), source: f.ref });
  }
  return veins;
}

function limitedScanOf(ctx: FactContext, reports: readonly ScanReport[], protocols: readonly ObservationHit[]): LimitedScan | null {
  const from = ctx.nowMs - ctx.thresholds.episodeWindowDays * DAY_MS;
  const recent = reports.filter((r) => r.when && r.when.end > from && r.when.start <= ctx.nowMs);
  const latest = recent[recent.length - 1];
  if (!latest?.when) return null;
  const protocol = protocolOf(ctx, latest, protocols);
  if (protocol !== 'proximal-2-point' && protocol !== 'limited') return null;
  const scan: LimitedScan = { protocol, date: latest.when.text, source: latest.ref };
  addEvidence(ctx, 'limitedScan', evidence({
    label: 'Venous ultrasound without calf veins', value: protocol, date: scan.date, source: scan.source,
    rule: 'proximal-only / limited protocol',
  }));
  return scan;
}

function describe(veins: readonly VeinInvolvement[]): string {
  // Grouped by side, as a clinician says it: "peroneal + posterior tibial, left; gastrocnemius, right".
  const bySide = new Map<string, string[]>();
  for (const v of veins) {
    const names = bySide.get(v.side) ?? [];
    const name = v.vein.replace(/-/g, ' ');
    if (!names.includes(name)) names.push(name);
    bySide.set(v.side, names);
  }
  return [...bySide].map(([side, names]) => `${names.join(' + ')}${side === 'unknown' ? '' : `, ${side}`}`).join('; ') || 'vein not stated';
}

export function extractEpisode(ctx: FactContext): EpisodeFacts {
  const reports = venousReports(ctx);
  const protocols = protocolFindings(ctx);
  const candidates = inWindow(ctx, acuteDvtConditions(ctx), 'DVT Condition');
  const upperLimb = inWindow(ctx, conditionsIn(ctx, VS.upperLimbDvt), 'Upper-limb DVT Condition');

  if (candidates.length === 0) {
    const limitedScan = limitedScanOf(ctx, reports, protocols);
    if (upperLimb.length === 0) return { ...EMPTY, limitedScan, reports };
    const first = upperLimb.reduce((a, b) => ((a.when?.start ?? 0) <= (b.when?.start ?? 0) ? a : b));
    const episode: Episode = {
      conditionRef: first.ref, diagnosedAt: first.when?.text ?? '', segment: 'unknown', veins: [], muscularOnly: false,
      bilateral: false, veinCount: 0, side: 'unknown', lengthCm: null, maxDiameterMm: null, distanceToProximalCm: null,
      protocol: 'unknown', pe: false, upperLimbOnly: true, severity: null,
    };
    addEvidence(ctx, 'episode', evidence({ label: 'Upper-limb DVT', date: episode.diagnosedAt, source: first.ref, rule: first.coding.code }));
    return { ...EMPTY, episode, d0: first.when, limitedScan, reports };
  }

  const d0Start = Math.min(...candidates.map((c) => (c.when as FhirInstant).start));
  const d0Hit = candidates.find((c) => (c.when as FhirInstant).start === d0Start) as ConditionHit;
  const d0 = d0Hit.when as FhirInstant;
  // Same diagnostic event: dated before the end of the day after D0 (coding often lags the scan by a day).
  const diagnosisEnds = d0.start + 2 * DAY_MS;
  const indexConditions = candidates.filter((c) => (c.when as FhirInstant).start < diagnosisEnds);
  const later = candidates.filter((c) => (c.when as FhirInstant).start >= diagnosisEnds);

  const indexReport = indexReportOf(ctx, reports, d0);
  const lengthHits = indexFindings(observationsIn(ctx, VS.findingThrombusLength), indexReport, d0);
  const diameterHits = indexFindings(observationsIn(ctx, VS.findingThrombusMaxDiameter), indexReport, d0);
  const distanceHits = indexFindings(observationsIn(ctx, VS.findingThrombusDistanceToProximal), indexReport, d0);
  const countHits = indexFindings(observationsIn(ctx, VS.findingVeinsInvolved), indexReport, d0);

  const conditionVeins = indexConditions
    .map((c) => veinOfCondition(ctx, c.condition.code as CodeableConcept | undefined, c.condition.bodySite, c.ref))
    .filter((v): v is VeinInvolvement => v !== null);
  const merged = mergeVeins([...conditionVeins, ...findingVeins(ctx, [...lengthHits, ...diameterHits, ...distanceHits, ...countHits])]);
  const { segment, veins } = classify(merged, indexReport !== null);
  const { side, bilateral } = sideOf(veins);
  const reportedCount = Math.max(0, ...countHits.map((h) => first(paths.observationInteger, h.observation) ?? 0));
  const veinCount = Math.max(countVeins(veins), reportedCount);
  const muscularOnly = veins.length > 0 && veins.every((v) => v.muscular);
  const length = measure(ctx, lengthHits, 'cm', 'max');
  const diameter = measure(ctx, diameterHits, 'mm', 'max');
  const distance = measure(ctx, distanceHits, 'cm', 'min');
  const protocol: ScanProtocol = indexReport ? protocolOf(ctx, indexReport, protocols) : 'unknown';
  const peFrom = ctx.nowMs - ctx.thresholds.episodeWindowDays * DAY_MS;
  const pe = conditionsIn(ctx, VS.pulmonaryEmbolism, isRecordedCondition)
    .some((h) => h.when !== null && h.when.end > peFrom && h.when.start <= ctx.nowMs);
  // The reason of every order: prefer a Condition that names a segment over a pregnancy- or NOS-coded one.
  const index = [...indexConditions].sort((a, b) => rank(ctx, a) - rank(ctx, b))[0] as ConditionHit;

  const episode: Episode = {
    conditionRef: index.ref,
    diagnosedAt: d0.text,
    segment,
    veins,
    muscularOnly,
    bilateral,
    veinCount,
    side,
    lengthCm: length?.value ?? null,
    maxDiameterMm: diameter?.value ?? null,
    distanceToProximalCm: distance?.value ?? null,
    protocol,
    pe,
    upperLimbOnly: false,
    severity: severityOf(ctx, indexConditions),
  };
  addEpisodeEvidence(ctx, episode, index, { length, diameter, distance }, veinCount, reportedCount);
  if (!indexReport) addMissing(ctx, 'Ultrasound report of the diagnostic scan not found');
  if (segment === 'unknown') addMissing(ctx, 'Vein-level detail (which calf vein) not recorded');
  const laterConditions = later.flatMap((hit) => {
    const vein = veinOfCondition(ctx, hit.condition.code as CodeableConcept | undefined, hit.condition.bodySite, hit.ref);
    return vein ? [{ hit, vein }] : [];
  });
  return { episode, limitedScan: null, d0, indexConditions, laterConditions, indexReport, reports };
}

function rank(ctx: FactContext, hit: ConditionHit): number {
  const code = hit.condition.code as CodeableConcept | undefined;
  if (ctx.vs.has(VS.dvtPregnancy, code)) return 3;
  if (ctx.vs.has(VS.dvtAcuteUnspecifiedSegment, code)) return 2;
  return 1;
}

function addEpisodeEvidence(
  ctx: FactContext, episode: Episode, index: ConditionHit,
  m: { length: Measure | null; diameter: Measure | null; distance: Measure | null }, veinCount: number, reportedCount: number,
): void {
  const t = ctx.thresholds;
  const label = episode.segment === 'distal' ? (episode.muscularOnly ? 'Acute calf muscular vein DVT' : 'Acute distal DVT')
    : episode.segment === 'proximal' ? 'Acute proximal DVT' : 'Acute DVT (segment not stated)';
  addEvidence(ctx, 'episode', evidence({
    label, value: describe(episode.veins), date: episode.diagnosedAt, source: index.ref, rule: index.coding.code,
  }));
  const dateOf = (x: Measure): string | undefined => x.hit.when?.text;
  if (m.length && m.length.value > t.lengthCm) {
    addEvidence(ctx, 'lengthGt5', evidence({
      label: 'Thrombus length', value: display(m.length.value), unit: 'cm', date: dateOf(m.length), source: m.length.hit.ref, rule: `> ${t.lengthCm} cm`,
    }));
  }
  if (m.diameter && m.diameter.value > t.maxDiameterMm) {
    addEvidence(ctx, 'diameterGt7', evidence({
      label: 'Maximum thrombus diameter', value: display(m.diameter.value), unit: 'mm', date: dateOf(m.diameter), source: m.diameter.hit.ref,
      rule: `> ${t.maxDiameterMm} mm`,
    }));
  }
  if (m.distance && m.distance.value <= t.nearProximalCm) {
    addEvidence(ctx, 'nearProximal', evidence({
      label: 'Distance to popliteal vein', value: display(m.distance.value), unit: 'cm', date: dateOf(m.distance), source: m.distance.hit.ref,
      rule: `≤ ${t.nearProximalCm} cm`,
    }));
  }
  if (veinCount >= t.multipleVeinsCount || episode.bilateral) {
    addEvidence(ctx, 'multipleVeins', evidence({
      label: `${veinCount} veins${episode.bilateral ? ', both legs' : ''}`, value: describe(episode.veins),
      date: episode.diagnosedAt, source: episode.veins.map((v) => v.source).filter((s, i, a) => a.indexOf(s) === i).join(', '),
      rule: episode.bilateral ? 'bilateral' : reportedCount > countVeins(episode.veins) ? `≥ ${t.multipleVeinsCount}, count as reported` : `≥ ${t.multipleVeinsCount}`,
    }));
  }
  if (episode.muscularOnly) {
    addEvidence(ctx, 'muscularOnly', evidence({
      label: 'Muscular calf veins only', value: describe(episode.veins), date: episode.diagnosedAt, source: index.ref,
    }));
  }
}
