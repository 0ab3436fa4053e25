/**
 * How long the event loop has been busy without a turn, seen from inside the turn: a timer due
 * every `tickMs` (started by the first reading, stopped after `idleMs` without one) cannot fire
 * while a callback runs, so by how much it is overdue is how long the loop has been held since it
 * last ran timers. Requests read in that turn waited at least that long in their sockets.
 */
export class EventLoopClock {
  private due = 0;
  private lastReading = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tickMs = 5,
    private readonly idleMs = 1_000,
  ) {}

  /** Milliseconds the loop has been busy past the timer's due time; 0 while it is turning. */
  busyMs(now = performance.now()): number {
    this.lastReading = now;
    if (!this.timer) {
      this.schedule(now);
      return 0;
    }
    return Math.max(0, now - this.due);
  }

  private schedule(now: number) {
    this.due = now + this.tickMs;
    this.timer = setTimeout(this.tick, this.tickMs);
    this.timer.unref();
  }

  private readonly tick = () => {
    const now = performance.now();
    if (now - this.lastReading > this.idleMs) this.timer = undefined;
    else this.schedule(now);
  };
}

/** The one event loop of this thread, shared by every app it serves. */
export const eventLoopClock = new EventLoopClock();
