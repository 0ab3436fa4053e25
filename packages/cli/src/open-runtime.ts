import { existsSync } from 'node:fs';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { type ChatBuddyConfig, configFromEnv } from '@chatbuddy/runtime/config';

/** Opens a runtime for a command; tests pass their own. */
export type RuntimeOpener = (overrides?: Partial<ChatBuddyConfig>) => Promise<ChatBuddy>;

/** Reads `.env` (when present) and the environment once, validates, and opens the runtime. */
export function loadConfig(overrides: Partial<ChatBuddyConfig> = {}): ChatBuddyConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return { ...configFromEnv(process.env), ...overrides };
}

/**
 * Opens the runtime the environment describes. Logs go to stderr: stdout carries only a
 * command's output, so `--json` output always parses.
 */
export const openRuntimeFromEnv: RuntimeOpener = async (overrides) => {
  const config = loadConfig(overrides);
  // Loaded on first use: commands that do not open the database (outbox, --help) start faster.
  const { createChatBuddy, createLogger } = await import('@chatbuddy/runtime');
  return createChatBuddy(config, { logger: createLogger(config, process.stderr) });
};
