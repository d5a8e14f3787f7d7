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
