import { expandTemplate } from '../../src/cds/prefetch-tokens';
import { buildPatientRecord } from '../../src/fhir/record';

const context = { userId: 'PractitionerRole/role-1', patientId: 'p-1', encounterId: 'e 1' };

describe('prefetch template expansion', () => {
  it('replaces context and user tokens, encoding values but keeping Type/id paths', () => {
    expect(expandTemplate('Patient/{{context.patientId}}', context)).toBe('Patient/p-1');
    expect(expandTemplate('{{context.userId}}', context)).toBe('PractitionerRole/role-1');
    expect(expandTemplate('PractitionerRole/{{userPractitionerRoleId}}', context)).toBe('PractitionerRole/role-1');
    expect(expandTemplate('Encounter/{{context.encounterId}}', context)).toBe('Encounter/e%201');
  });

  it('gives null when a token has no value in this call', () => {
    expect(expandTemplate('Practitioner/{{userPractitionerId}}', context)).toBeNull();
    expect(expandTemplate('Encounter/{{context.encounterId}}', { userId: 'Practitioner/x', patientId: 'p' })).toBeNull();
  });
});

describe('buildPatientRecord', () => {
  it('flattens Bundles, drops OperationOutcomes, de-duplicates by type/id and normalises shapes', () => {
    const record = buildPatientRecord('p-1', [
      { resourceType: 'Patient', id: 'p-1' },
      { resourceType: 'Bundle', entry: [
        { resource: { resourceType: 'Condition', id: 'c1', category: { text: 'problem' } } },
        { resource: { resourceType: 'OperationOutcome', issue: [] } },
        { resource: { resourceType: 'Patient', id: 'p-1' } },
      ] },
      { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Condition', id: 'c1' } }] },
      null,
    ]);
    expect(record.patientId).toBe('p-1');
    expect(record.resources.map((r) => `${r.resourceType}/${r.id ?? ''}`)).toEqual(['Patient/p-1', 'Condition/c1']);
    expect((record.resources[1] as { category?: unknown }).category).toEqual([{ text: 'problem' }]);
  });
});
