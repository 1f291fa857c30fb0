/**
 * Every unit comparison goes through UCUM (DESIGN "Quantities go through UCUM before any comparison").
 * Conversions use @lhncbc/ucum-lhc; each (from, to, molecular weight) factor is computed once and cached, so a
 * request pays a Map lookup. Annotations such as `{FEU}` / `{DDU}` are stripped before conversion and returned
 * as the basis (RULES §2.4: `ng/mL{FEU}`, `mg/L{FEU}`, `ug/mL{DDU}` …). Common non-UCUM spellings seen in lab
 * feeds (µg, mcg, K/uL, 10^9/L, lb, IU) are mapped to UCUM first. Unknown units give null — never a guess.
 */
import { UcumLhcUtils } from '@lhncbc/ucum-lhc';

export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

export interface ParsedUnit {
  /** UCUM code without annotations, e.g. `ng/mL`. */
  readonly code: string;
  /** Upper-cased annotation text without braces, e.g. `FEU`; null when none. */
  readonly annotation: string | null;
}

const utils = UcumLhcUtils.getInstance();

/** Whole-unit spellings that are not UCUM but unambiguous. */
const UNIT_ALIASES: Readonly<Record<string, string>> = {
  'K/uL': '10*3/uL', 'k/uL': '10*3/uL', 'x10^3/uL': '10*3/uL', '10^3/uL': '10*3/uL', 'x10E3/uL': '10*3/uL',
  '10E3/uL': '10*3/uL', 'thou/uL': '10*3/uL', '10^9/L': '10*9/L', 'x10^9/L': '10*9/L', 'x10E9/L': '10*9/L',
  '10E9/L': '10*9/L', 'G/L': '10*9/L', lb: '[lb_av]', lbs: '[lb_av]', IU: '[iU]', '[IU]': '[iU]', U: '[iU]',
  units: '[iU]', unit: '[iU]', 'anti-Xa IU': '[iU]', kgs: 'kg', 'mL/min/1.73m2': 'mL/min/{1.73_m2}',
};

/** Arbitrary units (UCUM `[iU]`) cannot be converted, only matched. */
const ARBITRARY = new Set(['[iU]']);

/**
 * Parsed units by the text as sent. Perf (issue 7): every quantity read parses its unit and the target unit with
 * a handful of regexes; a chart repeats a few units. Unit strings only, and bounded: cleared when full, since the
 * strings come from requests.
 */
const parsedUnits = new Map<string, ParsedUnit | null>();
const PARSED_UNITS_LIMIT = 1024;

/** `ng/mL{FEU}` → {code: 'ng/mL', annotation: 'FEU'}; `µg/mL FEU` → {code: 'ug/mL', annotation: 'FEU'}. */
export function parseUnit(raw: unknown): ParsedUnit | null {
  if (typeof raw !== 'string') return null;
  const cached = parsedUnits.get(raw);
  if (cached !== undefined) return cached;
  const parsed = parseUnitText(raw);
  if (parsedUnits.size >= PARSED_UNITS_LIMIT) parsedUnits.clear();
  parsedUnits.set(raw, parsed === null ? null : Object.freeze(parsed));
  return parsed;
}

function parseUnitText(raw: string): ParsedUnit | null {
  let text = raw.trim();
  if (text === '') return null;
  let annotation: string | null = null;
  const braces = text.match(/\{([^}]*)\}/g);
  const trailingWord = text.match(/^(\S+)\s+(FEU|DDU)$/i);
  if (trailingWord?.[1] && trailingWord[2]) {
    annotation = trailingWord[2].toUpperCase();
    text = trailingWord[1];
  }
  if (braces) {
    // Keep only annotations that carry a basis; others ({score}, {1.73_m2}) are part of the code.
    const basis = braces.map((b) => b.slice(1, -1).trim().toUpperCase()).find((b) => b === 'FEU' || b === 'DDU');
    if (basis) {
      annotation = basis;
      text = text.replace(/\{\s*(FEU|DDU)\s*\}/i, '');
    }
  }
  text = text.replace(/[µμ]/g, 'u').replace(/mcg/g, 'ug').replace(/\s+/g, '');
  const code = UNIT_ALIASES[text] ?? text;
  return code === '' ? null : { code, annotation };
}

/**
 * from → to → molecular weight ('' for none) → factor; nested so a lookup builds no key string. Unit codes come
 * from requests: bounded like the parsed units (cleared when full).
 */
const factorCache = new Map<string, Map<string, Map<number | '', number | null>>>();
let factorCacheSize = 0;
const FACTOR_CACHE_LIMIT = 4096;

/** Multiplier from `fromCode` to `toCode` (both UCUM without basis annotations); null when not convertible. */
export function conversionFactor(fromCode: string, toCode: string, molecularWeight?: number): number | null {
  if (factorCacheSize >= FACTOR_CACHE_LIMIT) {
    factorCache.clear();
    factorCacheSize = 0;
  }
  let byTo = factorCache.get(fromCode);
  if (byTo === undefined) {
    byTo = new Map();
    factorCache.set(fromCode, byTo);
  }
  let byWeight = byTo.get(toCode);
  if (byWeight === undefined) {
    byWeight = new Map();
    byTo.set(toCode, byWeight);
  }
  const weightKey = molecularWeight ?? '';
  const cached = byWeight.get(weightKey);
  if (cached !== undefined) return cached;
  let factor: number | null;
  if (fromCode === toCode) factor = 1;
  else if (ARBITRARY.has(fromCode) || ARBITRARY.has(toCode)) factor = null;
  else {
    try {
      const result = utils.convertUnitTo(fromCode, 1, toCode, molecularWeight ? { molecularWeight } : undefined);
      // Rounded to 12 significant digits: 10*3/uL → 10*9/L is 0.9999999999999999 in floating point, which would
      // put a platelet count of exactly 50 below a "< 50" threshold.
      factor = result.status === 'succeeded' && typeof result.toVal === 'number' && Number.isFinite(result.toVal)
        ? Number(result.toVal.toPrecision(12))
        : null;
    } catch {
      factor = null;
    }
  }
  byWeight.set(weightKey, factor);
  factorCacheSize += 1;
  return factor;
}

/** `value` in `fromUnit` (any accepted spelling) expressed in `toCode`; null when either side is unknown. */
export function convertValue(value: number, fromUnit: unknown, toCode: string, molecularWeight?: number): number | null {
  const from = parseUnit(fromUnit);
  const to = parseUnit(toCode);
  if (!from || !to || !Number.isFinite(value)) return null;
  const factor = conversionFactor(from.code, to.code, molecularWeight);
  return factor === null ? null : Number((value * factor).toPrecision(12));
}

/** A FHIR Quantity as read from unvalidated JSON. */
export interface QuantityLike {
  readonly value?: unknown;
  readonly unit?: unknown;
  readonly system?: unknown;
  readonly code?: unknown;
}

/** The unit string a Quantity states: the UCUM `code` when coded in UCUM (or uncoded), else the human `unit`. */
export function unitOf(quantity: QuantityLike | undefined): string | null {
  if (!quantity) return null;
  const codeUsable = typeof quantity.code === 'string' && (quantity.system === undefined || quantity.system === UCUM_SYSTEM);
  if (codeUsable) return quantity.code as string;
  return typeof quantity.unit === 'string' ? quantity.unit : null;
}

/** Quantity value in `toCode`, or null when value or unit is missing or unknown. */
export function quantityIn(quantity: QuantityLike | undefined, toCode: string, molecularWeight?: number): number | null {
  if (!quantity || typeof quantity.value !== 'number') return null;
  const unit = unitOf(quantity);
  if (unit === null) return null;
  const converted = convertValue(quantity.value, unit, toCode, molecularWeight);
  if (converted !== null) return converted;
  // A UCUM code we could not use (e.g. a typo) may still come with a usable human unit.
  return typeof quantity.unit === 'string' && quantity.unit !== unit
    ? convertValue(quantity.value, quantity.unit, toCode, molecularWeight)
    : null;
}

/** The `{FEU}`/`{DDU}` basis annotation of a Quantity (code first, then unit). */
export function basisAnnotationOf(quantity: QuantityLike | undefined): 'FEU' | 'DDU' | null {
  for (const raw of [quantity?.code, quantity?.unit]) {
    const annotation = parseUnit(raw)?.annotation;
    if (annotation === 'FEU' || annotation === 'DDU') return annotation;
  }
  return null;
}
