import { existsSync } from 'node:fs';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { type ChatBuddyConfig, configFromEnv } from '@chatbuddy/runtime/config';

/**
 * Opens a runtime for a command; tests pass their own. `overrides` replace what the environment
 * says; `defaults` apply only to settings the environment leaves unset (a command's own default).
 */
export type RuntimeOpener = (
  overrides?: Partial<ChatBuddyConfig>,
  defaults?: Partial<ChatBuddyConfig>,
) => Promise<ChatBuddy>;

/** Reads `.env` (when present) and the environment once, validates, and applies the command's settings. */
export function loadConfig(
  overrides: Partial<ChatBuddyConfig> = {},
  defaults: Partial<ChatBuddyConfig> = {},
): ChatBuddyConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const fromEnv = configFromEnv(process.env);
  const unset = Object.entries(defaults).filter(
    ([name]) => fromEnv[name as keyof ChatBuddyConfig] === undefined,
  );
  return { ...fromEnv, ...Object.fromEntries(unset), ...overrides };
}

/**
 * Opens the runtime the environment describes. Logs go to stderr: stdout carries only a
 * command's output, so `--json` output always parses.
 */
export const openRuntimeFromEnv: RuntimeOpener = async (overrides, defaults) => {
  const config = loadConfig(overrides, defaults);
  // Loaded on first use: commands that do not open the database (outbox, --help) start faster.
  const { createChatBuddy, createLogger } = await import('@chatbuddy/runtime');
  return createChatBuddy(config, { logger: createLogger(config, process.stderr) });
};
