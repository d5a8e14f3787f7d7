import { connectBackoffMs } from './retry-policy.ts';

export interface ReconnectOptions {
  /** One attempt to connect; it throws when it cannot. */
  connect: () => Promise<void>;
  /** Whether the connection is up after an attempt. */
  connected: () => boolean;
  /** Said once when a connection that held is lost (a log line). */
  onFirstLoss?: () => void;
  /** Said for each attempt that failed. */
  onFailure?: (err: unknown) => void;
}

/**
 * Makes a lost connection again with the core's backoff (connectBackoffMs), one attempt at a
 * time, until it holds or the adapter stops: for the adapters that open their own socket
 * (OneBot's forward WebSocket, DingTalk's Stream connection).
 */
export class Reconnector {
  stopped = false;
  private failures = 0;
  private pending = false;

  constructor(private readonly opts: ReconnectOptions) {}

  /** A connection is up: the next loss starts the backoff over. */
  succeeded(): void {
    this.failures = 0;
  }

  /** The connection was lost: it is tried again after the backoff, and again until it holds. */
  lost(): void {
    if (this.stopped || this.pending) return;
    this.pending = true;
    if (++this.failures === 1) this.opts.onFirstLoss?.();
    setTimeout(() => {
      if (this.stopped) return void (this.pending = false);
      this.opts
        .connect()
        .catch((err: unknown) => this.opts.onFailure?.(err))
        .finally(() => {
          this.pending = false;
          if (!this.opts.connected()) this.lost();
        });
    }, connectBackoffMs(this.failures)).unref();
  }
}
