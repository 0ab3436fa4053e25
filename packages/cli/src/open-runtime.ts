import { existsSync } from 'node:fs';
import {
  type ChatBuddy,
  type ChatBuddyConfig,
  configFromEnv,
  createChatBuddy,
  createLogger,
} from '@chatbuddy/runtime';

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
  return createChatBuddy(config, { logger: createLogger(config, process.stderr) });
};
