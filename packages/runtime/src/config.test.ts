import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from './config.js';

/** The variables `configFromEnv` names when it refuses `env`. */
function refusedVariables(env: Record<string, string>): string[] {
  let error: unknown;
  try {
    configFromEnv(env);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems.map((problem) => problem.variable);
}

describe('configFromEnv: MAX_LOOP_DELAY_MS', () => {
  it('reads a whole number of milliseconds, 0 included, and leaves it unset when absent', () => {
    expect(configFromEnv({ MAX_LOOP_DELAY_MS: '150' }).maxLoopDelayMs).toBe(150);
    expect(configFromEnv({ MAX_LOOP_DELAY_MS: '0' }).maxLoopDelayMs).toBe(0);
    expect(configFromEnv({}).maxLoopDelayMs).toBeUndefined();
  });

  it.each(['abc', '-5', '1.5'])('refuses %j, naming the variable', (value) => {
    expect(refusedVariables({ MAX_LOOP_DELAY_MS: value })).toEqual(['MAX_LOOP_DELAY_MS']);
  });
});

describe('configFromEnv: DATABASE_THREAD', () => {
  it('runs the embedded database in a worker thread unless told main', () => {
    expect(configFromEnv({}).databaseThread).toBe('worker');
    expect(configFromEnv({ DATABASE_THREAD: 'main' }).databaseThread).toBe('main');
  });

  it.each(['Worker', 'both', '1'])('refuses %j, naming the variable', (value) => {
    expect(refusedVariables({ DATABASE_THREAD: value })).toEqual(['DATABASE_THREAD']);
  });
});

describe('configFromEnv: empty values', () => {
  it('treats an empty or blank variable as unset, DATA_DIR like every other', () => {
    expect(configFromEnv({ DATA_DIR: '' }).dataDir).toBe('.data');
    expect(configFromEnv({ DATA_DIR: '  ' }).dataDir).toBe('.data');
    expect(configFromEnv({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 5000, logLevel: 'info' });
  });
});

describe('ConfigError', () => {
  it('says one problem on one line, and lists several one a line', () => {
    expect(new ConfigError([{ variable: 'PORT', option: 'port', message: 'too big' }]).message).toBe(
      'Invalid configuration: PORT: too big',
    );
    expect(refusedVariables({ PORT: 'x', LOG_LEVEL: 'loud' })).toEqual(['PORT', 'LOG_LEVEL']);
  });
});
