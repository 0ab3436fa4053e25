import type { ApiKeyRepository } from '../ports/api-key.repository.port.js';
import type { ApiKey, Project } from '../projects/project.js';
import { DomainError } from '../shared/domain-error.js';
import type { InMemoryDatabase } from './in-memory-database.js';

const copy = structuredClone;

export class InMemoryApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async create(key: ApiKey): Promise<void> {
    if ([...this.db.tables.apiKeys.values()].some((existing) => existing.prefix === key.prefix))
      throw new DomainError('conflict', 'An API key with this prefix already exists');
    this.db.tables.apiKeys.set(key.id, copy(key));
  }

  async findByPrefixWithProject(prefix: string): Promise<{ key: ApiKey; project: Project } | null> {
    const key = [...this.db.tables.apiKeys.values()].find((row) => row.prefix === prefix);
    const project = key ? this.db.tables.projects.get(key.projectId) : undefined;
    return key && project ? { key: copy(key), project: copy(project) } : null;
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
