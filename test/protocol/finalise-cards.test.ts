import { CardContractError, finaliseCards, type CardDraft } from '../../src/cds/finalise-cards';
import { ADVICE_SYSTEM } from '../../src/cds/types';

const counter = () => {
  let n = 0;
  return () => `id-${++n}`;
};

const base: CardDraft = {
  summary: 'Serial ultrasound at about 1 and 2 weeks',
  indicator: 'info',
  source: { label: 'distal-dvt-cds', topic: { system: ADVICE_SYSTEM, code: 'SERIAL_IMAGING' } },
};

describe('finaliseCards', () => {
  it('gives every card and suggestion a uuid, unique within the response', () => {
    const [card, second] = finaliseCards([
      { ...base, uuid: 'same', suggestions: [{ label: 'Order scans' }, { label: 'Start apixaban', uuid: 'same' }] },
      { ...base, uuid: 'same' },
    ], counter());
    const uuids = [card?.uuid, ...(card?.suggestions ?? []).map((s) => s.uuid), second?.uuid];
    expect(uuids.every((u) => typeof u === 'string' && u !== '')).toBe(true);
    expect(new Set(uuids).size).toBe(4);
    expect(card?.uuid).toBe('same');
  });

  it('keeps summaries under 140 characters, ending a cut one with an ellipsis', () => {
    const long = 'Anticoagulate: '.padEnd(200, 'x');
    const [card] = finaliseCards([{ ...base, summary: long }], counter());
    expect([...(card?.summary ?? '')].length).toBeLessThan(140);
    expect(card?.summary.endsWith('…')).toBe(true);
    const [short] = finaliseCards([{ ...base, summary: 'x'.repeat(139) }], counter());
    expect(short?.summary).toBe('x'.repeat(139));
  });

  it('adds selectionBehavior when there are suggestions, and at most one recommended with at-most-one', () => {
    const [card] = finaliseCards([{ ...base, suggestions: [{ label: 'A', isRecommended: true }, { label: 'B', isRecommended: true }] }], counter());
    expect(card?.selectionBehavior).toBe('at-most-one');
    expect(card?.suggestions?.filter((s) => s.isRecommended)).toHaveLength(1);
    const [any] = finaliseCards([{ ...base, selectionBehavior: 'any', suggestions: [{ label: 'A', isRecommended: true }, { label: 'B', isRecommended: true }] }], counter());
    expect(any?.suggestions?.filter((s) => s.isRecommended)).toHaveLength(2);
  });

  it('omits empty optional fields (no null, "", [] or {})', () => {
    const [card] = finaliseCards([{ ...base, detail: '', suggestions: [{ label: 'A', actions: [] }], overrideReasons: [], links: [] }], counter());
    expect(card).not.toHaveProperty('detail');
    expect(card).not.toHaveProperty('overrideReasons');
    expect(card).not.toHaveProperty('links');
    expect(card?.suggestions?.[0]).not.toHaveProperty('actions');
    expect(JSON.stringify(card)).not.toMatch(/null|""|\[\]|\{\}/);
  });

  it('drops appContext from absolute links and checks link URLs', () => {
    const [card] = finaliseCards([{ ...base, links: [{ label: 'CHEST 2021', url: 'https://example.org/chest', type: 'absolute', appContext: 'x' }] }], counter());
    expect(card?.links?.[0]).toEqual({ label: 'CHEST 2021', url: 'https://example.org/chest', type: 'absolute' });
    expect(() => finaliseCards([{ ...base, links: [{ label: 'L', url: '/relative', type: 'absolute' }] }], counter())).toThrow(CardContractError);
  });

  it('keeps create/update actions with a resource and delete actions with a resourceId', () => {
    const [card] = finaliseCards([{
      ...base,
      suggestions: [{
        label: 'Order',
        actions: [
          { type: 'create', description: 'Order duplex', resource: { resourceType: 'ServiceRequest', status: 'draft', intent: 'order', subject: { reference: 'Patient/p' } } },
          { type: 'delete', description: 'Remove draft', resourceId: 'MedicationRequest/m1' },
        ],
      }],
    }], counter());
    expect(card?.suggestions?.[0]?.actions?.map((a) => a.type)).toEqual(['create', 'delete']);
    expect(() => finaliseCards([{ ...base, suggestions: [{ label: 'X', actions: [{ type: 'delete', description: 'd', resourceId: 'm1' }] }] }], counter())).toThrow(/Type\/id/);
  });

  it('is idempotent: finalising finalised cards changes nothing (the engine and the HTTP shell both call it)', () => {
    const once = finaliseCards([{ ...base, summary: 'y'.repeat(300), suggestions: [{ label: 'A', isRecommended: true }] }], counter());
    expect(finaliseCards(once, counter())).toEqual(once);
  });

  it.each<[string, CardDraft]>([
    ['no source label', { ...base, source: { label: '', topic: base.source.topic } }],
    ['no advice topic', { ...base, source: { label: 'x' } }],
    ['a topic of another system', { ...base, source: { label: 'x', topic: { system: 'http://other', code: 'A' } } }],
    ['an indicator outside the enum', { ...base, indicator: 'hard-stop' as never }],
    ['an override reason without display', { ...base, overrideReasons: [{ system: 'urn:x', code: 'c' }] }],
    ['an empty summary', { ...base, summary: '  ' }],
  ])('refuses a card with %s', (_label, draft) => {
    expect(() => finaliseCards([draft], counter())).toThrow(CardContractError);
  });
});
