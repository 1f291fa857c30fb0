/**
 * Which veins a DVT Condition or ultrasound finding involves (RULES §1.1): segment from the value sets in hooks/
 * (so sites can add codes), vein name and side from the ICD-10-CM structure (§2.2), refined by `bodySite`
 * (SNOMED vein body structure + laterality qualifier, §2.3.1).
 */
import type { CodeableConcept } from 'fhir/r4';
import { VS } from '../knowledge/value-set-ids';
import { ICD10CM } from '../knowledge/value-set-index';
import type { Segment, Side, VeinInvolvement } from '../types';
import type { FactContext } from './context';
import { conceptsOf } from './record-index';
import { classifyIcdDvt, isGenericVein, veinFamily } from './vein-classifier';

interface BodySiteVein {
  readonly vein: string;
  readonly segment: Segment;
  readonly muscular: boolean;
}

const VEIN_SETS: readonly { id: string; segment: Segment; muscular: boolean }[] = [
  { id: VS.veinProximal, segment: 'proximal', muscular: false },
  { id: VS.veinDistalAxial, segment: 'distal', muscular: false },
  { id: VS.veinCalfMuscular, segment: 'distal', muscular: true },
];

/** The vein a bodySite list names (first vein found), or null. */
export function veinOfBodySite(ctx: FactContext, bodySite: CodeableConcept[] | CodeableConcept | undefined): BodySiteVein | null {
  for (const concept of conceptsOf(bodySite)) {
    for (const set of VEIN_SETS) {
      const hit = ctx.vs.concept?.(set.id, concept) ?? (ctx.vs.has(set.id, concept) ? { system: '', code: '' } : undefined);
      if (hit) return { vein: hit.vein ?? (hit.display ?? hit.code).toLowerCase(), segment: set.segment, muscular: set.muscular };
    }
  }
  return null;
}

/** Laterality stated in a bodySite list (qualifier coding), or 'unknown'. */
export function sideOfBodySite(ctx: FactContext, bodySite: CodeableConcept[] | CodeableConcept | undefined): Side {
  for (const concept of conceptsOf(bodySite)) {
    if (ctx.vs.has(VS.lateralityBilateral, concept)) return 'bilateral';
    if (ctx.vs.has(VS.lateralityRight, concept)) return 'right';
    if (ctx.vs.has(VS.lateralityLeft, concept)) return 'left';
  }
  return 'unknown';
}

/** The acute leg-DVT value sets, with the segment each implies. */
export const ACUTE_DVT_SETS: readonly { id: string; segment: Segment; vein?: string; muscular?: boolean }[] = [
  { id: VS.dvtAcuteProximal, segment: 'proximal' },
  { id: VS.dvtAcuteDistalAxial, segment: 'distal' },
  { id: VS.dvtAcuteCalfMuscular, segment: 'distal', vein: 'calf-muscular', muscular: true },
  { id: VS.dvtAcuteDistalUnspecified, segment: 'distal', vein: 'unspecified-distal' },
  { id: VS.dvtAcuteUnspecifiedSegment, segment: 'unknown', vein: 'unspecified' },
  { id: VS.dvtPregnancy, segment: 'unknown', vein: 'unspecified' },
];

/** The acute DVT set a code belongs to (first match in the order above), or null. */
export function acuteDvtSetOf(ctx: FactContext, code: CodeableConcept | undefined): (typeof ACUTE_DVT_SETS)[number] & { code: string; system: string } | null {
  for (const set of ACUTE_DVT_SETS) {
    const coding = ctx.vs.match(set.id, code);
    if (coding?.code && coding.system) return { ...set, code: coding.code, system: coding.system };
  }
  return null;
}

/** One Condition → its vein involvement (segment from the value set, refined by ICD structure and bodySite). */
export function veinOfCondition(
  ctx: FactContext, code: CodeableConcept | undefined, bodySite: CodeableConcept[] | undefined, source: string,
): VeinInvolvement | null {
  const set = acuteDvtSetOf(ctx, code);
  if (!set) return null;
  const icd = set.system === ICD10CM ? classifyIcdDvt(set.code) : null;
  let vein = icd?.vein ?? set.vein ?? 'unspecified';
  let segment: Segment = set.segment;
  let muscular = set.muscular ?? icd?.muscular ?? false;
  const site = veinOfBodySite(ctx, bodySite);
  // bodySite classifies an unknown segment (I82.49-/I82.40-, RULES §2.1 notes) and names the vein precisely when
  // it agrees with the code's segment; a disagreeing bodySite does not override a coded segment.
  if (site && (segment === 'unknown' || site.segment === segment)) {
    vein = site.vein;
    segment = site.segment;
    muscular = site.muscular;
  }
  const codeSide = icd?.side ?? 'unknown';
  const side = codeSide !== 'unknown' ? codeSide : sideOfBodySite(ctx, bodySite);
  return { vein, segment, side, muscular, source };
}

const UNNAMED = new Set(['unspecified', 'other', 'unspecified-distal', 'unspecified-proximal']);

export function isNamedVein(vein: string): boolean {
  return !UNNAMED.has(vein);
}

function sidesCompatible(a: Side, b: Side): boolean {
  return a === b || a === 'unknown' || b === 'unknown';
}

/**
 * Merge the same vein seen by several sources (code, bodySite, findings): a specific vein replaces its generic
 * family name; an unknown side takes the known one. Distinct veins remain.
 */
export function mergeVeins(veins: readonly VeinInvolvement[]): VeinInvolvement[] {
  const merged: VeinInvolvement[] = [];
  for (const v of veins) {
    const sameIndex = merged.findIndex((m) => veinFamily(m.vein) === veinFamily(v.vein) && sidesCompatible(m.side, v.side)
      && (m.vein === v.vein || isGenericVein(m.vein) || isGenericVein(v.vein)));
    if (sameIndex < 0) {
      merged.push(v);
      continue;
    }
    const m = merged[sameIndex] as VeinInvolvement;
    const specific = isGenericVein(m.vein) && !isGenericVein(v.vein) ? v : m;
    merged[sameIndex] = { ...specific, side: m.side !== 'unknown' ? m.side : v.side };
  }
  return merged;
}

/** Distinct named veins, both legs: a bilateral entry is one vein in each leg. */
export function countVeins(veins: readonly VeinInvolvement[]): number {
  return veins.filter((v) => isNamedVein(v.vein)).reduce((n, v) => n + (v.side === 'bilateral' ? 2 : 1), 0);
}
