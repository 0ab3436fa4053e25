// One project: its name, the tabs of its screens, and the screen itself.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { ProjectView } from '../project-types.js';
import { Alert } from '../ui.js';

export const projectTabs = [
  ['documents', 'Documents'],
  ['playground', 'Playground'],
  ['conversations', 'Conversations'],
  ['leads', 'Leads'],
  ['answers', 'Curated answers'],
  ['analytics', 'Analytics'],
  ['keys', 'Keys'],
  ['settings', 'Settings'],
] as const;
export type ProjectTab = (typeof projectTabs)[number][0];

export interface ProjectScreenProps {
  project: ProjectView;
  onChange: (project: ProjectView) => void;
}

export function ProjectShell({
  projectId,
  tab,
  children,
}: {
  projectId: string;
  tab: ProjectTab;
  children: (props: ProjectScreenProps) => ComponentChildren;
}) {
  const [project, setProject] = useState<ProjectView | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setError(null);
    api.get<ProjectView>(`/projects/${projectId}`).then(setProject).catch(setError);
  }, [projectId]);
  if (error) return <Alert error={error} />;
  if (!project || project.id !== projectId) return <p aria-busy="true">Loading the project…</p>;
  return (
    <>
      <p class="project-name">
        <a href="/app">Projects</a> / <span>{project.name}</span>
      </p>
      <nav class="tabs" aria-label="Project">
        {projectTabs.map(([key, label]) => (
          <a
            key={key}
            href={`/app/projects/${project.id}/${key}`}
            aria-current={key === tab ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      {children({ project, onChange: setProject })}
    </>
  );
}
