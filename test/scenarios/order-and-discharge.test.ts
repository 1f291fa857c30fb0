/** Advice where orders are made and at discharge (issue 4), through the HTTP service. */
import { describeScenarios } from './scenario-run';

describe('order-select scenarios', () => {
  describeScenarios(['distal-dvt-order-select']);
});

describe('order-sign scenarios', () => {
  describeScenarios(['distal-dvt-order-sign']);
});

describe('encounter-discharge scenarios', () => {
  describeScenarios(['distal-dvt-encounter-discharge']);
});
