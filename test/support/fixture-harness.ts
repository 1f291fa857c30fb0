/**
 * Posts a scenario fixture through the real HTTP service (supertest on createApp), at the fixture's "now"
 * (CDS_CLOCK) and with its threshold overrides applied to the knowledge loaded from hooks/.
 */
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadKnowledge } from '../../src/clinical/knowledge/load';
import type { Knowledge, Thresholds } from '../../src/clinical/knowledge/types';
import { testConfig } from '../../src/config';
import { createDefaultDeps } from '../../src/default-deps';
import type { ScenarioFixture } from './fixture-types';

export const KNOWLEDGE_DIR = path.resolve(__dirname, '../../hooks');

let base: Knowledge | undefined;

/** hooks/ as shipped, loaded once per test file. */
export function baseKnowledge(): Knowledge {
  base ??= loadKnowledge(KNOWLEDGE_DIR);
  return base;
}

/** The shipped knowledge with some thresholds overridden (a site editing hooks/knowledge/thresholds.json). */
export function knowledgeWith(thresholds: Partial<Thresholds> | undefined): Knowledge {
  const k = baseKnowledge();
  return thresholds === undefined ? k : { ...k, thresholds: { ...k.thresholds, ...thresholds } };
}

export interface PostedFixture {
  readonly status: number;
  readonly body: unknown;
  /** URLs the service tried to fetch: none expected, since every fixture carries all prefetch keys. */
  readonly fetched: readonly string[];
}

/**
 * POST the fixture's request to its service. `thresholds` defaults to the fixture's own overrides; pass another
 * set to replay the same chart under a different configuration.
 */
export async function postFixture(
  fixture: ScenarioFixture,
  thresholds: Partial<Thresholds> | undefined = fixture.thresholds,
): Promise<PostedFixture> {
  const config = testConfig({ clock: fixture.now, knowledgeDir: KNOWLEDGE_DIR });
  const fetched: string[] = [];
  // No network: a FHIR fallback would mean the fixture (or the prefetch handling) is incomplete.
  const offlineFetch: typeof fetch = (input) => {
    fetched.push(input instanceof Request ? input.url : String(input));
    return Promise.reject(new TypeError('scenario tests run offline'));
  };
  const app = createApp(config, createDefaultDeps(config, { knowledge: knowledgeWith(thresholds), fetch: offlineFetch }));
  const res = await request(app)
    .post(`/cds-services/${fixture.service}`)
    .set('Content-Type', 'application/json')
    .send(fixture.request);
  return { status: res.status, body: res.body as unknown, fetched };
}
