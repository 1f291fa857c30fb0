/** The terminal rendering of cards: what a clinician reads from `distal-dvt-cds evaluate`. */
import type { Card } from '../../src/cds/types';
import { renderCards } from '../../src/cli/render-cards';

const card: Card = {
  uuid: 'card-1',
  summary: 'Isolated distal DVT: anticoagulation suggested (3 months)',
  indicator: 'warning',
  detail: 'Factors favouring **anticoagulation**:\n- thrombus 6.5 cm (*> 5 cm*)\n- 2 calf veins\n\nSee [CHEST 2021](https://example.org/chest)',
  source: { label: 'IDDVT CDS', topic: { system: 'urn:distal-dvt-cds:advice', code: 'ANTICOAGULATE' } },
  selectionBehavior: 'at-most-one',
  suggestions: [
    {
      label: 'Start apixaban 10 mg BID x7d then 5 mg BID (3 months)',
      uuid: 's-1',
      isRecommended: true,
      actions: [
        {
          type: 'create',
          description: 'Apixaban order',
          resource: {
            resourceType: 'MedicationRequest',
            status: 'draft',
            intent: 'order',
            subject: { reference: 'Patient/p1' },
            medicationCodeableConcept: {
              coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1364445', display: 'apixaban 5 MG Oral Tablet' }],
            },
            dosageInstruction: [{ text: '10 mg twice daily for 7 days, then 5 mg twice daily' }],
          },
        },
      ],
    },
    {
      label: 'Instead: serial duplex at ~7 and ~14 days',
      uuid: 's-2',
      actions: [
        {
          type: 'create',
          description: 'Duplex day 7',
          resource: {
            resourceType: 'ServiceRequest',
            status: 'draft',
            intent: 'order',
            subject: { reference: 'Patient/p1' },
            code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '93970', display: 'Duplex scan, bilateral' }] },
            occurrencePeriod: { start: '2025-03-08', end: '2025-03-12' },
          },
        },
        { type: 'delete', description: 'Cancel the old scan', resourceId: 'ServiceRequest/old-1' },
      ],
    },
  ],
  links: [{ label: 'Guideline', url: 'https://example.org/guideline', type: 'absolute' }],
  overrideReasons: [{ system: 'urn:x', code: 'patient-preference', display: 'Patient preference' }],
};

describe('renderCards (text)', () => {
  const text = renderCards([card]);

  it('leads with the indicator and the summary, then the advice code', () => {
    expect(text).toContain('[WARNING] Isolated distal DVT: anticoagulation suggested (3 months)');
    expect(text).toContain('advice: ANTICOAGULATE');
  });

  it('prints the detail as plain text: emphasis stripped, list items and link targets kept', () => {
    expect(text).toContain('Factors favouring anticoagulation:');
    expect(text).toContain('- thrombus 6.5 cm (> 5 cm)');
    expect(text).toContain('See CHEST 2021 <https://example.org/chest>');
    expect(text).not.toContain('**');
  });

  it('says what each suggestion would order: type, codes, dose, window', () => {
    expect(text).toContain('Suggestions (choose at most one):');
    expect(text).toContain('1. Start apixaban 10 mg BID x7d then 5 mg BID (3 months)  (recommended)');
    expect(text).toContain('create MedicationRequest: apixaban 5 MG Oral Tablet [RxNorm 1364445] — Apixaban order');
    expect(text).toContain('dose: 10 mg twice daily for 7 days, then 5 mg twice daily');
    expect(text).toContain('create ServiceRequest: Duplex scan, bilateral [CPT 93970] — Duplex day 7');
    expect(text).toContain('window: 2025-03-08 to 2025-03-12');
    expect(text).toContain('delete ServiceRequest/old-1 — Cancel the old scan');
  });

  it('lists links and override reasons', () => {
    expect(text).toContain('Guideline <https://example.org/guideline>');
    expect(text).toContain('Override reasons: Patient preference');
  });

  it('says plainly when there is no card', () => {
    expect(renderCards([])).toBe('No cards: the service has no advice for this patient at this time.\n');
  });
});
