/**
 * Would this fixture's request pass CDS Hooks validation, and is its chart well-formed FHIR R4 in the
 * conventions of fhir-fixtures/README.md? Returns every problem found (empty = fine).
 * CONFORMANCE §3.3 (hookInstance UUID), §3.4 (context fields per hook, id formats), §3.6 (prefetch values).
 */
import { SYS } from './fixture-codes';
import { isObject } from './fixture-load';
import { PREFETCH_KEYS, type PrefetchKey, type ScenarioFixture } from './fixture-types';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_V4_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FHIR_ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;
const TYPED_REF_RE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;
const USER_RE = /^(Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/;
/** ICD-10-CM with the dot after the third character (or a three-character code such as O80). */
const ICD10_RE = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

const RESOURCE_TYPE_BY_KEY: Readonly<Record<Exclude<PrefetchKey, 'patient'>, string>> = {
  conditions: 'Condition',
  observations: 'Observation',
  medicationRequests: 'MedicationRequest',
  serviceRequests: 'ServiceRequest',
  encounters: 'Encounter',
  procedures: 'Procedure',
  diagnosticReports: 'DiagnosticReport',
};

/** Every value under key `name` anywhere in a JSON tree. */
function collect(node: unknown, name: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const n of node) collect(n, name, out);
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === name) out.push(v);
      collect(v, name, out);
    }
  }
  return out;
}

function bundleResources(bundle: unknown): Record<string, unknown>[] {
  if (!isObject(bundle) || !Array.isArray(bundle['entry'])) return [];
  return bundle['entry'].filter(isObject).map((e) => e['resource']).filter(isObject);
}

function checkPrefetch(f: ScenarioFixture, patientId: string, problems: string[]): Record<string, unknown>[] {
  const all: Record<string, unknown>[] = [];
  const patient = f.request.prefetch.patient;
  if (!isObject(patient) || patient['resourceType'] !== 'Patient' || patient['id'] !== patientId) {
    problems.push('prefetch.patient must be the Patient resource whose id is context.patientId');
  } else {
    all.push(patient);
    if (typeof patient['birthDate'] !== 'string') problems.push('Patient.birthDate missing');
    if (!['male', 'female', 'other', 'unknown'].includes(String(patient['gender']))) problems.push('Patient.gender missing');
  }
  for (const key of PREFETCH_KEYS) {
    if (key === 'patient') continue;
    const bundle = f.request.prefetch[key];
    if (!isObject(bundle) || bundle['resourceType'] !== 'Bundle' || bundle['type'] !== 'searchset') {
      problems.push(`prefetch.${key} must be a searchset Bundle`);
      continue;
    }
    const entries = Array.isArray(bundle['entry']) ? bundle['entry'] : [];
    if (bundle['total'] !== entries.length) problems.push(`prefetch.${key}.total must equal the number of entries`);
    entries.forEach((e: unknown, i) => {
      const resource = isObject(e) ? e['resource'] : undefined;
      if (!isObject(e) || typeof e['fullUrl'] !== 'string' || !isObject(resource)) {
        problems.push(`prefetch.${key}.entry[${i}] needs fullUrl and resource`);
        return;
      }
      if (resource['resourceType'] !== RESOURCE_TYPE_BY_KEY[key]) problems.push(`prefetch.${key}.entry[${i}] is not a ${RESOURCE_TYPE_BY_KEY[key]}`);
      if (typeof resource['id'] !== 'string' || !FHIR_ID_RE.test(resource['id'])) problems.push(`prefetch.${key}.entry[${i}] has no valid id`);
      else if (!e['fullUrl'].endsWith(`/${String(resource['resourceType'])}/${resource['id']}`)) problems.push(`prefetch.${key}.entry[${i}].fullUrl does not name the resource`);
      const subject = resource['subject'];
      if (!isObject(subject) || subject['reference'] !== `Patient/${patientId}`) problems.push(`${String(resource['resourceType'])}/${String(resource['id'])}: subject must be Patient/${patientId}`);
      all.push(resource);
    });
  }
  return all;
}

function checkResources(resources: readonly Record<string, unknown>[], problems: string[]): void {
  for (const r of resources) {
    const name = `${String(r['resourceType'])}/${String(r['id'])}`;
    for (const coding of collect(r, 'coding').flat()) {
      if (!isObject(coding) || typeof coding['code'] !== 'string' || typeof coding['system'] !== 'string') {
        problems.push(`${name}: every Coding needs system and code`);
        continue;
      }
      if (coding['system'] === SYS.icd10 && !ICD10_RE.test(coding['code'])) problems.push(`${name}: ICD-10-CM ${coding['code']} must carry the dot`);
    }
    for (const q of [...collect(r, 'valueQuantity'), ...collect(r, 'doseQuantity')]) {
      if (!isObject(q) || q['system'] !== SYS.ucum || typeof q['code'] !== 'string' || typeof q['value'] !== 'number') {
        problems.push(`${name}: quantities must be UCUM (system, code, value)`);
      }
    }
    if (r['resourceType'] === 'Condition') {
      if (!isObject(r['clinicalStatus']) || !isObject(r['verificationStatus'])) problems.push(`${name}: clinicalStatus and verificationStatus required`);
    }
    if (r['resourceType'] === 'Observation' || r['resourceType'] === 'DiagnosticReport') {
      if (r['status'] !== 'final') problems.push(`${name}: status must be final`);
    }
  }
}

/** Relative references (Type/id) inside the request must resolve to a resource in the request. */
function checkReferences(resources: readonly Record<string, unknown>[], problems: string[]): void {
  const known = new Set(resources.map((r) => `${String(r['resourceType'])}/${String(r['id'])}`));
  for (const r of resources) {
    for (const ref of collect(r, 'reference')) {
      if (typeof ref !== 'string') continue;
      const m = TYPED_REF_RE.exec(ref);
      if (m === null) {
        problems.push(`${String(r['resourceType'])}/${String(r['id'])}: reference "${ref}" is not Type/id`);
      } else if (m[1] !== 'Practitioner' && !known.has(ref)) {
        problems.push(`${String(r['resourceType'])}/${String(r['id'])}: reference ${ref} does not resolve in the fixture`);
      }
    }
  }
}

/** Problems with a fixture's request (empty array = valid). */
export function checkFixtureRequest(f: ScenarioFixture): string[] {
  const problems: string[] = [];
  const { request } = f;
  if (!UUID_V4_RE.test(request.hookInstance)) problems.push('hookInstance must be a UUID (v4)');
  const ctx = request.context;
  if (typeof ctx['userId'] !== 'string' || !USER_RE.test(ctx['userId'])) problems.push('context.userId must be Practitioner/<id>');
  const patientId = ctx['patientId'];
  if (typeof patientId !== 'string' || !FHIR_ID_RE.test(patientId)) {
    problems.push('context.patientId must be a plain FHIR id (no "Patient/")');
    return problems;
  }
  const chart = checkPrefetch(f, patientId, problems);
  const drafts: Record<string, unknown>[] = [];
  if (request.hook === 'order-select' || request.hook === 'order-sign') {
    const bundle = ctx['draftOrders'];
    if (!isObject(bundle) || bundle['resourceType'] !== 'Bundle') problems.push('context.draftOrders must be a Bundle');
    drafts.push(...bundleResources(bundle));
    if (drafts.length === 0) problems.push('context.draftOrders has no entries');
  } else if (ctx['draftOrders'] !== undefined) {
    problems.push(`context.draftOrders is not a ${request.hook} field`);
  }
  if (request.hook === 'order-select') {
    const selections = ctx['selections'];
    const draftRefs = new Set(drafts.map((d) => `${String(d['resourceType'])}/${String(d['id'])}`));
    if (!Array.isArray(selections) || selections.length === 0) problems.push('order-select needs context.selections');
    else {
      for (const s of selections) {
        if (typeof s !== 'string' || !TYPED_REF_RE.test(s)) problems.push(`selection "${String(s)}" is not Type/id`);
        else if (!draftRefs.has(s)) problems.push(`selection ${s} is not in draftOrders`);
      }
    }
  } else if (ctx['selections'] !== undefined) {
    problems.push(`context.selections is not a ${request.hook} field`);
  }
  const encounterId = ctx['encounterId'];
  if (request.hook === 'encounter-discharge' && encounterId === undefined) problems.push('encounter-discharge needs context.encounterId');
  if (encounterId !== undefined) {
    if (typeof encounterId !== 'string' || !FHIR_ID_RE.test(encounterId)) problems.push('context.encounterId must be a plain FHIR id');
    else if (!chart.some((r) => r['resourceType'] === 'Encounter' && r['id'] === encounterId)) problems.push(`Encounter ${encounterId} is not in prefetch.encounters`);
  }
  checkResources(chart, problems);
  checkReferences([...chart, ...drafts], problems);
  const e = f.expected;
  for (const code of e.absent ?? []) if (code === e.primary) problems.push(`expected.absent contains the primary ${code}`);
  if (e.primary === null && (e.notes?.length ?? 0) > 0) problems.push('expected.notes with primary null');
  return problems;
}
