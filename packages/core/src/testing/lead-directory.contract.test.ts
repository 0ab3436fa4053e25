import { leadDirectoryContract } from './contracts/lead-directory.contract.js';
import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryLeadDirectory, inMemoryLeadSeeder } from './in-memory-lead-directory.js';
import { InMemoryWebhookDeliveryRepository } from './in-memory-webhook-delivery-repository.js';
import { inMemoryRepositories } from './in-memory-unit-of-work.js';

leadDirectoryContract('in-memory', () => {
  const db = new InMemoryDatabase();
  return {
    repositories: inMemoryRepositories(db),
    directory: new InMemoryLeadDirectory(db),
    deliveries: new InMemoryWebhookDeliveryRepository(db),
    seed: inMemoryLeadSeeder(db),
  };
});
