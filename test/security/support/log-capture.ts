/** The service's own logger (same redaction) writing into memory, so tests read exactly what an operator would. */
import type { Logger } from 'pino';
import { createLogger } from '../../../src/observability/logger';

export interface CapturedLog {
  readonly logger: Logger;
  /** Everything written so far, as raw text. */
  text(): string;
  records(): Record<string, unknown>[];
}

export function captureLog(): CapturedLog {
  const chunks: string[] = [];
  const logger = createLogger({ logLevel: 'trace' }, { write: (line: string) => void chunks.push(line) });
  return {
    logger,
    text: () => chunks.join(''),
    records: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
