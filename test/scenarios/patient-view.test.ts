/** RULES §6 development scenarios and our own patient-view scenarios, through the HTTP service (issue 3). */
import { describeScenarios } from './scenario-run';

describe('patient-view scenarios', () => {
  describeScenarios(['distal-dvt-patient-view']);
});
