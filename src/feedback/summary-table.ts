/** The outcome summary as a plain-text table (the `summary` CLI command). Pure: rows in, text out. */
import type { OutcomeSummaryRow } from './types';

const HEADERS = ['service', 'advice code', 'issued', 'accepted', 'overridden', 'no response', 'top reasons'] as const;
const TOP_REASONS = 3;

/** `code×n` for the most frequent override reasons, ties by code so the output is stable. */
export function topReasons(byReason: Readonly<Record<string, number>>, limit = TOP_REASONS): string {
  return Object.entries(byReason)
    .sort(([codeA, a], [codeB, b]) => b - a || codeA.localeCompare(codeB))
    .slice(0, limit)
    .map(([code, n]) => `${code}×${n}`)
    .join(', ');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '' : ` (${Math.round((100 * part) / whole)}%)`;
}

export function formatSummaryTable(
  summary: { readonly rows: readonly OutcomeSummaryRow[]; readonly unknownCardFeedback: number },
  range: { readonly from?: string; readonly to?: string },
): string {
  const lines: string[] = [`Outcomes of cards issued from ${range.from ?? 'the beginning'} to ${range.to ?? 'now'}`];
  if (summary.rows.length === 0) {
    lines.push('No cards issued in this range.');
  } else {
    const table: string[][] = [
      [...HEADERS],
      ...summary.rows.map((row) => [
        row.serviceId,
        row.adviceCode,
        String(row.issued),
        `${row.accepted}${percent(row.accepted, row.issued)}`,
        `${row.overridden}${percent(row.overridden, row.issued)}`,
        `${row.noResponse}${percent(row.noResponse, row.issued)}`,
        topReasons(row.overriddenByReason),
      ]),
    ];
    const widths = HEADERS.map((_, column) => Math.max(...table.map((cells) => (cells[column] ?? '').length)));
    const numeric = (column: number): boolean => column >= 2 && column <= 5;
    for (const cells of table) {
      lines.push(
        cells
          .map((cell, column) => (numeric(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
          .join('  ')
          .trimEnd(),
      );
    }
  }
  lines.push(`Feedback on unknown cards: ${summary.unknownCardFeedback}`);
  return `${lines.join('\n')}\n`;
}
