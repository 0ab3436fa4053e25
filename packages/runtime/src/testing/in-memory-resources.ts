import { createInMemoryPorts, type InMemoryPorts } from '@chatbuddy/core/testing';
import type { Resources } from '../resources.js';

/**
 * Every resource as core's in-memory fakes (tests of driving adapters that need no real
 * storage). Returns the fakes too, so tests can inspect and steer them.
 */
export function inMemoryResources(): { resources: Resources; ports: InMemoryPorts } {
  const ports = createInMemoryPorts();
  const resources: Resources = {
    persistence: {
      users: ports.users,
      otps: ports.otps,
      refreshTokens: ports.refreshTokens,
      projects: ports.projects,
      apiKeys: ports.apiKeys,
      documents: ports.documents,
      conversations: ports.conversations,
      usage: ports.usage,
      audit: ports.audit,
      idempotency: ports.idempotency,
      curatedAnswers: ports.curatedAnswers,
      leads: ports.leads,
      leadDirectory: ports.leadDirectory,
      webhookDeliveries: ports.webhookDeliveries,
      feedback: ports.feedback,
      analytics: ports.analytics,
      unitOfWork: ports.unitOfWork,
      lexicalIndex: ports.lexicalIndex,
      vectorStore: ports.vectorStore,
      probe: { name: 'database', check: async () => {} },
      close: async () => {},
    },
    vectorStore: ports.vectorStore,
    models: ports.models,
    tokenCounter: ports.tokenCounter,
    parser: ports.parser,
    mailer: ports.mailer,
    rateLimiter: ports.rateLimiter,
    clock: ports.clock,
    ids: ports.ids,
    random: ports.random,
    secretHasher: ports.secretHasher,
    contentHasher: ports.contentHasher,
    passwordHasher: ports.passwordHasher,
    tokenIssuer: ports.tokenIssuer,
    webhookSender: ports.webhookSender,
    csv: ports.csv,
    logger: ports.logger,
    probes: [{ name: 'vectors', check: () => ports.vectorStore.ping() }],
  };
  return { resources, ports };
}
