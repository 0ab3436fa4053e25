import type { Clock } from '@chatbuddy/core';

/** Wall-clock time. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
