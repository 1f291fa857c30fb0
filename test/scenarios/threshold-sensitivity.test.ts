/**
 * Configuration matters (issue 3, RULES §7): replaying every patient-view chart with one threshold changed in the
 * knowledge changes the advice for the scenario it should, and for no other.
 */
import type { Thresholds } from '../../src/clinical/knowledge/types';
import { adviceCode } from '../support/fixture-expectations';
import { postFixture } from '../support/fixture-harness';
import { isObject, loadScenarioFixtures } from '../support/fixture-load';
import type { ScenarioFixture } from '../support/fixture-types';

const patientView = loadScenarioFixtures().map((l) => l.fixture).filter((f) => f.service === 'distal-dvt-patient-view');

/** "CODE/indicator" of the first card, or "(no card)". */
async function primaryWith(fixture: ScenarioFixture, thresholds: Partial<Thresholds>): Promise<string> {
  const { status, body } = await postFixture(fixture, thresholds);
  if (status !== 200) return `HTTP ${status}`;
  const first = isObject(body) && Array.isArray(body['cards']) ? body['cards'][0] : undefined;
  return isObject(first) ? `${adviceCode(first)}/${String(first['indicator'])}` : '(no card)';
}

const CASES: readonly {
  readonly change: Partial<Thresholds>;
  /** Fixtures whose chart must change advice (both fixtures of a pair share the chart). */
  readonly changes: Readonly<Record<string, { readonly from: string; readonly to: string }>>;
}[] = [
  {
    change: { useAgeAdjustedDDimer: true },
    changes: {
      SC17: { from: 'ANTICOAGULATE', to: 'SERIAL_IMAGING' },
      SC17b: { from: 'ANTICOAGULATE', to: 'SERIAL_IMAGING' },
    },
  },
  {
    change: { lengthCm: 4 },
    changes: {
      X15: { from: 'SERIAL_IMAGING', to: 'ANTICOAGULATE' },
      X15b: { from: 'SERIAL_IMAGING', to: 'ANTICOAGULATE' },
    },
  },
];

describe('threshold sensitivity', () => {
  test.each(CASES.map((c) => [JSON.stringify(c.change), c] as const))('%s changes only the scenario it should', async (_name, c) => {
    const changed: Record<string, { from: string; to: string }> = {};
    // Every chart under the shipped thresholds, then under the shipped thresholds plus this one change.
    const results = await Promise.all(patientView.map(async (fixture) =>
      [fixture.id, await primaryWith(fixture, {}), await primaryWith(fixture, c.change)] as const));
    for (const [id, before, after] of results) {
      if (before !== after) changed[id] = { from: before.split('/')[0] ?? before, to: after.split('/')[0] ?? after };
    }
    expect(changed).toEqual(c.changes);
  }, 120_000); // ~90 HTTP round trips on a shared 2-core machine: a generous bound, not a timing assertion
});
