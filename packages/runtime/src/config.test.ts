import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from './config.js';

describe('configFromEnv: MAX_LOOP_DELAY_MS', () => {
  it('reads a whole number of milliseconds, 0 included, and leaves it unset when absent', () => {
    expect(configFromEnv({ MAX_LOOP_DELAY_MS: '150' }).maxLoopDelayMs).toBe(150);
    expect(configFromEnv({ MAX_LOOP_DELAY_MS: '0' }).maxLoopDelayMs).toBe(0);
    expect(configFromEnv({}).maxLoopDelayMs).toBeUndefined();
  });

  it.each(['abc', '-5', '1.5'])('refuses %j, naming the variable', (value) => {
    let error: unknown;
    try {
      configFromEnv({ MAX_LOOP_DELAY_MS: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.variable)).toEqual(['MAX_LOOP_DELAY_MS']);
  });
});

describe('configFromEnv: DATABASE_THREAD', () => {
  it('runs the embedded database in a worker thread unless told main', () => {
    expect(configFromEnv({}).databaseThread).toBe('worker');
    expect(configFromEnv({ DATABASE_THREAD: 'main' }).databaseThread).toBe('main');
  });

  it.each(['Worker', 'both', '1'])('refuses %j, naming the variable', (value) => {
    let error: unknown;
    try {
      configFromEnv({ DATABASE_THREAD: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.variable)).toEqual(['DATABASE_THREAD']);
  });
});
