/** Shared body of the per-hook scenario test files: post each fixture, check spec validity and expectations. */
import { checkCdsResponse, checkExpectations } from '../support/fixture-expectations';
import { postFixture } from '../support/fixture-harness';
import { loadScenarioFixtures } from '../support/fixture-load';
import type { ServiceId } from '../support/fixture-types';

export function describeScenarios(services: readonly ServiceId[]): void {
  const fixtures = loadScenarioFixtures().map((l) => l.fixture).filter((f) => services.includes(f.service));

  test('there are scenarios for these services', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  test.each(fixtures.map((f) => [`${f.id} ${f.title}`, f] as const))('%s', async (_name, fixture) => {
    const { status, body, fetched } = await postFixture(fixture);
    // Every fixture carries all eight prefetch keys: the service answers without touching a FHIR server.
    expect({ scenario: fixture.id, status, fetched }).toEqual({ scenario: fixture.id, status: 200, fetched: [] });
    const problems = [
      ...checkCdsResponse(body).map((p) => `${fixture.id}: ${p}`),
      ...checkExpectations(fixture.id, fixture.expected, body),
    ];
    expect(problems).toEqual([]);
  }, 30_000); // the first post also loads hooks/; a bound for a loaded machine, not a timing assertion
}
