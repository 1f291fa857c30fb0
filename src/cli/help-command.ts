/** `distal-dvt-cds help` — the usage text (also printed on a bad or missing command). */
import { EXIT, type CliCommand } from './types';

export const USAGE = `distal-dvt-cds — tools for informatics teams (isolated distal DVT CDS Hooks service)

Usage: distal-dvt-cds <command> [options]

Commands:
  evaluate FILE        Run the rules on a CDS Hooks request, a scenario fixture or a FHIR Bundle and print the cards
      --hook H           Bundle only: hook to simulate (patient-view | order-select | order-sign | encounter-discharge;
                         default patient-view)
      --patient ID       Bundle only: patient to evaluate (default: the Bundle's only Patient)
      --encounter ID     Bundle only: encounter (default: the in-progress Encounter, if any)
      --service ID       service id (default distal-dvt-<hook>)
      --now ISO          evaluation time (default: the fixture's "now", else the current time)
      --json             print the raw CDS Hooks response {"cards": [...]}
      --explain          also print the extracted facts and the rule row that decided
      --knowledge DIR    knowledge folder (default CDS_KNOWLEDGE_DIR or hooks)
  scenarios            Run every fixture and print expected vs actual advice; exit 1 on any mismatch
      --dir DIR          fixture folder (default fhir-fixtures/scenarios)
      --knowledge DIR    run against another knowledge folder (e.g. a site's tuned thresholds)
      --json             machine-readable results
  check-knowledge [DIR]  Validate a knowledge folder (default CDS_KNOWLEDGE_DIR or hooks); exit 1 on problems
  seed FHIR_BASE       Load the fixture patients into a FHIR R4 server as transaction Bundles (PUT Type/id)
      --token T          bearer token (or set FHIR_TOKEN)
      --dir DIR          fixture folder (default fhir-fixtures/scenarios)
      --timeout-ms N     per-request timeout (default 30000)
  summary              Feedback outcome summary (see 'distal-dvt-cds summary --help')
  help                 This text

Exit codes: 0 ok · 1 findings (mismatch, invalid knowledge) · 2 bad usage · 3 unreadable input · 4 remote server error
`;

export const helpCommand: CliCommand = async (_args, io) => {
  io.stdout(USAGE);
  return EXIT.OK;
};
