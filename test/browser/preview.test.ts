/**
 * The card preview page in a real browser (headless Debian Chromium driven by playwright-core) against the real
 * app on a loopback port, with the real SQLite feedback store on a temp file: pick two fixture scenarios, send
 * them, check that the page shows what the service answered (summary, indicator label, suggestion labels), accept
 * one suggestion and dismiss a card with a reason, and check that the feedback reached the store.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../../src/app';
import type { Card, CdsResponse } from '../../src/cds/types';
import { loadScenarios, type Scenario } from '../../src/cli/scenario-fixtures';
import { testConfig } from '../../src/config';
import { createDefaultDeps } from '../../src/default-deps';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store';

jest.setTimeout(90_000);

const ROOT = resolve(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test', 'artifacts');
const INDICATOR_LABELS: Readonly<Record<string, string>> = { info: 'Info', warning: 'Warning', critical: 'Critical' };

/** The first patient-view scenario expecting this advice (the fixture set is the source of truth). */
function scenarioExpecting(scenarios: readonly Scenario[], primary: string): Scenario {
  const found = scenarios.find((s) => s.expected.primary === primary && s.request.hook === 'patient-view');
  if (!found) throw new Error(`no patient-view scenario expecting ${primary} in fhir-fixtures/scenarios`);
  return found;
}

describe('card preview page (Chromium)', () => {
  const scenarios = loadScenarios(join(ROOT, 'fhir-fixtures', 'scenarios')).flatMap((f) => ('scenario' in f ? [f.scenario] : []));
  const dbDir = mkdtempSync(join(tmpdir(), 'dvt-preview-'));
  const store = new SqliteFeedbackStore({ file: join(dbDir, 'feedback.db') });
  const config = testConfig({ previewPage: true, knowledgeDir: join(ROOT, 'hooks'), feedbackDb: join(dbDir, 'feedback.db') });
  // The fixtures are dated: the service clock is set to each scenario's "now" before it is sent.
  let now = new Date('2025-03-10T09:00:00Z');
  const app = createApp(config, createDefaultDeps(config, { clock: () => now, feedbackStore: store }));

  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = createServer(app);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(15_000);
    // CSP violations and script errors show up here: the page must run under its strict policy.
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    store.close();
    rmSync(dbDir, { recursive: true, force: true });
  });

  /** What the service answers for this scenario, asked directly (the page must show exactly this). */
  async function serviceAnswer(scenario: Scenario): Promise<readonly Card[]> {
    const res = await fetch(`${base}/cds-services/${scenario.service}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(scenario.request),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as CdsResponse).cards;
  }

  async function sendScenario(scenario: Scenario): Promise<void> {
    now = new Date(scenario.now);
    await page.selectOption('#scenario', { label: `${scenario.id} — ${scenario.title}` });
    expect(await page.inputValue('#service')).toBe(scenario.service);
    await page.click('#send');
    await page.waitForFunction(() => /^HTTP \d+/.test(document.getElementById('status')?.textContent ?? ''));
  }

  async function expectPageShows(cards: readonly Card[]): Promise<void> {
    expect(await page.textContent('#status')).toBe(`HTTP 200: ${cards.length} card${cards.length === 1 ? '' : 's'}`);
    const rendered = page.locator('#cards .card');
    expect(await rendered.count()).toBe(cards.length);
    for (const [index, card] of cards.entries()) {
      const node = rendered.nth(index);
      expect(await node.locator('.summary').textContent()).toBe(card.summary);
      expect(await node.locator('.indicator').textContent()).toBe(INDICATOR_LABELS[card.indicator]);
      expect(await node.getAttribute('class')).toContain(`indicator-${card.indicator}`);
      expect(await node.getAttribute('data-advice')).toBe(card.source.topic?.code ?? null);
      expect(await node.locator('.suggestion-button').allTextContents()).toEqual((card.suggestions ?? []).map((s) => s.label));
    }
  }

  it('serves the page at / (createApp must mount previewRouter before its 404 handler)', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('lists the services from discovery and the fixture scenarios', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-ready="true"]');
    const services = await page.locator('#service option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(services).toEqual(expect.arrayContaining(['distal-dvt-patient-view', 'distal-dvt-order-sign']));
    expect(await page.locator('#scenario option').count()).toBe(scenarios.length + 1);
  });

  it('renders a serial-imaging scenario as the EHR would, and an accepted suggestion reaches the feedback store', async () => {
    const scenario = scenarioExpecting(scenarios, 'SERIAL_IMAGING');
    now = new Date(scenario.now);
    const cards = await serviceAnswer(scenario);
    expect(cards[0]?.source.topic?.code).toBe('SERIAL_IMAGING');

    await sendScenario(scenario);
    await expectPageShows(cards);
    const first = page.locator('#cards .card').first();
    // The detail is rendered markdown, not raw text with asterisks.
    expect(await first.locator('.detail').innerHTML()).not.toContain('**');

    // The suggestion shows the resources it would create, as JSON, before anyone accepts it.
    await first.locator('.suggestion details.actions').first().locator(':scope > summary').click();
    const resources = await first.locator('.suggestion').first().locator('details.resource summary').allTextContents();
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.every((r) => /^FHIR (ServiceRequest|MedicationRequest)$/.test(r))).toBe(true);

    const accepted = cards[0]?.suggestions?.[0];
    await first.locator('.suggestion-button').first().click();
    await page.waitForFunction(() => (document.getElementById('feedback-status')?.textContent ?? '').startsWith('Feedback sent'));
    expect(await page.textContent('#feedback-status')).toBe(`Feedback sent: accepted “${accepted?.label}” (HTTP 200)`);

    const row = store.summary({}).rows.find((r) => r.adviceCode === 'SERIAL_IMAGING');
    expect(row?.accepted).toBe(1);
    expect(Object.values(row?.acceptedBySuggestion ?? {})).toEqual([1]);
  });

  it('renders an anticoagulation scenario, and dismissing it with a reason sends "overridden" with that reason', async () => {
    const scenario = scenarioExpecting(scenarios, 'ANTICOAGULATE');
    now = new Date(scenario.now);
    const cards = await serviceAnswer(scenario);
    expect(cards[0]?.source.topic?.code).toBe('ANTICOAGULATE');

    await sendScenario(scenario);
    await expectPageShows(cards);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'preview.png'), fullPage: true });

    const reason = cards[0]?.overrideReasons?.[0];
    expect(reason).toBeDefined();
    const first = page.locator('#cards .card').first();
    await first.locator('select.override-reason').selectOption({ label: reason?.display ?? reason?.code ?? '' });
    await first.locator('.dismiss-button').click();
    await page.waitForFunction(() => (document.getElementById('feedback-status')?.textContent ?? '').startsWith('Feedback sent'));
    expect(await first.locator('.card-state').textContent()).toBe(`Dismissed: ${reason?.display ?? reason?.code}`);

    const row = store.summary({}).rows.find((r) => r.adviceCode === 'ANTICOAGULATE');
    expect(row?.overridden).toBe(1);
    expect(row?.overriddenByReason[reason?.code ?? '']).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'preview-dismissed.png'), fullPage: true });
  });

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
