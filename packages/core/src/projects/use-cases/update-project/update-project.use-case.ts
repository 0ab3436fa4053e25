import { DomainError } from '../../../shared/domain-error.js';
import { parseInput } from '../../../shared/validation.js';
import type { ApiKeyRepository } from '../../../ports/api-key.repository.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { ProjectPatch, ProjectRepository } from '../../../ports/project.repository.port.js';
import type { ModelGateway } from '../../../ports/model-gateway.port.js';
import { assertProviderConfigured } from '../../provider-check.js';
import { type UpdateProjectInput, updateProjectInput } from './update-project.input.js';
import { type Actor, loadAccessibleProject } from '../../project-access.js';
import { type ProjectView, toProjectView } from '../../project-view.js';
import { mergePatch, webhookSecretRequired } from '../../project-settings.input.js';

/**
 * Changes a project's name, provider, model config, limits, prompt, assistant and origins; model
 * config and assistant settings are merged into the stored ones (see `updateProjectInput`).
 */
export class UpdateProject {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly clock: Clock,
    private readonly models: ModelGateway,
  ) {}

  async execute(actor: Actor, projectId: string, input: UpdateProjectInput): Promise<ProjectView> {
    const patch = parseInput(updateProjectInput, input);
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    // A provider that stops being configured does not block saving the project's other settings.
    if (patch.modelProvider && patch.modelProvider !== project.modelProvider)
      assertProviderConfigured(this.models, patch.modelProvider);
    const { modelConfig, assistant, ...fields } = patch;
    const merged: ProjectPatch = { ...fields };
    if (modelConfig) merged.modelConfig = mergePatch(project.modelConfig, modelConfig);
    if (assistant) {
      merged.assistant = mergePatch(project.assistant, assistant);
      if (merged.assistant.leadWebhookUrl && !merged.assistant.leadWebhookSecret)
        throw new DomainError(
          'invalid_input',
          `Invalid input at assistant.leadWebhookSecret: ${webhookSecretRequired}`,
          {
            details: {
              issues: [
                { path: 'assistant.leadWebhookSecret', message: webhookSecretRequired, code: 'custom' },
              ],
            },
          },
        );
    }
    const updated = await this.projects.update(project.id, merged, this.clock.now());
    if (!updated) throw new DomainError('project_not_found', 'Project not found');
    return toProjectView(updated, await this.apiKeys.listByProject(project.id), this.clock.now());
  }
}
