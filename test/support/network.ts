/**
 * Tests that talk to a FHIR server or a JWKS host through nock: no request may leave the machine (loopback stays
 * open for supertest and loopback servers), interceptors are cleared after each test, and nock is uninstalled after
 * the file — nock patches node:http process-wide and jest reuses the worker for the next file.
 */
import nock from 'nock';

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

export function isolateNetwork(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(LOOPBACK);
  });
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
}
