import { type Actor, loadAccessibleProject, type Project, ProjectRepository } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { RuntimeOpener } from '../open-runtime.js';

/**
 * The operator runs the CLI on the server itself, so it acts as an admin (sees every project).
 * The id is never stored: projects are created on behalf of a real user (see `resolveOwner`).
 */
export const operatorActor: Actor = { id: '00000000-0000-0000-0000-000000000000', role: 'admin' };

/** Opens a runtime, runs `work`, and always closes it. */
export async function withRuntime<T>(
  openRuntime: RuntimeOpener,
  work: (runtime: ChatBuddy) => Promise<T>,
): Promise<T> {
  const runtime = await openRuntime();
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** The project as the use cases need it. @throws DomainError `project_not_found`. */
export function loadProject(runtime: ChatBuddy, projectId: string): Promise<Project> {
  return loadAccessibleProject(runtime.get<ProjectRepository>(ProjectRepository), operatorActor, projectId);
}
