/**
 * Venous ultrasound reports and their local findings (RULES §2.5): protocol of a scan, which findings belong to
 * it (derivedFrom / DiagnosticReport.result, else same time), and the follow-up results after the diagnosis.
 */
import type { CodeableConcept } from 'fhir/r4';
import { first, paths } from '../../fhir/fhirpath';
import { VS } from '../knowledge/value-set-ids';
import { membershipsOf } from '../knowledge/value-set-index';
import type { ScanProtocol } from '../types';
import type { FactContext } from './context';
import { parseFhirDate, type FhirInstant } from './dates';
import { findingCode, observationsIn, type ObservationHit } from './lookups';
import { arrayOf, refOf, relativeRef, type ResourceOf } from './record-index';

export type ReportResource = ResourceOf<'DiagnosticReport'>;

export interface ScanReport {
  readonly report: ReportResource;
  readonly ref: string;
  readonly when: FhirInstant | null;
  /** Protocol from the report code (before any imaging-protocol finding). */
  readonly codedProtocol: ScanProtocol;
}

const UNUSABLE_REPORT = new Set(['cancelled', 'entered-in-error', 'registered']);

function protocolOfCode(ctx: FactContext, code: CodeableConcept | undefined): ScanProtocol | null {
  const inSet = membershipsOf(ctx.vs, code);
  if (inSet(VS.venousUsProximalOnly)) return 'proximal-2-point';
  if (inSet(VS.venousUsLimited)) return 'limited';
  if (inSet(VS.venousUsWholeLeg)) return 'whole-leg';
  // CPT 93971 covers "one complete leg" and "limited": protocol unknown unless a finding says (RULES §2.5).
  if (inSet(VS.venousUsUnilateralOrLimited)) return 'unknown';
  return null;
}

/** Venous ultrasound reports, oldest first. */
export function venousReports(ctx: FactContext): ScanReport[] {
  const reports: ScanReport[] = [];
  for (const report of ctx.record.all('DiagnosticReport')) {
    if (typeof report.status === 'string' && UNUSABLE_REPORT.has(report.status)) continue;
    const codedProtocol = protocolOfCode(ctx, report.code as CodeableConcept | undefined);
    if (codedProtocol === null) continue;
    reports.push({ report, ref: refOf(report), when: parseFhirDate(first(paths.reportWhen, report)), codedProtocol });
  }
  return reports.sort((a, b) => (a.when?.start ?? Infinity) - (b.when?.start ?? Infinity));
}

/** Does the finding belong to the report (derivedFrom, or listed in DiagnosticReport.result)? */
export function isFindingOf(finding: ObservationHit, report: ScanReport): boolean {
  if (arrayOf(finding.observation.derivedFrom).some((r) => relativeRef(r) === report.ref)) return true;
  return arrayOf(report.report.result).some((r) => relativeRef(r) === finding.ref);
}

/** Is the finding linked to some report at all? Unlinked findings are placed by their date. */
export function isLinkedFinding(finding: ObservationHit): boolean {
  return arrayOf(finding.observation.derivedFrom).some((r) => relativeRef(r)?.startsWith('DiagnosticReport/') === true);
}

/** Protocol of a report: an imaging-protocol finding of that report wins over the report code. */
export function protocolOf(ctx: FactContext, report: ScanReport, protocolFindings: readonly ObservationHit[]): ScanProtocol {
  const finding = protocolFindings.find((f) => isFindingOf(f, report));
  const code = finding ? findingCode(finding.observation) : null;
  if (code === 'whole-leg' || code === 'proximal-2-point' || code === 'limited' || code === 'unknown') return code;
  return report.codedProtocol;
}

export function protocolFindings(ctx: FactContext): ObservationHit[] {
  return observationsIn(ctx, VS.findingImagingProtocol);
}
