/** Shared body of the per-hook scenario test files: post each fixture, check spec validity and expectations. */
import nock from 'nock';
import { checkCdsResponse, checkExpectations } from '../support/fixture-expectations';
import { postFixture } from '../support/fixture-harness';
import { loadScenarioFixtures } from '../support/fixture-load';
import type { ServiceId } from '../support/fixture-types';

export function describeScenarios(services: readonly ServiceId[]): void {
  const fixtures = loadScenarioFixtures().map((l) => l.fixture).filter((f) => services.includes(f.service));

  beforeAll(() => {
    // Every fixture carries all prefetch keys: the service must not need the network.
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterAll(() => {
    nock.enableNetConnect();
  });

  test('there are scenarios for these services', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  test.each(fixtures.map((f) => [`${f.id} ${f.title}`, f] as const))('%s', async (_name, fixture) => {
    const { status, body } = await postFixture(fixture);
    expect({ scenario: fixture.id, status }).toEqual({ scenario: fixture.id, status: 200 });
    const problems = [
      ...checkCdsResponse(body).map((p) => `${fixture.id}: ${p}`),
      ...checkExpectations(fixture.id, fixture.expected, body),
    ];
    expect(problems).toEqual([]);
  });
}
