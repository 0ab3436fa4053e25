import { type Actor, loadAccessibleProject, type Project, ProjectRepository } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';

/** The project behind a dashboard route, if the signed-in user may see it (404 otherwise). */
export function accessibleProject(runtime: ChatBuddy, actor: Actor, projectId: string): Promise<Project> {
  return loadAccessibleProject(runtime.get<ProjectRepository>(ProjectRepository), actor, projectId);
}
