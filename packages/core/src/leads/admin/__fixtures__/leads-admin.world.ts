import {
  createInMemoryPorts,
  failureCode,
  inMemoryLeadSeeder,
  makeDirectoryLead,
  makeUser,
  seedProject,
} from '../../../testing/index.js';
import type { Lead } from '../../../assistant/index.js';
import type { Project } from '../../../projects/index.js';
import { EraseLead } from '../erase-lead.use-case.js';
import { ExportLeads } from '../export-leads.use-case.js';
import { ListLeads } from '../list-leads.use-case.js';

/** Two tenants, their owners, and the admin use cases over in-memory fakes. */
export async function leadsWorld() {
  const ports = createInMemoryPorts();
  const seed = inMemoryLeadSeeder(ports.db);
  const mine = await seedProject(ports);
  const theirs = await seedProject(ports);
  const owner = { id: mine.ownerId, role: 'user' as const };
  const stranger = { id: theirs.ownerId, role: 'user' as const };
  const admin = { id: (await ports.users.create(makeUser({ role: 'admin' }))).id, role: 'admin' as const };
  const addLead = async (project: Project, overrides: Partial<Lead> = {}) => {
    const lead = makeDirectoryLead(project.id, overrides);
    await seed.lead(lead);
    return lead;
  };
  return {
    ports,
    seed,
    mine,
    theirs,
    owner,
    stranger,
    admin,
    addLead,
    failureCode,
    list: new ListLeads(ports.projects, ports.leadDirectory),
    erase: new EraseLead(ports.projects, ports.leadDirectory),
    exporter: new ExportLeads(ports.projects, ports.leadDirectory, ports.csv),
  };
}
