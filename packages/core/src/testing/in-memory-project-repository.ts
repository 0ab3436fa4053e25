import type { ProjectPatch, ProjectRepository, TokenLease } from '../ports/project.repository.port.js';
import type { Project } from '../projects/project.js';
import type { Page, PageRequest } from '../shared/common.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import { paginate } from './paging.js';
import { tokenLimitReached } from '../projects/token-budget.js';

const copy = structuredClone;

export class InMemoryProjectRepository implements ProjectRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async create(project: Project): Promise<Project> {
    this.db.tables.projects.set(project.id, copy(project));
    return copy(project);
  }

  async findById(id: string): Promise<Project | null> {
    const project = this.db.tables.projects.get(id);
    return project ? copy(project) : null;
  }

  async list(filter: { ownerId?: string }, page: PageRequest): Promise<Page<Project>> {
    const rows = [...this.db.tables.projects.values()].filter(
      (project) => filter.ownerId === undefined || project.ownerId === filter.ownerId,
    );
    return copy(paginate(rows, page));
  }

  async update(id: string, patch: ProjectPatch, at: Date): Promise<Project | null> {
    const project = this.db.tables.projects.get(id);
    if (!project) return null;
    const updated = { ...project, ...copy(patch), updatedAt: at };
    this.db.tables.projects.set(id, updated);
    return copy(updated);
  }

  async delete(id: string): Promise<boolean> {
    if (!this.db.tables.projects.has(id)) return false;
    this.db.tables.cascadeProject(id);
    this.db.tables.deletedProjects.set(id, new Date());
    return true;
  }

  async deletedWithVectors(limit: number): Promise<string[]> {
    return [...this.db.tables.deletedProjects.keys()].slice(0, Math.max(0, limit));
  }

  async vectorsDropped(id: string, settledMs = 0): Promise<boolean> {
    const deletedAt = this.db.tables.deletedProjects.get(id);
    if (!deletedAt || Date.now() - deletedAt.getTime() < settledMs) return false;
    return this.db.tables.deletedProjects.delete(id);
  }

  async reserveTokens(id: string, tokens: number, at: Date, lease?: TokenLease): Promise<boolean> {
    const project = this.db.tables.projects.get(id);
    if (!project || tokenLimitReached(project, at)) return false;
    project.tokensReserved += tokens;
    if (lease)
      this.db.tables.tokenLeases.set(lease.id, { projectId: id, tokens, expiresAt: lease.expiresAt });
    return true;
  }

  async releaseTokens(id: string, reserved: number, leaseId?: string): Promise<void> {
    const project = this.db.tables.projects.get(id);
    if (!project) return;
    const tokens = leaseId === undefined ? reserved : takeLease(this.db, id, leaseId);
    project.tokensReserved = Math.max(0, project.tokensReserved - tokens);
  }

  async releaseExpiredLeases(at: Date | null): Promise<number> {
    let released = 0;
    for (const [id, lease] of this.db.tables.tokenLeases) {
      if (at !== null && lease.expiresAt > at) continue;
      this.db.tables.tokenLeases.delete(id);
      const project = this.db.tables.projects.get(lease.projectId);
      if (project) project.tokensReserved = Math.max(0, project.tokensReserved - lease.tokens);
      released += 1;
    }
    return released;
  }
}

/** Removes a project's lease and returns its tokens (0 when it is no longer held). */
export function takeLease(db: InMemoryDatabase, projectId: string, leaseId: string): number {
  const lease = db.tables.tokenLeases.get(leaseId);
  if (!lease || lease.projectId !== projectId) return 0;
  db.tables.tokenLeases.delete(leaseId);
  return lease.tokens;
}
