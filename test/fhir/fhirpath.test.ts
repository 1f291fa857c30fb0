import { compilePath, first, isString, paths } from '../../src/fhir/fhirpath';

describe('compiled FHIRPath (R4 model)', () => {
  test('choice types resolve through the R4 model', () => {
    const obs = { resourceType: 'Observation', valueQuantity: { value: 420, code: 'ng/mL{FEU}' }, effectivePeriod: { start: '2025-03-03T10:00:00Z' } };
    expect(paths.observationQuantity(obs)).toEqual([{ value: 420, code: 'ng/mL{FEU}' }]);
    expect(first(paths.observationWhen, obs)).toBe('2025-03-03T10:00:00Z');
    expect(first(paths.conditionOnset, { resourceType: 'Condition', onsetPeriod: { start: '2025-02' } })).toBe('2025-02');
    expect(first(paths.conditionOnset, { resourceType: 'Condition', recordedDate: '2025-02-03' })).toBe('2025-02-03');
  });

  test('wrong-typed data is filtered out by the guard, not returned', () => {
    expect(paths.observationQuantity({ resourceType: 'Observation', valueQuantity: 'garbage' })).toEqual([]);
    expect(paths.observationWhen({ resourceType: 'Observation', effectiveDateTime: 42 })).toEqual([]);
  });

  test('never throws on odd input', () => {
    expect(paths.patientBirthDate(null)).toEqual([]);
    expect(paths.patientBirthDate('Patient')).toEqual([]);
    const broken = compilePath('Patient.birthDate', isString);
    expect(broken({ resourceType: 'Patient', birthDate: { nested: true } })).toEqual([]);
  });

  test('an expression is bound to its resource type', () => {
    expect(paths.observationQuantity({ resourceType: 'Condition', valueQuantity: { value: 1 } })).toEqual([]);
  });
});

describe('compiled paths read result nodes unresolved (issue 7)', () => {
  test('object results are the resource\'s own objects, as the resolved evaluation gives them', () => {
    const quantity = { value: 1.2, unit: 'mg/dL' };
    const obs = { resourceType: 'Observation', valueQuantity: quantity };
    const [read] = paths.observationQuantity(obs);
    expect(read).toBe(quantity);
    expect(paths.observationQuantity({ resourceType: 'Observation', valueQuantity: [{ value: 1 }, { value: 2 }] })).toEqual([{ value: 1 }, { value: 2 }]);
  });

  test('a frozen result object gives what the resolved evaluation gives (it fails there: no value)', () => {
    const obs = { resourceType: 'Observation', valueQuantity: Object.freeze({ value: 1, unit: 'mg' }) };
    expect(paths.observationQuantity(obs)).toEqual([]);
    expect(first(paths.observationWhen, { resourceType: 'Observation', effectivePeriod: Object.freeze({ start: '2025-01-01' }) })).toBe('2025-01-01');
  });

  test('metadata-only elements and wrong types give nothing', () => {
    expect(paths.observationQuantity({ resourceType: 'Observation', valueQuantity: null, _valueQuantity: { id: 'x' } })).toEqual([]);
    expect(paths.observationInteger({ resourceType: 'Observation', valueInteger: '3' })).toEqual([]);
    expect(paths.observationBoolean({ resourceType: 'Observation', valueBoolean: false })).toEqual([false]);
  });
});
