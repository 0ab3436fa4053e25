import { describe, expect, it } from 'vitest';
import {
  createIndexingWorld,
  policy,
  projectA,
  projectB,
} from '../../indexing/__fixtures__/indexing-world.js';
import { getDocumentInput } from './get-document.input.js';

describe('GetDocument', () => {
  it('returns content and metadata of the caller’s document only', async () => {
    const world = await createIndexingWorld();
    const uploaded = await world.upload.execute(projectA, {
      content: policy(),
      metadata: { source: 'wiki' },
    });
    expect(await world.get.execute(projectA, { documentId: uploaded.id })).toMatchObject({
      id: uploaded.id,
      content: policy(),
      metadata: { source: 'wiki' },
      contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    await expect(world.get.execute(projectB, { documentId: uploaded.id })).rejects.toMatchObject({
      code: 'document_not_found',
    });
    expect(getDocumentInput.safeParse({ documentId: 'not-a-uuid' }).success).toBe(false);
  });
});
