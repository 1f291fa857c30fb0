import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { chromium } from 'playwright-core';
import { createApp } from '../../src/app';
import { testConfig } from '../../src/config';
import { createDefaultDeps } from '../../src/default-deps';
import { previewRouter } from '../../src/http/preview';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store';
import type { Card } from '../../src/cds/types';
import { tempDir } from '../cli/support';

jest.setTimeout(60000);
const card: Card = {
  uuid: 'c1', summary: 'Isolated distal DVT: anticoagulation suggested (3 months)', indicator: 'warning',
  detail: 'Factors favouring **anticoagulation**:\n- thrombus 6.5 cm (*> 5 cm*)\n- 2 calf veins\n\nBleeding risk: moderate. <script>alert(1)</script> See [CHEST](https://example.org)',
  source: { label: 'IDDVT CDS', url: 'https://example.org/rules', topic: { system: 'urn:distal-dvt-cds:advice', code: 'ANTICOAGULATE' } },
  selectionBehavior: 'at-most-one',
  suggestions: [
    { label: 'Start apixaban 10 mg BID x7d then 5 mg BID (3 months)', uuid: 's1', isRecommended: true, actions: [{ type: 'create', description: 'Apixaban order', resource: { resourceType: 'MedicationRequest', status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' } } }] },
    { label: 'Instead: serial duplex at ~7 and ~14 days', uuid: 's2', actions: [{ type: 'create', description: 'Duplex day 7', resource: { resourceType: 'ServiceRequest', status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' } } }] },
  ],
  links: [{ label: 'CHEST guideline', url: 'https://example.org/chest', type: 'absolute' }],
  overrideReasons: [{ system: 'urn:x', code: 'patient-preference', display: 'Patient preference' }],
};
const note: Card = { uuid: 'c2', summary: 'D-dimer confounded by recent surgery', indicator: 'info', source: { label: 'IDDVT CDS', topic: { system: 'urn:distal-dvt-cds:advice', code: 'DDIMER_CONFOUNDED_NOTE' } } };
const crit: Card = { uuid: 'c3', summary: 'Proximal extension: anticoagulate now', indicator: 'critical', source: { label: 'IDDVT CDS', topic: { system: 'urn:distal-dvt-cds:advice', code: 'X' } } };

it('scratch', async () => {
  const dir = tempDir('scratch');
  dir.write('sc.json', { id: 'SC02', title: 'Long axial clot', service: 'distal-dvt-patient-view', now: '2025-03-10T09:00:00Z', request: { hook: 'patient-view', hookInstance: 'x', context: { userId: 'Practitioner/1', patientId: 'p1' }, prefetch: require('../../fhir-fixtures/requests/patient-view-minimal.json').prefetch }, expected: { primary: 'ANTICOAGULATE' } });
  const config = testConfig({ previewPage: true });
  const store = new SqliteFeedbackStore({ file: null });
  const inner = createApp(config, createDefaultDeps(config, { feedbackStore: store, evaluate: () => ({ cards: [card, note, crit], facts: null, decision: null, adviceCodes: [] }) }));
  const outer = express();
  outer.use(previewRouter(config, { scenariosDir: dir.path }));
  outer.use(inner);
  const server = createServer(outer);
  await new Promise<void>((d) => server.listen(0, '127.0.0.1', d));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + '/');
  await page.waitForSelector('body[data-ready="true"]');
  await page.selectOption('#scenario', { label: 'SC02 — Long axial clot' });
  await page.click('#send');
  await page.waitForTimeout(1500); console.log('STATUS', await page.textContent('#status'), errors);
  await page.waitForSelector('#cards .card');
  await page.locator('.suggestion details.actions').first().locator(':scope > summary').click();
  await page.locator('details.resource summary').first().click();
  await page.locator('.suggestion-button').first().click();
  await page.waitForFunction(() => (document.getElementById('feedback-status')?.textContent ?? '').startsWith('Feedback'));
  console.log(await page.textContent('#feedback-status'), await page.textContent('#status'), errors);
  await page.screenshot({ path: '/tmp/scratch.png', fullPage: true });
  await browser.close();
  server.close();
  dir.remove();
});
