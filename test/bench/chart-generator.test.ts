import type { Bundle, FhirResource } from 'fhir/r4';
import { BENCH_NOW, generateChart, PREFETCH_SEARCHES } from '../../bench/chart-generator';
import { orderSelectRequest, patientViewRequest } from '../../bench/hook-requests';

const SIZES = [1, 10, 15, 16, 100, 200, 1000, 10_000];

function codingsOf(value: unknown): { system?: unknown; code?: unknown }[] {
  if (typeof value !== 'object' || value === null || !('coding' in value) || !Array.isArray(value.coding)) return [];
  return value.coding as { system?: unknown; code?: unknown }[];
}

/** The fields R4 marks 1..1 on the types the generator writes, plus a coded `code` with system and code. */
function shapeProblems(resource: FhirResource): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string): void => {
    if (!ok) problems.push(`${resource.resourceType}/${resource.id ?? '?'}: ${what}`);
  };
  const record = resource as unknown as Record<string, unknown>;
  need(typeof resource.id === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(resource.id), 'id is a FHIR id');
  const subject = record.subject as { reference?: unknown } | undefined;
  switch (resource.resourceType) {
    case 'Patient':
      need(resource.birthDate !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(resource.birthDate), 'birthDate is a date');
      return problems;
    case 'Observation':
    case 'DiagnosticReport':
      need(typeof resource.status === 'string', 'status');
      need(codingsOf(resource.code).every((c) => typeof c.system === 'string' && typeof c.code === 'string') && codingsOf(resource.code).length > 0, 'coded code');
      need(typeof resource.effectiveDateTime === 'string' && !Number.isNaN(Date.parse(resource.effectiveDateTime)), 'effectiveDateTime');
      break;
    case 'Condition':
      need(codingsOf(resource.code).length > 0, 'coded code');
      need(codingsOf(resource.clinicalStatus).length === 1, 'clinicalStatus');
      break;
    case 'MedicationRequest':
      need(resource.status !== undefined && resource.intent !== undefined, 'status and intent');
      need(codingsOf(resource.medicationCodeableConcept).length > 0, 'medicationCodeableConcept');
      break;
    case 'ServiceRequest':
      need(resource.status !== undefined && resource.intent !== undefined, 'status and intent');
      break;
    case 'Encounter':
      need(typeof resource.status === 'string' && typeof resource.class?.code === 'string', 'status and class');
      break;
    case 'Procedure':
      need(typeof resource.status === 'string', 'status');
      break;
    default:
      problems.push(`unexpected resourceType ${resource.resourceType}`);
  }
  need(typeof subject?.reference === 'string' && subject.reference === 'Patient/bench-patient', 'subject is the patient');
  return problems;
}

describe('chart generator', () => {
  it('is deterministic: the same seed and size give the same JSON, another seed a different one', () => {
    expect(JSON.stringify(generateChart({ size: 200, seed: 42 }))).toBe(JSON.stringify(generateChart({ size: 200, seed: 42 })));
    expect(JSON.stringify(generateChart({ size: 200, seed: 43 }))).not.toBe(JSON.stringify(generateChart({ size: 200, seed: 42 })));
  });

  it.each(SIZES)('produces exactly %i resources, with unique type/ids, Patient first', (size) => {
    const chart = generateChart({ size });
    expect(chart.resources).toHaveLength(size);
    expect(chart.resources[0]?.resourceType).toBe('Patient');
    const keys = chart.resources.map((r) => `${r.resourceType}/${r.id ?? ''}`);
    expect(new Set(keys).size).toBe(size);
  });

  it('puts every resource in the prefetch key of its type, as searchset Bundles', () => {
    const chart = generateChart({ size: 1000 });
    let count = 1;
    for (const [key, type] of Object.entries(PREFETCH_SEARCHES)) {
      const bundle = (chart.prefetch as unknown as Record<string, Bundle>)[key];
      expect(bundle?.resourceType).toBe('Bundle');
      expect(bundle?.type).toBe('searchset');
      expect(bundle?.total).toBe(bundle?.entry?.length);
      for (const entry of bundle?.entry ?? []) {
        expect(entry.resource?.resourceType).toBe(type);
        expect(entry.fullUrl).toMatch(new RegExp(`/${type}/`));
      }
      count += bundle?.entry?.length ?? 0;
    }
    expect(count).toBe(1000);
    expect(chart.prefetch.patient.resourceType).toBe('Patient');
  });

  it('writes valid-looking R4 resources at every size', () => {
    for (const size of [10, 200, 10_000]) {
      const problems = generateChart({ size }).resources.flatMap(shapeProblems);
      expect(problems).toEqual([]);
    }
  });

  it('contains the index distal DVT (I82.461, gastrocnemius) and a D-dimer in ng/mL{FEU}', () => {
    const chart = generateChart({ size: 200 });
    const index = chart.resources.find((r) => r.resourceType === 'Condition' && codingsOf(r.code).some((c) => c.code === 'I82.461'));
    expect(index).toBeDefined();
    expect(JSON.stringify(index)).toContain('264481007');
    const dDimer = chart.resources.find((r) => r.resourceType === 'Observation' && codingsOf(r.code).some((c) => c.code === '48065-7'));
    expect(dDimer).toMatchObject({ valueQuantity: { value: 420, code: 'ng/mL{FEU}', system: 'http://unitsofmeasure.org' } });
  });

  it('dates all noise before the index episode and never after now', () => {
    const now = Date.parse(BENCH_NOW);
    for (const resource of generateChart({ size: 2000, seed: 3 }).resources) {
      const dated = resource as unknown as Record<string, unknown>;
      for (const field of ['effectiveDateTime', 'authoredOn', 'performedDateTime', 'onsetDateTime']) {
        const value = dated[field];
        if (typeof value === 'string') expect(Date.parse(value)).toBeLessThanOrEqual(now);
      }
    }
  });

  it('builds patient-view and order-select requests with the apixaban draft selected', () => {
    const chart = generateChart({ size: 200 });
    const view = patientViewRequest(chart, '00000000-0000-4000-8000-000000000001');
    expect(Object.keys(view.prefetch ?? {}).sort()).toEqual(
      ['conditions', 'diagnosticReports', 'encounters', 'medicationRequests', 'observations', 'patient', 'procedures', 'serviceRequests'],
    );
    const select = orderSelectRequest(chart, '00000000-0000-4000-8000-000000000002');
    const selected = select.context.selections?.[0];
    expect(selected).toBe('MedicationRequest/draft-apixaban');
    const ids = (select.context.draftOrders?.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
    expect(ids).toContain(selected);
    expect(ids.length).toBeGreaterThan(1);
  });
});
