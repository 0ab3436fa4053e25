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

describe('configFromEnv: CHROMA_WRITE_BEHIND', () => {
  it('writes vectors for Chroma through the outbox unless told false', () => {
    expect(configFromEnv({}).chromaWriteBehind).toBe(true);
    expect(configFromEnv({ CHROMA_WRITE_BEHIND: 'false' }).chromaWriteBehind).toBe(false);
    expect(configFromEnv({ CHROMA_WRITE_BEHIND: '0' }).chromaWriteBehind).toBe(false);
  });
});

describe('configFromEnv: INDEXING_LEASE_SECONDS', () => {
  it("holds a run's lease for a minute by default, so a killed process's work is released soon", () => {
    expect(configFromEnv({}).indexingLeaseSeconds).toBe(60);
    expect(configFromEnv({ INDEXING_LEASE_SECONDS: '300' }).indexingLeaseSeconds).toBe(300);
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

describe('configFromEnv: messages', () => {
  /** The message `configFromEnv` gives for `env`. */
  function refusal(env: Record<string, string>): string {
    try {
      configFromEnv(env);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('accepted');
  }

  it.each([
    [{ PORT: 'abc' }, 'PORT: must be a whole number from 0 to 65535 (got "abc")'],
    [
      { ACCESS_TOKEN_TTL_SECONDS: '0' },
      'ACCESS_TOKEN_TTL_SECONDS: must be a whole number, 1 or more (got "0")',
    ],
    [{ INDEXING_LEASE_SECONDS: '2' }, 'INDEXING_LEASE_SECONDS: must be a whole number, 5 or more (got "2")'],
    [
      { BODY_IDLE_TIMEOUT_SECONDS: 'x' },
      'BODY_IDLE_TIMEOUT_SECONDS: must be a number above 0, at most 3600 (got "x")',
    ],
    [{ EMBEDDING_WORKERS: '17' }, 'EMBEDDING_WORKERS: must be a whole number from 0 to 16 (got "17")'],
    [{ STRICT_PRODUCTION: 'on' }, 'STRICT_PRODUCTION: must be true or false, 1 or 0, yes or no (got "on")'],
    [{ DATABASE_THREAD: 'both' }, 'DATABASE_THREAD: must be one of main, worker (got "both")'],
    [
      { CHROMA_WRITE_BEHIND: 'later' },
      'CHROMA_WRITE_BEHIND: must be true or false, 1 or 0, yes or no (got "later")',
    ],
  ])('says what %j takes and what it got', (env, message) => {
    expect(refusal(env)).toBe(`Invalid configuration: ${message}`);
  });

  it('never repeats a text value: it may be a secret or hold credentials', () => {
    expect(refusal({ REDIS_URL: 'redis//user:hunter2@host' })).toBe(
      'Invalid configuration: REDIS_URL: must be a URL',
    );
    expect(refusal({ AUTH_SECRET: 'hunter2' })).toBe(
      'Invalid configuration: AUTH_SECRET: must be at least 16 characters long',
    );
  });
});
