/**
 * The ICD-10-CM structure of leg DVT codes (RULES §2.2 classifier): which vein and which side a code names.
 * Segment membership itself comes from the value sets in hooks/ (sites add codes there); this module only reads
 * the 5th/6th characters that ICD-10-CM defines for I82.4-/I82.5- and the I80.1-/I80.2- phlebitis equivalents.
 */
import type { Segment, Side } from '../types';

export interface IcdVein {
  readonly acuity: 'acute' | 'chronic';
  readonly vein: string;
  readonly segment: Segment;
  readonly muscular: boolean;
  readonly side: Side;
}

const DVT_RE = /^I82\.?([45])([0-9YZ])([1239])$/i;
const VEIN: Readonly<Record<string, { vein: string; segment: Segment; muscular?: boolean }>> = {
  '0': { vein: 'unspecified', segment: 'unknown' },
  '1': { vein: 'femoral', segment: 'proximal' },
  '2': { vein: 'iliac', segment: 'proximal' },
  '3': { vein: 'popliteal', segment: 'proximal' },
  '4': { vein: 'tibial', segment: 'distal' },
  '5': { vein: 'peroneal', segment: 'distal' },
  '6': { vein: 'calf-muscular', segment: 'distal', muscular: true },
  '9': { vein: 'other', segment: 'unknown' },
  Y: { vein: 'unspecified-proximal', segment: 'proximal' },
  Z: { vein: 'unspecified-distal', segment: 'distal' },
};
const SIDE: Readonly<Record<string, Side>> = { '1': 'right', '2': 'left', '3': 'bilateral', '9': 'unknown' };

// I80.1x femoral (x: 0 unspecified, 1 right, 2 left, 3 bilateral); I80.2vx other deep veins (x: 1/2/3/9).
const PHLEBITIS_FEMORAL_RE = /^I80\.?1([0-3])$/i;
const PHLEBITIS_DEEP_RE = /^I80\.?2([0-59])([1239])$/i;
const PHLEBITIS_VEIN: Readonly<Record<string, { vein: string; segment: Segment; muscular?: boolean }>> = {
  '0': { vein: 'unspecified', segment: 'unknown' },
  '1': { vein: 'iliac', segment: 'proximal' },
  '2': { vein: 'popliteal', segment: 'proximal' },
  '3': { vein: 'tibial', segment: 'distal' },
  '4': { vein: 'peroneal', segment: 'distal' },
  '5': { vein: 'calf-muscular', segment: 'distal', muscular: true },
  '9': { vein: 'other', segment: 'unknown' },
};
const FEMORAL_SIDE: Readonly<Record<string, Side>> = { '0': 'unknown', '1': 'right', '2': 'left', '3': 'bilateral' };

/** Vein, segment and side of an ICD-10-CM leg-DVT code (with or without the dot); null for other codes. */
export function classifyIcdDvt(code: string): IcdVein | null {
  const m = DVT_RE.exec(code.trim());
  if (m?.[1] && m[2] && m[3]) {
    const vein = VEIN[m[2].toUpperCase()];
    const side = SIDE[m[3]];
    if (!vein || !side) return null;
    return { acuity: m[1] === '4' ? 'acute' : 'chronic', vein: vein.vein, segment: vein.segment, muscular: vein.muscular === true, side };
  }
  const femoral = PHLEBITIS_FEMORAL_RE.exec(code.trim());
  if (femoral?.[1]) {
    return { acuity: 'acute', vein: 'femoral', segment: 'proximal', muscular: false, side: FEMORAL_SIDE[femoral[1]] ?? 'unknown' };
  }
  const deep = PHLEBITIS_DEEP_RE.exec(code.trim());
  if (deep?.[1] && deep[2]) {
    const vein = PHLEBITIS_VEIN[deep[1]];
    if (!vein) return null;
    return { acuity: 'acute', vein: vein.vein, segment: vein.segment, muscular: vein.muscular === true, side: SIDE[deep[2]] ?? 'unknown' };
  }
  return null;
}

/**
 * Veins that name the same vessel at different precision: a specific vein (gastrocnemius) refines its family
 * (calf-muscular), so "I82.461 + bodySite gastrocnemius" counts one vein, not two.
 */
const FAMILY: Readonly<Record<string, string>> = {
  gastrocnemius: 'calf-muscular', soleal: 'calf-muscular', 'calf-muscular': 'calf-muscular',
  'anterior-tibial': 'tibial', 'posterior-tibial': 'tibial', tibial: 'tibial',
  peroneal: 'peroneal',
  'common-femoral': 'femoral', femoral: 'femoral', 'deep-femoral': 'deep-femoral',
  'common-iliac': 'iliac', 'external-iliac': 'iliac', 'internal-iliac': 'iliac', iliac: 'iliac',
  popliteal: 'popliteal',
};

export function veinFamily(vein: string): string {
  return FAMILY[vein] ?? vein;
}

/** Generic names that a more specific vein of the same family replaces. */
const GENERIC = new Set(['calf-muscular', 'tibial', 'iliac', 'unspecified', 'other', 'unspecified-distal', 'unspecified-proximal']);

export function isGenericVein(vein: string): boolean {
  return GENERIC.has(vein);
}
