/**
 * Graceful shutdown on SIGTERM/SIGINT (what Kubernetes and systemd send): stop accepting connections, let the
 * calls in flight finish within `graceMs` (the EHR is waiting on them), then cut what is left, close the store and
 * exit 0. The process and `exit` are injected so tests drive it without killing jest.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** The part of `process` used here: signal subscription. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  removeListener(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface GracefulShutdownOptions {
  /** How long in-flight calls may take before their connections are closed (Config.shutdownGraceMs). */
  readonly graceMs: number;
  /** Release resources once no request is running (close the feedback store). */
  readonly onClosed: () => void | Promise<void>;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly exit: (code: number) => void;
  readonly signals?: SignalSource;
}

export interface GracefulShutdown {
  /** Start (or join) the shutdown; resolves after onClosed ran and exit was called. */
  shutdown(reason?: string): Promise<void>;
  isShuttingDown(): boolean;
  /** Remove the signal listeners (tests, or a host that manages signals itself). */
  dispose(): void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

export function installGracefulShutdown(server: Server, options: GracefulShutdownOptions): GracefulShutdown {
  const signals = options.signals ?? process;
  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | null = null;

  const track = (_req: IncomingMessage, res: ServerResponse): void => {
    inFlight.add(res);
    // During shutdown, a finished call must not keep its keep-alive socket (server.close waits for every socket).
    if (closing !== null) res.setHeader('Connection', 'close');
    res.once('close', () => inFlight.delete(res));
  };
  server.on('request', track);

  const closeServer = (): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        options.logger.warn({ inFlight: inFlight.size, graceMs: options.graceMs }, 'shutdown grace elapsed; closing connections');
        server.closeAllConnections();
      }, options.graceMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      // Responses not yet started will close their socket when done; idle keep-alive sockets go now.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      server.closeIdleConnections();
    });

  const run = async (reason: string): Promise<void> => {
    options.logger.info({ reason, inFlight: inFlight.size, graceMs: options.graceMs }, 'shutting down');
    await closeServer();
    let code = 0;
    try {
      await options.onClosed();
    } catch (err) {
      options.logger.error({ err }, 'error while releasing resources at shutdown');
      code = 1;
    }
    server.removeListener('request', track);
    options.logger.info({ code }, 'shutdown complete');
    options.exit(code);
  };

  const handlers = new Map<NodeJS.Signals, () => void>();
  const dispose = (): void => {
    for (const [signal, handler] of handlers) signals.removeListener(signal, handler);
    handlers.clear();
  };
  const shutdown = (reason = 'shutdown requested'): Promise<void> => {
    closing ??= run(reason).finally(dispose);
    return closing;
  };
  // `on`, not `once`: a second SIGTERM during the grace period must not fall back to Node's default (instant exit).
  for (const signal of SIGNALS) {
    const handler = (): void => {
      if (closing !== null) options.logger.warn({ signal }, 'already shutting down');
      void shutdown(signal);
    };
    handlers.set(signal, handler);
    signals.on(signal, handler);
  }
  return { shutdown, isShuttingDown: () => closing !== null, dispose };
}
