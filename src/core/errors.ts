/**
 * A problem the member can fix (a malformed command, no permission, an expired button).
 * The error boundary turns it into a short, friendly reply; it is not logged as a fault.
 */
export class UserError extends Error {
  constructor(readonly reply: string) {
    super(reply);
    this.name = 'UserError';
  }
}

/** A failure inside a handler, carrying the event it was handling (like grammY's BotError). */
export class HandlerError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly context: { platform: string; eventType: string; chat: string; member?: string },
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'HandlerError';
  }
}
