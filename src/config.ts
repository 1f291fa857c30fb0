/**
 * Environment → one typed, validated, frozen Config. Only this file reads process.env (STYLE G10).
 * Start-up fails with every problem listed, each naming the variable.
 */
import { availableParallelism } from 'node:os';
export type AuthMode = 'required' | 'off';

export interface Config {
  readonly nodeEnv: 'production' | 'development' | 'test';
  readonly port: number;
  readonly host: string;
  /** Base URL that JWT `aud` is checked against, e.g. https://cds.example.org (no trailing slash). */
  readonly publicBaseUrl: string;
  readonly auth: AuthMode;
  /** Path of the trusted-clients JSON file (CDS_TRUSTED_ISSUERS); null = none. */
  readonly trustedIssuersFile: string | null;
  /** Whether GET /cds-services needs a token too (CDS_DISCOVERY_AUTH=required); default open. */
  readonly discoveryAuth: boolean;
  /** FHIR server origins the service may contact (CDS_FHIR_SERVERS, comma-separated origins). */
  readonly fhirServers: readonly string[];
  /** Loopback FHIR servers (http://localhost, 127.0.0.0/8, [::1]) allowed: development default. */
  readonly allowLoopbackFhir: boolean;
  readonly fhirTimeoutMs: number;
  /** Max pages followed through Bundle.link[next] per prefetch key. */
  readonly fhirMaxPages: number;
  /** Body size limit, in the `bytes` syntax Express accepts ('10mb'). */
  readonly bodyLimit: string;
  readonly knowledgeDir: string;
  /** SQLite file for cards issued and feedback; null = in-memory (development only). */
  readonly feedbackDb: string | null;
  /** Fixed "now" (ISO instant) for replay and tests; null = system clock. */
  readonly clock: string | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Bearer token for the admin summary endpoint; null = endpoint disabled. */
  readonly adminToken: string | null;
  /** Serve the card preview page at `/` (CDS_PREVIEW_PAGE=off disables). */
  readonly previewPage: boolean;
  /** Bound on finishing in-flight calls at SIGTERM (ms). */
  readonly shutdownGraceMs: number;
  /**
   * Worker threads that parse and evaluate hook calls (CDS_EVALUATION_WORKERS); 0 = on the event loop.
   * Default: one per core, at most 4, none on a single core; 0 under NODE_ENV=test.
   */
  readonly evaluationWorkers: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * One evaluation worker per core, at most 4; none on a single core (a worker there only adds the hand-over). The
 * event loop shares the cores: with workers it only moves bytes, which leaves the workers most of the CPU
 * (bench, 2 cores: 1 worker 0.47 ×, 2 workers 0.69 × the baseline's req/s).
 */
export function defaultEvaluationWorkers(cores: number): number {
  return cores <= 1 ? 0 : Math.min(cores, 4);
}

/** Parse and validate the environment. Throws ConfigError listing all problems. */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const v = text(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${v}")`);
      return fallback;
    }
    return n;
  };

  const nodeEnvRaw = text('NODE_ENV') ?? 'development';
  // A typo ("prod") must not silently drop the production defaults (auth, https-only FHIR, durable store).
  const nodeEnv = nodeEnvRaw === 'production' || nodeEnvRaw === 'test' ? nodeEnvRaw : 'development';
  if (nodeEnvRaw !== nodeEnv) problems.push(`NODE_ENV must be production, development or test (got "${nodeEnvRaw}")`);
  const production = nodeEnv === 'production';

  const port = int('PORT', 3000, 0, 65535);
  const host = text('HOST') ?? '0.0.0.0';

  let publicBaseUrl = text('PUBLIC_BASE_URL') ?? `http://localhost:${port}`;
  if (originOf(publicBaseUrl) === null) problems.push(`PUBLIC_BASE_URL must be an absolute http(s) URL (got "${publicBaseUrl}")`);
  publicBaseUrl = publicBaseUrl.replace(/\/+$/, '');

  const authRaw = text('CDS_AUTH') ?? (production ? 'required' : 'off');
  let auth: AuthMode = 'off';
  if (authRaw === 'required' || authRaw === 'off') auth = authRaw;
  else problems.push(`CDS_AUTH must be "required" or "off" (got "${authRaw}")`);
  if (production && auth === 'off') problems.push('CDS_AUTH=off is not allowed when NODE_ENV=production');

  const trustedIssuersFile = text('CDS_TRUSTED_ISSUERS') ?? null;
  if (production && auth === 'required' && trustedIssuersFile === null) {
    problems.push('CDS_TRUSTED_ISSUERS is required when NODE_ENV=production (the service trusts no client without it)');
  }

  const discoveryAuthRaw = text('CDS_DISCOVERY_AUTH') ?? 'open';
  if (discoveryAuthRaw !== 'open' && discoveryAuthRaw !== 'required') {
    problems.push(`CDS_DISCOVERY_AUTH must be "open" or "required" (got "${discoveryAuthRaw}")`);
  }

  const fhirServers: string[] = [];
  for (const entry of (text('CDS_FHIR_SERVERS') ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const origin = originOf(entry);
    if (origin === null) problems.push(`CDS_FHIR_SERVERS: "${entry}" is not an http(s) origin`);
    else if (production && !origin.startsWith('https:')) problems.push(`CDS_FHIR_SERVERS: "${entry}" must be https in production`);
    else fhirServers.push(origin);
  }

  const loopbackRaw = text('CDS_ALLOW_LOOPBACK_FHIR') ?? (production ? 'false' : 'true');
  if (loopbackRaw !== 'true' && loopbackRaw !== 'false') problems.push(`CDS_ALLOW_LOOPBACK_FHIR must be true or false (got "${loopbackRaw}")`);

  const bodyLimit = text('CDS_BODY_LIMIT') ?? '10mb';
  if (!/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i.test(bodyLimit)) problems.push(`CDS_BODY_LIMIT must be a size like 10mb or 500kb (got "${bodyLimit}")`);

  const clock = text('CDS_CLOCK') ?? null;
  if (clock !== null && (!/^\d{4}-\d{2}-\d{2}T/.test(clock) || Number.isNaN(Date.parse(clock)))) {
    problems.push(`CDS_CLOCK must be an ISO instant such as 2025-03-03T15:00:00Z (got "${clock}")`);
  }

  const logLevelRaw = text('LOG_LEVEL') ?? 'info';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw) ? (logLevelRaw as Config['logLevel']) : 'info';
  if (logLevel !== logLevelRaw) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevelRaw}")`);

  const previewRaw = text('CDS_PREVIEW_PAGE') ?? 'on';
  if (previewRaw !== 'on' && previewRaw !== 'off') problems.push(`CDS_PREVIEW_PAGE must be "on" or "off" (got "${previewRaw}")`);

  const config: Config = {
    nodeEnv,
    port,
    host,
    publicBaseUrl,
    auth,
    trustedIssuersFile,
    discoveryAuth: discoveryAuthRaw === 'required',
    fhirServers,
    allowLoopbackFhir: loopbackRaw === 'true',
    fhirTimeoutMs: int('CDS_FHIR_TIMEOUT_MS', 4000, 50, 60000),
    fhirMaxPages: int('CDS_FHIR_MAX_PAGES', 10, 1, 100),
    bodyLimit,
    knowledgeDir: text('CDS_KNOWLEDGE_DIR') ?? 'hooks',
    feedbackDb: text('CDS_FEEDBACK_DB') ?? (production ? 'data/feedback.db' : null),
    clock,
    logLevel,
    adminToken: text('CDS_ADMIN_TOKEN') ?? null,
    previewPage: previewRaw !== 'off',
    shutdownGraceMs: int('CDS_SHUTDOWN_GRACE_MS', 10000, 0, 120000),
    evaluationWorkers: int('CDS_EVALUATION_WORKERS', nodeEnv === 'test' ? 0 : defaultEvaluationWorkers(availableParallelism()), 0, 64),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** A Config for tests and tools: safe defaults, overridable field by field. Never reads process.env. */
export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return Object.freeze({ ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), ...overrides });
}
