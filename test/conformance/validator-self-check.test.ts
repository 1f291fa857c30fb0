/**
 * The conformance validator must be able to fail: each broken response below is one a real client would reject,
 * and the validator has to name the problem. (A validator that passes everything would make the fixture test
 * meaningless.)
 */
import { cdsResponseProblems, discoveryProblems } from './cds-response-validator';

const goodCard = (): Record<string, unknown> => ({
  uuid: '0f0690cd-df99-4f06-b0cc-9094347fa17a',
  summary: 'Anticoagulate',
  indicator: 'warning',
  source: { label: 'Distal DVT CDS', topic: { system: 'urn:distal-dvt-cds:advice', code: 'ANTICOAGULATE' } },
  suggestions: [
    {
      label: 'Start apixaban',
      uuid: '241e0617-2746-4ff7-8cc2-1c8034c591ba',
      actions: [
        {
          type: 'create',
          description: 'apixaban order',
          resource: {
            resourceType: 'MedicationRequest',
            status: 'draft',
            intent: 'order',
            subject: { reference: 'Patient/p1' },
            medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1364445' }] },
            authoredOn: '2025-03-05',
          },
        },
        { type: 'delete', description: 'remove the draft', resourceId: 'MedicationRequest/d1' },
      ],
    },
  ],
  selectionBehavior: 'at-most-one',
  overrideReasons: [{ system: 'urn:x', code: 'pref', display: 'Patient preference' }],
  links: [{ label: 'Guideline', url: 'https://example.org/g', type: 'absolute' }],
});

function withChange(change: (card: Record<string, any>) => void): unknown {
  const card = goodCard();
  change(card as Record<string, any>);
  return { cards: [card] };
}

test('a conformant response has no problems', () => {
  expect(cdsResponseProblems({ cards: [goodCard()] })).toEqual([]);
  expect(cdsResponseProblems({ cards: [] })).toEqual([]);
});

test.each([
  ['summary of 140 characters', (c: any) => (c.summary = 'x'.repeat(140)), /summary has 140/],
  ['empty detail', (c: any) => (c.detail = ''), /detail is an empty string/],
  ['null detail', (c: any) => (c.detail = null), /detail is null/],
  ['bad indicator', (c: any) => (c.indicator = 'hard-stop'), /indicator must be one of/],
  ['no source.label', (c: any) => delete c.source.label, /source.label is required/],
  ['topic without system', (c: any) => delete c.source.topic.system, /topic.system is required/],
  ['suggestions without selectionBehavior', (c: any) => delete c.selectionBehavior, /selectionBehavior/],
  ['two recommended with at-most-one', (c: any) => {
    c.suggestions[0].isRecommended = true;
    c.suggestions.push({ label: 'b', uuid: '7c1f8a3e-1111-4b2a-9c3d-0e1f2a3b4c5d', isRecommended: true });
  }, /2 isRecommended/],
  ['empty actions', (c: any) => (c.suggestions[0].actions = []), /actions must be a non-empty array/],
  ['action without description', (c: any) => delete c.suggestions[0].actions[0].description, /description is required/],
  ['create without resourceType', (c: any) => delete c.suggestions[0].actions[0].resource.resourceType, /resourceType is required/],
  ['MedicationRequest without intent', (c: any) => delete c.suggestions[0].actions[0].resource.intent, /intent must be one of/],
  ['MedicationRequest without medication', (c: any) => delete c.suggestions[0].actions[0].resource.medicationCodeableConcept, /medication\[x\]/],
  ['ServiceRequest without code', (c: any) => (c.suggestions[0].actions[0].resource = { resourceType: 'ServiceRequest', status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' } }), /code is required/],
  ['empty array inside a resource', (c: any) => (c.suggestions[0].actions[0].resource.note = []), /note is an empty array/],
  ['empty object inside a resource', (c: any) => (c.suggestions[0].actions[0].resource.dispenseRequest = {}), /dispenseRequest is an empty object/],
  ['bad FHIR date', (c: any) => (c.suggestions[0].actions[0].resource.authoredOn = '05/03/2025'), /not a FHIR date/],
  ['delete with a bare id', (c: any) => (c.suggestions[0].actions[1].resourceId = 'd1'), /resourceId must be Type\/id/],
  ['relative link url', (c: any) => (c.links[0].url = '/guideline'), /url must be an absolute/],
  ['appContext on an absolute link', (c: any) => (c.links[0].appContext = 'x'), /appContext is not valid/],
  ['override reason without display', (c: any) => delete c.overrideReasons[0].display, /display is required/],
  ['repeated uuid', (c: any) => (c.suggestions[0].uuid = c.uuid), /uuids repeated/],
  ['unknown card field', (c: any) => (c.score = 3), /score is not a CDS Hooks 2.0 field/],
])('flags %s', (_name, change, expected) => {
  const problems = cdsResponseProblems(withChange(change));
  expect(problems.some((p) => expected.test(p))).toBe(true);
});

test('flags an empty systemActions and a missing cards array', () => {
  expect(cdsResponseProblems({ cards: [], systemActions: [] })).toContain('$.systemActions is an empty array');
  expect(cdsResponseProblems({ systemActions: [] })).toContain('$.cards must be an array');
});

test('discovery: flags missing required fields and non-2.0 prefetch tokens', () => {
  const ok = { hook: 'patient-view', title: 't', description: 'd', id: 'x', prefetch: { p: 'Patient/{{context.patientId}}' } };
  expect(discoveryProblems({ services: [ok] })).toEqual([]);
  expect(discoveryProblems({ services: [] })).toEqual([]);
  expect(discoveryProblems({ services: [{ ...ok, description: undefined }] })).toContain('$.services[0].description is required');
  const nested = { ...ok, prefetch: { m: 'Medication?_id={{context.draftOrders.MedicationRequest.id}}' } };
  expect(discoveryProblems({ services: [nested] }).join()).toMatch(/not CDS Hooks 2.0/);
  const today = { ...ok, prefetch: { o: 'Observation?patient={{context.patientId}}&date=gt{{today() - 90 days}}' } };
  expect(discoveryProblems({ services: [today] }).join()).toMatch(/not CDS Hooks 2.0/);
});
