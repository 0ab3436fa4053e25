import { ProjectRepository } from '@chatbuddy/core';
import { type ChatBuddy, createChatBuddy, createLogger } from '@chatbuddy/runtime';
import { inMemoryResources } from '@chatbuddy/runtime/testing';
import { describe, expect, it } from 'vitest';
import { evaluateBeir } from './evaluate.js';

/** Records the ids of the projects `runtime` creates. */
function recordCreated(runtime: ChatBuddy): string[] {
  const created: string[] = [];
  const create = runtime.projects.create;
  runtime.projects.create = async (input) => {
    const made = await create(input);
    created.push(made.project.id);
    return made;
  };
  return created;
}

describe('evaluations', () => {
  it('leave no project behind, as against a server’s own database', async () => {
    const { resources } = inMemoryResources();
    const runtime = await createChatBuddy(
      { nodeEnv: 'test', logLevel: 'silent' },
      { resources, logger: createLogger({ logLevel: 'silent' }) },
    );
    try {
      const created = recordCreated(runtime);
      const metrics = await evaluateBeir(
        runtime,
        {
          corpus: [
            { id: 'd1', title: 'Shipping', text: 'Parcels to Switzerland take three to five working days.' },
            { id: 'd2', title: 'Returns', text: 'Returns are free within thirty days of delivery.' },
          ],
          queries: [{ id: 'q1', text: 'How long do parcels to Switzerland take?' }],
          qrels: new Map([['q1', new Map([['d1', 1]])]]),
        },
        { limit: 10, progress: () => undefined },
      );
      expect(metrics).toMatchObject({ documents: 2, queries: 1, recallAt10: 1 });
      expect(created).toHaveLength(1);
      await expect(
        runtime.get<ProjectRepository>(ProjectRepository).findById(created[0]!),
      ).resolves.toBeNull();
    } finally {
      await runtime.close();
    }
  });
});
