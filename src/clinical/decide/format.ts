/** Number and evidence formatting for card text ("1,150 ng/mL FEU (≥ 500) on 2025-03-04"). Locale-independent. */
import type { Evidence } from '../types';

export function formatNumber(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  const [int, frac] = String(Math.abs(rounded)).split('.');
  const grouped = (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

function formatValue(value: Evidence['value']): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

/** One evidence line: label, value + unit, (rule), on date. */
export function formatEvidence(e: Evidence): string {
  const value = formatValue(e.value);
  const parts = [e.label];
  if (value !== '' && typeof e.value !== 'boolean') parts.push(e.unit ? `${value} ${e.unit}` : value);
  let line = parts.join(' ');
  if (e.rule) line += ` (${e.rule})`;
  if (e.date) line += ` on ${e.date.slice(0, 10)}`;
  return line;
}
