/** The preview router: the page, its assets with the right content types, and the scenario list. */
import express from 'express';
import request from 'supertest';
import { previewRouter, PREVIEW_PAGE_CSP } from '../../src/http/preview';
import { testConfig } from '../../src/config';
import { securityHeaders } from '../../src/http/security-headers';
import { tempDir } from '../cli/support';

describe('previewRouter', () => {
  const scenarios = tempDir('preview');
  beforeAll(() => {
    scenarios.write('sc01.json', {
      id: 'SC01',
      title: 'Low-risk gastrocnemius clot',
      service: 'distal-dvt-patient-view',
      now: '2025-03-10T09:00:00Z',
      request: { hook: 'patient-view', hookInstance: 'x', context: { userId: 'Practitioner/1', patientId: 'p1' }, prefetch: {} },
      expected: { primary: 'SERIAL_IMAGING' },
    });
    scenarios.write('broken.json', '{ not json');
  });
  afterAll(() => scenarios.remove());

  const app = express();
  app.use(previewRouter(testConfig(), { scenariosDir: scenarios.path }));

  it('serves the page at / as HTML, with a CSP that allows only its own scripts, styles and calls', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(PREVIEW_PAGE_CSP);
    expect(res.text).toContain('<script src="/preview/preview.js" defer></script>');
    // No inline script or style anywhere (the CSP would block them).
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);
  });

  it("replaces the service's API-wide CSP (default-src 'none') on the page only", async () => {
    const behindHelmet = express();
    behindHelmet.use(securityHeaders());
    behindHelmet.use(previewRouter(testConfig(), { scenariosDir: scenarios.path }));
    behindHelmet.get('/api', (_req, res) => void res.json({}));
    const page = await request(behindHelmet).get('/').expect(200);
    expect(page.headers['content-security-policy']).toBe(PREVIEW_PAGE_CSP);
    const api = await request(behindHelmet).get('/api').expect(200);
    expect(api.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it.each([
    ['/preview/preview.js', 'text/javascript; charset=utf-8', 'DvtMarkdown'],
    ['/preview/markdown.js', 'text/javascript; charset=utf-8', 'renderMarkdown'],
    ['/preview/preview.css', 'text/css; charset=utf-8', '.indicator-warning'],
  ])('serves %s as %s', async (path, type, marker) => {
    const res = await request(app).get(path).expect(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.text).toContain(marker);
  });

  it('serves nothing else from the folder', async () => {
    await request(app).get('/preview/markdown.d.ts').expect(404);
    await request(app).get('/preview/../../package.json').expect(404);
  });

  it('lists the readable scenarios with their service, clock and request', async () => {
    const res = await request(app).get('/preview/scenarios').expect(200);
    expect(res.body).toEqual({
      scenarios: [
        {
          id: 'SC01',
          title: 'Low-risk gastrocnemius clot',
          service: 'distal-dvt-patient-view',
          now: '2025-03-10T09:00:00Z',
          expectedPrimary: 'SERIAL_IMAGING',
          request: { hook: 'patient-view', hookInstance: 'x', context: { userId: 'Practitioner/1', patientId: 'p1' }, prefetch: {} },
        },
      ],
    });
  });

  it('lists no scenarios when the folder does not exist', async () => {
    const other = express();
    other.use(previewRouter(testConfig(), { scenariosDir: '/no/such/folder' }));
    const res = await request(other).get('/preview/scenarios').expect(200);
    expect(res.body).toEqual({ scenarios: [] });
  });
});
