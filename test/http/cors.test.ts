import request from 'supertest';
import { CdsError } from '../../src/errors';
import { buildTestApp, requestFixture } from './helpers';

/** An authenticate step that refuses everyone: preflights must still pass (they never carry a token). */
const refuseAll = () => {
  throw new CdsError('ERR_UNAUTHENTICATED', 'no token');
};

describe('CORS for browser clients', () => {
  it.each(['/cds-services', '/cds-services/distal-dvt-patient-view', '/cds-services/distal-dvt-patient-view/feedback'])(
    'answers the preflight of %s with 204, without a token, before auth',
    async (path) => {
      const { app } = buildTestApp({ discoveryAuth: true }, { authenticate: refuseAll });
      const res = await request(app)
        .options(path)
        .set('Origin', 'https://sandbox.cds-hooks.org')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type')
        .expect(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
      expect(res.headers['access-control-allow-headers']).toBe('Authorization, Content-Type');
      expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
    },
  );

  it('puts Access-Control-Allow-Origin on answers and on errors', async () => {
    const { app } = buildTestApp();
    const ok = await request(app).get('/cds-services').set('Origin', 'https://sandbox.cds-hooks.org').expect(200);
    expect(ok.headers['access-control-allow-origin']).toBe('*');
    const posted = await request(app).post('/cds-services/distal-dvt-patient-view').send(requestFixture('patient-view-minimal.json')).expect(200);
    expect(posted.headers['access-control-allow-origin']).toBe('*');
    const notFound = await request(app).post('/cds-services/nope').send({}).expect(404);
    expect(notFound.headers['access-control-allow-origin']).toBe('*');
  });

  it('sends strict security headers fit for a JSON API', async () => {
    const { app } = buildTestApp();
    const res = await request(app).get('/cds-services').expect(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('asks for a token on discovery only when discovery auth is required', async () => {
    const open = buildTestApp({}, { authenticate: refuseAll });
    await request(open.app).get('/cds-services').expect(200);
    const closed = buildTestApp({ discoveryAuth: true }, { authenticate: refuseAll });
    await request(closed.app).get('/cds-services').expect(401);
  });
});
