/** Number and evidence formatting for card text ("1,150 ng/mL FEU (≥ 500) on 2025-03-04"). Locale-independent. */
import type { Evidence } from '../types';

export function formatNumber(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  // Perf (issue 7): below 1,000 there is nothing to group — the plain text is the answer (no exponent form here).
  if (rounded > -1000 && rounded < 1000) return String(rounded);
  const [int, frac] = String(Math.abs(rounded)).split('.');
  const grouped = (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** Thousands separators inside free text ("D-dimer 2600 ng/mL FEU" → "D-dimer 2,600 ng/mL FEU"); dates and codes untouched. */
export function groupNumbersIn(text: string): string {
  // Only quantities: 4+ integer digits followed by a unit word ("2600 ng/mL"), never bare codes or dates.
  return text.replace(/(^|[\s(≥≤<>=~])(\d{4,})((?:\.\d+)?\s[a-zA-Zµ×/])/g,
    (_m, pre: string, digits: string, rest: string) => `${pre}${formatNumber(Number(digits))}${rest}`);
}

/** Units that attach to the number without a space ("8/10", "12%"). */
const TIGHT_UNIT = /^[/%]/;

function withUnit(value: string, unit: string | undefined): string {
  if (!unit) return value;
  return TIGHT_UNIT.test(unit) ? `${value}${unit}` : `${value} ${unit}`;
}

/** Units as a card shows them next to a number. */
const UNIT_WORDS: Readonly<Record<string, string>> = { years: 'y', year: 'y' };

/** A threshold folded into a label ("Age > 65") moves to the rule: "Age 67 y (> 65)". */
const THRESHOLD_IN_LABEL = /^(.*?)\s*([<>≤≥]=?\s*[\d.,]+)$/;

interface Phrase { readonly text: string; readonly threshold: string | null }

/** "Label value unit" for numbers; "Label: value" for text, without repeating words the label already says. */
function labelAndValue(e: Evidence): Phrase {
  const v = e.value;
  if (v === undefined || typeof v === 'boolean') return { text: e.label, threshold: null };
  if (typeof v === 'number') {
    const m = THRESHOLD_IN_LABEL.exec(e.label);
    const unit = e.unit === undefined ? undefined : UNIT_WORDS[e.unit] ?? e.unit;
    return { text: `${m?.[1] ?? e.label} ${withUnit(formatNumber(v), unit)}`, threshold: m?.[2] ?? null };
  }
  const text = groupNumbersIn(v.trim());
  const label = e.label.toLowerCase();
  const value = text.toLowerCase();
  if (value === '' || label.includes(value)) return { text: e.label, threshold: null };
  // "COVID-19" + "COVID-19 (disorder)": the value alone says both.
  if (value.startsWith(label)) return { text: withUnit(text, e.unit), threshold: null };
  return { text: `${e.label}: ${withUnit(text, e.unit)}`, threshold: null };
}

/** One evidence line: label, value + unit, (threshold; rule), on date. */
export function formatEvidence(e: Evidence): string {
  const { text, threshold } = labelAndValue(e);
  const rule = [threshold, e.rule ? groupNumbersIn(e.rule) : null].filter((x): x is string => x !== null && x !== '').join(', ');
  let line = text;
  if (rule) line += ` (${rule})`;
  if (e.date) line += ` on ${e.date.slice(0, 10)}`;
  return line;
}
