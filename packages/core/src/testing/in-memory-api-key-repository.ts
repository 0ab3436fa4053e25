import type { ApiKeyRepository, KeyWithProject } from '../ports/api-key.repository.port.js';
import type { ApiKey } from '../projects/project.js';
import { DomainError } from '../shared/domain-error.js';
import { InMemoryCuratedAnswerRepository } from './in-memory-curated-answer-repository.js';
import type { InMemoryDatabase } from './in-memory-database.js';

const copy = structuredClone;

export class InMemoryApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async create(key: ApiKey): Promise<void> {
    if ([...this.db.tables.apiKeys.values()].some((existing) => existing.prefix === key.prefix))
      throw new DomainError('conflict', 'An API key with this prefix already exists');
    this.db.tables.apiKeys.set(key.id, copy(key));
  }

  async findByPrefixWithProject(prefix: string): Promise<KeyWithProject | null> {
    const key = [...this.db.tables.apiKeys.values()].find((row) => row.prefix === prefix);
    const project = key ? this.db.tables.projects.get(key.projectId) : undefined;
    if (!key || !project) return null;
    const curatedRevision = await new InMemoryCuratedAnswerRepository(this.db).revision(project.id);
    return { key: copy(key), project: copy(project), curatedRevision };
  }

  async listByProject(projectId: string): Promise<ApiKey[]> {
    return copy(
      [...this.db.tables.apiKeys.values()]
        .filter((key) => key.projectId === projectId)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
    );
  }

  async update(id: string, patch: Partial<Pick<ApiKey, 'expiresAt' | 'revokedAt'>>): Promise<void> {
    const key = this.db.tables.apiKeys.get(id);
    if (key) this.db.tables.apiKeys.set(id, { ...key, ...copy(patch) });
  }
}
