import { resolve } from 'node:path';
import {
  type Actor,
  DomainError,
  isDomainError,
  loadAccessibleProject,
  type Project,
  ProjectRepository,
} from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { OpenOptions, RuntimeOpener } from '../open-runtime.js';

/**
 * The operator runs the CLI on the server itself, so it acts as an admin (sees every project).
 * The id is never stored: projects are created on behalf of a real user (see `resolveOwner`).
 */
export const operatorActor: Actor = { id: '00000000-0000-0000-0000-000000000000', role: 'admin' };

/**
 * Opens a runtime, runs `work`, and always closes it. Says when opening created the data folder
 * (unless `options` say otherwise), and where a project was not found: both mean the command
 * most likely ran from another folder than the one holding the data.
 */
export async function withRuntime<T>(
  openRuntime: RuntimeOpener,
  work: (runtime: ChatBuddy) => Promise<T>,
  options: OpenOptions = { announceNewDataFolder: true },
): Promise<T> {
  const runtime = await openRuntime(undefined, undefined, options);
  try {
    return await work(runtime);
  } catch (error) {
    throw whereNotFound(runtime, error);
  } finally {
    await runtime.close();
  }
}

/** `project_not_found`, naming the embedded data folder it looked in (never DB_URL: it holds credentials). */
function whereNotFound(runtime: ChatBuddy, error: unknown): unknown {
  if (!isDomainError(error) || error.code !== 'project_not_found' || runtime.config.dbUrl) return error;
  return new DomainError(
    'project_not_found',
    `${error.message} in ${resolve(runtime.config.dataDir)} (DATA_DIR)`,
    {
      cause: error,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  );
}

/** The project as the use cases need it. @throws DomainError `project_not_found`. */
export function loadProject(runtime: ChatBuddy, projectId: string): Promise<Project> {
  return loadAccessibleProject(runtime.get<ProjectRepository>(ProjectRepository), operatorActor, projectId);
}
