import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { type ChatBuddyConfig, configFromEnv } from '@chatbuddy/runtime/config';

/** How a command opens the runtime, beyond its settings. */
export interface OpenOptions {
  /**
   * Say on stderr when opening creates the embedded data folder. Operator commands do: one that
   * finds no data was most likely run from the wrong folder. `serve`, `demo` and `users create`
   * do not: they are how a new installation starts.
   */
  announceNewDataFolder?: boolean;
}

/**
 * Opens a runtime for a command; tests pass their own. `overrides` replace what the environment
 * says; `defaults` apply only to settings the environment leaves unset (a command's own default).
 */
export type RuntimeOpener = (
  overrides?: Partial<ChatBuddyConfig>,
  defaults?: Partial<ChatBuddyConfig>,
  options?: OpenOptions,
) => Promise<ChatBuddy>;

/**
 * Reads `.env` (when present) and the environment once, validates, and applies the command's settings.
 * @throws ConfigError naming each variable with a bad value and what it takes.
 */
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
export const openRuntimeFromEnv: RuntimeOpener = async (overrides, defaults, options = {}) => {
  const config = loadConfig(overrides, defaults);
  const dataFolder = resolve(config.dataDir);
  const announce = options.announceNewDataFolder && !config.dbUrl && !existsSync(dataFolder);
  // Loaded on first use: commands that do not open the database (outbox, --help) start faster.
  const { createChatBuddy, createLogger } = await import('@chatbuddy/runtime');
  const runtime = await createChatBuddy(config, { logger: createLogger(config, process.stderr) });
  if (announce) process.stderr.write(`${newDataFolderNotice(dataFolder)}\n`);
  return runtime;
};

/** What an operator command says when it had to create the data folder it was to read. */
export const newDataFolderNotice = (folder: string) =>
  `Created a new, empty database in ${folder} (DATA_DIR); run from the folder that holds your data or set DATA_DIR`;
