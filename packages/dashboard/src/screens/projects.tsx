// The projects list and the new-project form.
import { useState } from 'preact/hooks';
import { api, query, type Page } from '../api.js';
import { Pager, usePaged } from '../paging.js';
import { issuedKeys, type ProjectView, providers, rememberPublishableKey } from '../project-types.js';
import { navigate } from '../router.js';
import {
  Alert,
  Empty,
  Field,
  fieldErrors,
  formatDate,
  SelectField,
  submitWith,
  Title,
  useAction,
} from '../ui.js';

export function Projects() {
  const paged = usePaged<ProjectView>(
    (cursor) => api.get<Page<ProjectView>>(`/projects${query({ limit: 20, cursor })}`),
    [],
  );
  return (
    <>
      <div class="heading-row">
        <Title>Projects</Title>
        <a class="button primary" href="/app/projects/new">
          New project
        </a>
      </div>
      <Alert error={paged.error} />
      {!paged.loading && !paged.error && paged.items.length === 0 && (
        <Empty>
          No projects yet. A project holds one assistant: its documents, keys and settings.{' '}
          <a href="/app/projects/new">Create your first project</a>.
        </Empty>
      )}
      <ul class="cards">
        {paged.items.map((project) => (
          <li key={project.id}>
            <a href={`/app/projects/${project.id}/documents`}>
              <strong>{project.name}</strong>
            </a>
            <span>
              {project.modelProvider}
              {project.modelConfig.model ? ` · ${project.modelConfig.model}` : ''}
            </span>
            <span>
              {project.tokensUsed.toLocaleString('en-GB')} tokens used
              {project.tokenLimit !== null ? ` of ${project.tokenLimit.toLocaleString('en-GB')}` : ''}
            </span>
            <span>Created {formatDate(project.createdAt)}</span>
          </li>
        ))}
      </ul>
      <Pager paged={paged} label="Projects" />
    </>
  );
}

export function NewProject() {
  const [name, setName] = useState('');
  const [provider, setProvider] = useState<string>('local');
  const [model, setModel] = useState('');
  const action = useAction(async () => {
    const created = await api.post<{ project: ProjectView; apiKey: string; publishableKey: string }>(
      '/projects',
      {
        name,
        modelProvider: provider,
        ...(model.trim() && { modelConfig: { model: model.trim() } }),
      },
    );
    issuedKeys.set(created.project.id, [
      { kind: 'secret', key: created.apiKey },
      { kind: 'publishable', key: created.publishableKey },
    ]);
    rememberPublishableKey(created.project.id, created.publishableKey);
    navigate(`/projects/${created.project.id}/keys`);
  });
  const errors = fieldErrors(action.error);
  return (
    <>
      <Title>New project</Title>
      <form noValidate class="panel" onSubmit={submitWith(() => action.run())}>
        <Field label="Name" value={name} onInput={setName} error={errors.name} required />
        <SelectField
          label="Model provider"
          value={provider}
          options={providers}
          onChange={setProvider}
          error={errors.modelProvider}
        />
        <Field
          label="Model (optional)"
          hint="Leave empty for the provider's default."
          value={model}
          onInput={setModel}
          error={errors['modelConfig.model']}
        />
        <Alert error={Object.keys(errors).length ? null : action.error} />
        <button type="submit" class="primary" disabled={action.pending}>
          {action.pending ? 'Creating…' : 'Create project'}
        </button>
      </form>
    </>
  );
}
