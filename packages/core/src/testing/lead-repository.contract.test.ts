import { leadRepositoryContract } from './contracts/lead.repository.contract.js';
import { seedProject } from './contracts/repository-fixtures.js';
import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryLeadRepository } from './in-memory-lead-repository.js';
import { inMemoryRepositories } from './in-memory-unit-of-work.js';

leadRepositoryContract('InMemoryLeadRepository', () => {
  const db = new InMemoryDatabase();
  const repositories = inMemoryRepositories(db);
  return { leads: new InMemoryLeadRepository(db), seedProject: () => seedProject(repositories) };
});
