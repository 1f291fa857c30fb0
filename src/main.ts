/**
 * Process entry: loadConfig → createDefaultDeps → createApp → listen on HOST:PORT. The only file that listens.
 * A bad environment, knowledge folder or service definition stops the start with every problem listed.
 */
import { createServer, type Server } from 'node:http';
import type { AppDeps } from './app-deps';
import { createApp } from './app';
import { ServiceDefinitionError } from './cds/service-definitions';
import { KnowledgeError } from './clinical/knowledge/load';
import { ConfigError, loadConfig, type Config } from './config';
import { createDefaultDeps } from './default-deps';
import { FeedbackStoreError } from './feedback/sqlite-store';
import { installGracefulShutdown, type GracefulShutdown } from './observability/shutdown';

/** Build the app and start listening; the returned server is what shutdown handling closes. */
export function startServer(config: Config, deps: AppDeps): Server {
  const server = createServer(createApp(config, deps));
  server.listen(config.port, config.host, () => {
    deps.logger.info(
      { host: config.host, port: config.port, services: deps.services.map((s) => s.id), evaluationWorkers: deps.hookWorkers?.size ?? 0 },
      'distal-dvt-cds listening',
    );
  });
  return server;
}

/** Start-up problems, one per line (file + JSON pointer + what was expected, or the variable and the rule). */
export function describeStartupError(err: unknown): string[] | null {
  if (err instanceof ConfigError) return err.problems.map((p) => `config: ${p}`);
  if (err instanceof FeedbackStoreError) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return [`CDS_FEEDBACK_DB: ${err.message}${cause}`];
  }
  if (err instanceof KnowledgeError || err instanceof ServiceDefinitionError) {
    return err.problems.map((p) => `${p.file} ${p.pointer || '/'}: ${p.message}`);
  }
  return null;
}

function main(): void {
  let config: Config;
  let deps: AppDeps;
  let graceful: GracefulShutdown | null = null;
  try {
    config = loadConfig(process.env);
    deps = createDefaultDeps(config, { isShuttingDown: () => graceful?.isShuttingDown() ?? false });
  } catch (err) {
    const problems = describeStartupError(err);
    if (problems === null) throw err;
    process.stderr.write(`distal-dvt-cds cannot start:\n${problems.map((p) => `  ${p}\n`).join('')}`);
    process.exit(1);
  }
  const server = startServer(config, deps);
  // SIGTERM/SIGINT: stop accepting, let in-flight calls finish within the bound, close the store, exit.
  graceful = installGracefulShutdown(server, {
    graceMs: config.shutdownGraceMs,
    onClosed: async () => {
      deps.feedbackStore?.close();
      await deps.hookWorkers?.close();
    },
    logger: deps.logger,
    exit: (code) => process.exit(code),
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    process.stderr.write(`distal-dvt-cds cannot listen on ${config.host}:${config.port}: ${err.code ?? err.message}\n`);
    process.exit(1);
  });
}

if (require.main === module) main();
