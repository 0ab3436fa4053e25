import type { CreatedProject, ProjectView } from '@chatbuddy/core';
import { alignedTable } from '../io.js';

/** Projects as an aligned table (key prefixes only). */
export function projectTable(projects: readonly ProjectView[]): string {
  if (projects.length === 0) return 'No projects. Create one: chatbuddy projects create --name "…"';
  const header = ['ID', 'NAME', 'PROVIDER', 'TOKENS', 'KEYS', 'CREATED'];
  const rows = projects.map((project) => [
    project.id,
    project.name,
    project.modelProvider,
    `${project.tokensUsed}/${project.tokenLimit ?? '∞'}`,
    project.keys.map((key) => `${key.prefix}…`).join(' '),
    project.createdAt,
  ]);
  return alignedTable(header, rows);
}

/** What `projects create` prints: the project and, this once, its keys. */
export function describeCreatedProject(created: CreatedProject, ownerEmail: string): string {
  const { project } = created;
  return [
    `Created project "${project.name}" (${project.modelProvider}) id ${project.id}, owner ${ownerEmail}`,
    `Secret key:      ${created.apiKey}`,
    `Publishable key: ${created.publishableKey}`,
    'Store these keys now: they are shown only this once (rotate-key issues new ones).',
  ].join('\n');
}
