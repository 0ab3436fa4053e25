import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandIo } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { runCli } from '../program.js';
import { integerOption, positiveIntegerOption } from './arguments.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

const run = async (argv: string[], openRuntime?: RuntimeOpener) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text) };
  const status = await runCli(argv, { ...(openRuntime ? { openRuntime } : {}), io });
  return { status, out: out.join(''), err: err.join('') };
};

/** Arguments are checked before anything is opened. */
const unopened: RuntimeOpener = async () => {
  throw new Error('the runtime must not be opened');
};

describe('numeric options', () => {
  it('accept whole numbers in range and refuse signs, fractions, exponents and words', () => {
    expect(positiveIntegerOption('--limit', '5')).toBe(5);
    expect(positiveIntegerOption('--limit', undefined)).toBeUndefined();
    expect(integerOption('--port', '0', { min: 0, max: 65_535 })).toBe(0);
    for (const value of ['-5', '0', 'abc', '2.5', '1e3', '', '5x']) {
      expect(() => positiveIntegerOption('--limit', value)).toThrow(
        `--limit must be a positive whole number (got "${value}")`,
      );
    }
    expect(() => integerOption('--port', '70000', { min: 0, max: 65_535 })).toThrow(
      '--port must be a whole number from 0 to 65535 (got "70000")',
    );
  });

  it.each([
    ['outbox', '--limit', '-5'],
    ['outbox', '--limit', 'abc'],
    ['users list', '--limit', '0'],
    ['audit', '--limit', '-5'],
    ['projects list', '--limit', 'abc'],
    ['eval --dataset docs', '--limit', '-1'],
    ['serve', '--port', 'abc'],
    ['demo', '--port', '-1'],
  ])('chatbuddy %s %s %s is refused with one line naming the flag', async (command, flag, value) => {
    const result = await run([...command.split(' '), flag, value], unopened);
    expect(result.status).toBe(2);
    expect(result.err).toMatch(
      new RegExp(`^Error \\(invalid_input\\): ${flag} must be .*\\(got "${value}"\\)\\n$`),
    );
  });
});

describe('output files', () => {
  it.each([
    ['eval', '--dataset', 'docs', '--out', '/nonexistent-chatbuddy-folder/metrics.json'],
    ['backup', '/nonexistent-chatbuddy-folder/backup.tar.gz'],
  ])('chatbuddy %s … that cannot write its file fails before the long run', async (...argv) => {
    const result = await run(argv, unopened);
    expect(result.err).toBe(`Error (invalid_input): Cannot write ${argv.at(-1)}: no such file or folder\n`);
    expect(result.status).toBe(2);
  });
});

describe('eval --data', () => {
  it.each([
    ['squad', '/etc/passwd', '/etc/passwd is not a SQuAD v2 JSON file (not JSON)'],
    [
      'squad',
      '/nonexistent-chatbuddy.json',
      '/nonexistent-chatbuddy.json is not a SQuAD v2 JSON file (no such file or folder)',
    ],
    ['beir', '/etc/passwd', '/etc/passwd is not a BEIR folder (a file, not a folder)'],
  ])('--dataset %s --data %s fails at once on one line saying why', async (dataset, data, message) => {
    const result = await run(['eval', '--dataset', dataset, '--data', data], unopened);
    expect(result.err).toBe(`Error (invalid_input): ${message}\n`);
    expect(result.status).toBe(2);
  });
});

describe('DATA_DIR', () => {
  it.runIf(existsSync('/proc/1'))(
    'fails at once, on one line, when the data folder cannot be created',
    { timeout: 20_000 },
    async () => {
      vi.stubEnv('DATA_DIR', '/proc/1/nonexistent');
      vi.stubEnv('DB_URL', '');
      vi.stubEnv('LOG_LEVEL', 'silent');
      const listed = await run(['users', 'list']);
      expect(listed.status).toBe(78);
      expect(listed.err).toBe(
        'Invalid configuration: DATA_DIR: cannot create /proc/1/nonexistent (no such file or directory)\n',
      );
    },
  );
});

describe('environment variables', () => {
  it.each([
    ['PORT', 'abc', 'PORT: must be a whole number from 0 to 65535 (got "abc")'],
    ['MAX_QUEUE_MS', '-1', 'MAX_QUEUE_MS: must be a whole number, 0 or more (got "-1")'],
    ['TRUST_PROXY', 'maybe', 'TRUST_PROXY: must be true or false, 1 or 0, yes or no (got "maybe")'],
    [
      'LOG_LEVEL',
      'loud',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
  ])('%s=%s is refused on one line saying what it takes', async (variable, value, message) => {
    vi.stubEnv(variable, value);
    const result = await run(['serve']);
    expect(result.err).toBe(`Invalid configuration: ${message}\n`);
    // EX_CONFIG: the environment, not the command line, is wrong.
    expect(result.status).toBe(78);
  });
});
