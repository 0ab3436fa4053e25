import type { Project } from '../../project.js';
import { parseInput } from '../../../shared/validation.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { SecretHasher } from '../../../ports/secret-hasher.port.js';
import type { SecureRandom } from '../../../ports/secure-random.port.js';
import type { UnitOfWork } from '../../../ports/unit-of-work.port.js';
import type { ModelGateway } from '../../../ports/model-gateway.port.js';
import { assertProviderConfigured } from '../../provider-check.js';
import { mintApiKey } from '../../api-key-factory.js';
import { type CreateProjectInput, createProjectInput } from './create-project.input.js';
import type { Actor } from '../../project-access.js';
import { type ProjectView, toProjectView } from '../../project-view.js';

export interface CreatedProject {
  project: ProjectView;
  /** The secret key, shown this once. */
  apiKey: string;
  /** The publishable (widget) key, shown this once. */
  publishableKey: string;
}

/** Creates a project owned by the actor, with a secret and a publishable key. */
export class CreateProject {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly random: SecureRandom,
    private readonly hasher: SecretHasher,
    private readonly clock: Clock,
    private readonly models: ModelGateway,
  ) {}

  /** @throws DomainError `invalid_input`, also for a provider this server has not configured. */
  async execute(actor: Actor, input: CreateProjectInput): Promise<CreatedProject> {
    const fields = parseInput(createProjectInput, input);
    assertProviderConfigured(this.models, fields.modelProvider);
    const now = this.clock.now();
    const project: Project = {
      id: this.ids.newId(),
      ownerId: actor.id,
      ...fields,
      tokensUsed: 0,
      periodStart: null,
      periodTokensUsed: 0,
      tokensReserved: 0,
      embeddingModel: null,
      metadata: {},
      createdAt: now,
      updatedAt: now,
    };
    const ports = { ids: this.ids, random: this.random, hasher: this.hasher };
    const secret = mintApiKey(ports, project.id, 'secret', now);
    const publishable = mintApiKey(ports, project.id, 'publishable', now);
    await this.unitOfWork.run(async (repositories) => {
      await repositories.projects.create(project);
      await repositories.apiKeys.create(secret.record);
      await repositories.apiKeys.create(publishable.record);
    });
    return {
      project: toProjectView(project, [secret.record, publishable.record], now),
      apiKey: secret.plaintext,
      publishableKey: publishable.plaintext,
    };
  }
}
