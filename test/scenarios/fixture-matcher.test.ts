/**
 * The harness itself: the matcher accepts a hand-written response that does what SC01 expects and rejects each
 * way a response can be wrong, with a message naming the scenario; the request checker rejects invalid requests.
 * (So that scenario failures mean "wrong advice", never "broken harness".)
 */
import { ADVICE_SYSTEM } from '../../src/cds/types';
import { checkCdsResponse, checkExpectations, orderDurationsDays } from '../support/fixture-expectations';
import { loadScenarioFixtures } from '../support/fixture-load';
import { checkFixtureRequest } from '../support/fixture-request-checks';
import type { ScenarioFixture } from '../support/fixture-types';

const byId = new Map(loadScenarioFixtures().map((l) => [l.fixture.id, l.fixture]));
function fixture(id: string): ScenarioFixture {
  const f = byId.get(id);
  if (f === undefined) throw new Error(`no fixture ${id}`);
  return f;
}

let n = 0;
const uuid = (): string => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

const duplex = (start: string, end: string) => ({
  type: 'create', description: 'Duplex',
  resource: {
    resourceType: 'ServiceRequest', status: 'draft', intent: 'order', subject: { reference: 'Patient/sc01' },
    code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '93970' }, { system: 'http://loinc.org', code: '39420-5' }] },
    occurrencePeriod: { start, end },
  },
});

const apixabanOrder = {
  type: 'create', description: 'Apixaban order',
  resource: {
    resourceType: 'MedicationRequest', status: 'draft', intent: 'order', subject: { reference: 'Patient/sc01' },
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1364445' }] },
    dosageInstruction: [
      { sequence: 1, timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', boundsDuration: { value: 7, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' } } },
        doseAndRate: [{ doseQuantity: { value: 10, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }] },
      { sequence: 2, timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', boundsDuration: { value: 83, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' } } },
        doseAndRate: [{ doseQuantity: { value: 5, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }] },
    ],
  },
};

const card = (code: string, indicator: string, extra: Record<string, unknown> = {}) => ({
  uuid: uuid(), summary: `Card ${code}`, indicator, detail: 'Thrombus 2.8 cm on 2025-03-03.',
  source: { label: 'IDDVT CDS', topic: { system: ADVICE_SYSTEM, code } }, ...extra,
});

/** What SC01 should produce (RULES §6 SC01). */
function sc01Response(): { cards: Record<string, unknown>[] } {
  return {
    cards: [
      card('SERIAL_IMAGING', 'info', {
        selectionBehavior: 'at-most-one',
        suggestions: [
          { label: 'Serial duplex at ~7 and ~14 days', uuid: uuid(), isRecommended: true,
            actions: [duplex('2025-03-08', '2025-03-12'), duplex('2025-03-15', '2025-03-19')] },
          { label: 'Instead: apixaban', uuid: uuid(), actions: [apixabanOrder] },
        ],
        overrideReasons: [{ system: 'urn:distal-dvt-cds:override', code: 'patient-preference', display: 'Patient preference' }],
        links: [{ label: 'CHEST 2021', url: 'https://journal.chestnet.org/', type: 'absolute' }],
      }),
      card('MUSCULAR_ONLY_NOTE', 'info'),
      card('BILATERAL_SURVEILLANCE_NOTE', 'info'),
    ],
  };
}

const sc01 = fixture('SC01');
const check = (body: unknown): string[] => checkExpectations('SC01', sc01.expected, body);
type Card = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- hand-edited test data
const mutate = (edit: (cards: Card[]) => void): { cards: Card[] } => {
  const body = sc01Response() as { cards: Card[] };
  edit(body.cards);
  return body;
};

describe('checkExpectations (the fixture matcher)', () => {
  test('accepts a response that does what SC01 expects, and it is spec-valid', () => {
    expect(check(sc01Response())).toEqual([]);
    expect(checkCdsResponse(sc01Response())).toEqual([]);
  });

  test.each([
    ['wrong primary', (c: Card[]) => { c[0]!.source.topic.code = 'ANTICOAGULATE'; }, /SC01: .*ANTICOAGULATE must not appear|SC01: primary is ANTICOAGULATE/],
    ['wrong indicator', (c: Card[]) => { c[0]!.indicator = 'warning'; }, /SC01: primary indicator is warning, expected info/],
    ['missing note', (c: Card[]) => { c.splice(1, 1); }, /SC01: note MUSCULAR_ONLY_NOTE missing/],
    ['absent code present', (c: Card[]) => { c.push(card('ANTICOAGULATE', 'warning')); }, /SC01: ANTICOAGULATE must not appear/],
    ['scan window off by a day', (c: Card[]) => { c[0]!.suggestions[0].actions[0].resource.occurrencePeriod.start = '2025-03-09'; }, /SC01: no suggestion matches/],
    ['serial imaging not recommended', (c: Card[]) => { delete c[0]!.suggestions[0].isRecommended; }, /SC01: no suggestion matches \(recommended\)/],
    ['suggestions in the wrong order', (c: Card[]) => { c[0]!.suggestions.reverse(); }, /SC01: no suggestion after #\d matches/],
    ['apixaban at 5 mg', (c: Card[]) => { c[0]!.suggestions[1].actions[0].resource.dosageInstruction[0].doseAndRate[0].doseQuantity.value = 5; }, /SC01: no suggestion after #0 matches/],
    ['one scan only', (c: Card[]) => { c[0]!.suggestions[0].actions.pop(); }, /SC01: no suggestion matches/],
    ['detail without the length', (c: Card[]) => { c[0]!.detail = 'Thrombus on 2025-03-03.'; }, /SC01: primary card detail lacks "2.8 cm"/],
    ['no cards', (c: Card[]) => { c.splice(0); }, /SC01: expected primary SERIAL_IMAGING, got no cards/],
  ])('rejects: %s', (_name, edit, message) => {
    const problems = check(mutate(edit));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(message);
  });

  test('primary null accepts only an empty card list', () => {
    expect(checkExpectations('SC21', { primary: null }, { cards: [] })).toEqual([]);
    expect(checkExpectations('SC21', { primary: null }, sc01Response())).toEqual([
      'SC21: expected no cards, got [SERIAL_IMAGING, MUSCULAR_ONLY_NOTE, BILATERAL_SURVEILLANCE_NOTE]',
    ]);
  });

  test('primaryOptional accepts no cards; "*" accepts any code but still checks the indicator', () => {
    expect(checkExpectations('X16', { primary: 'SURVEILLANCE_IN_PROGRESS', primaryOptional: true }, { cards: [] })).toEqual([]);
    expect(checkExpectations('D01', { primary: '*', indicator: 'critical' }, { cards: [card('ANY_CODE', 'critical')] })).toEqual([]);
    expect(checkExpectations('D01', { primary: '*', indicator: 'critical' }, { cards: [card('ANY_CODE', 'info')] }))
      .toEqual(['D01: primary indicator is info, expected critical']);
    expect(checkExpectations('D01', { primary: '*' }, { cards: [] })).toEqual(['D01: expected primary *, got no cards']);
  });

  test('suggestions: [] demands a card without suggestions; absentOrderCodes looks at every card', () => {
    const expected = { primary: 'SERIAL_IMAGING', suggestions: [], absentOrderCodes: ['1364445'] };
    const problems = checkExpectations('SC05', expected, sc01Response());
    expect(problems.join('\n')).toMatch(/SC05: primary card should have no suggestions/);
    expect(problems.join('\n')).toMatch(/SC05: SERIAL_IMAGING suggests "Instead: apixaban" with forbidden code\(s\) 1364445/);
  });

  test('delete by resourceId, first, labelIncludes and durationDays (± 2 days) match as documented', () => {
    const body = { cards: [card('AGENT_AVOID_IN_PREGNANCY', 'critical', {
      selectionBehavior: 'at-most-one',
      suggestions: [{ label: 'Switch to enoxaparin (dose by weight)', uuid: uuid(), actions: [
        { type: 'delete', description: 'Remove apixaban', resourceId: 'MedicationRequest/draft-1' },
        { ...apixabanOrder, type: 'update' },
      ] }],
    })] };
    const exp = (resourceId: string, durationDays: number) => ({
      primary: 'AGENT_AVOID_IN_PREGNANCY',
      suggestions: [{ first: true, labelIncludes: 'DOSE BY WEIGHT', actions: [
        { type: 'update' as const, resourceType: 'MedicationRequest', durationDays },
        { type: 'delete' as const, resourceId },
      ] }],
    });
    expect(checkExpectations('O01', exp('MedicationRequest/draft-1', 92), body)).toEqual([]);
    expect(checkExpectations('O01', exp('MedicationRequest/draft-2', 90), body)).toHaveLength(1);
    expect(checkExpectations('O01', exp('MedicationRequest/draft-1', 95), body)).toHaveLength(1);
    expect(orderDurationsDays(apixabanOrder.resource)).toEqual([7, 83, 90]);
  });
});

describe('checkCdsResponse (spec validity)', () => {
  test.each([
    ['summary of 140 characters', (c: Card[]) => { c[0]!.summary = 'x'.repeat(140); }, /summary must be 1–139/],
    ['unknown indicator', (c: Card[]) => { c[0]!.indicator = 'hard-stop'; }, /indicator must be info, warning or critical/],
    ['no selectionBehavior', (c: Card[]) => { delete c[0]!.selectionBehavior; }, /suggestions but no valid selectionBehavior/],
    ['two recommended with at-most-one', (c: Card[]) => { c[0]!.suggestions[1].isRecommended = true; }, /more than one isRecommended/],
    ['override reason without display', (c: Card[]) => { delete c[0]!.overrideReasons[0].display; }, /overrideReasons\[0\] needs code, system and display/],
    ['card uuid not a UUID', (c: Card[]) => { c[0]!.uuid = 'card-1'; }, /cards\[0\]\.uuid must be a UUID/],
    ['duplicate uuids', (c: Card[]) => { c[1]!.uuid = c[0]!.uuid; }, /uuids must be unique/],
    ['empty links array', (c: Card[]) => { c[0]!.links = []; }, /cards\[0\]\.links is empty/],
    ['null detail', (c: Card[]) => { c[1]!.detail = null; }, /cards\[1\]\.detail is empty/],
    ['topic outside the advice system', (c: Card[]) => { c[0]!.source.topic.system = 'urn:other'; }, /source\.topic must be a Coding in urn:distal-dvt-cds:advice/],
    ['delete without resourceId', (c: Card[]) => { c[0]!.suggestions[1].actions = [{ type: 'delete', description: 'x' }]; }, /resourceId must be Type\/id/],
    ['relative link', (c: Card[]) => { c[0]!.links[0].url = '/rules'; }, /links\[0\] needs label, absolute url/],
  ])('rejects: %s', (_name, edit, message) => {
    expect(checkCdsResponse(mutate(edit)).join('\n')).toMatch(message);
  });
});

describe('checkFixtureRequest', () => {
  const withContext = (f: ScenarioFixture, context: Record<string, unknown>): ScenarioFixture =>
    ({ ...f, request: { ...f.request, context: { ...f.request.context, ...context } } });

  test.each([
    ['patientId with a type prefix', withContext(sc01, { patientId: 'Patient/sc01' }), /patientId must be a plain FHIR id/],
    ['userId without a type', withContext(sc01, { userId: 'dr-lee' }), /userId must be Practitioner/],
    ['hookInstance not a UUID', { ...sc01, request: { ...sc01.request, hookInstance: 'abc' } }, /hookInstance must be a UUID/],
    ['selection not in draftOrders', withContext(fixture('O01'), { selections: ['MedicationRequest/nope'] }), /selection MedicationRequest\/nope is not in draftOrders/],
    ['discharge without encounterId', withContext(fixture('D01'), { encounterId: undefined }), /encounter-discharge needs context.encounterId/],
  ])('rejects: %s', (_name, f, message) => {
    expect(checkFixtureRequest(f).join('\n')).toMatch(message);
  });
});
