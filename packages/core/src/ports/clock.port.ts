/** The current time. Tests use a fixed or manually advanced clock instead of sleeping. */
export const Clock = Symbol.for('chatbuddy.Clock');
export interface Clock {
  /** The current instant. */
  now(): Date;
}
