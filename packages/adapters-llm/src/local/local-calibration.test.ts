import { calibrationFor } from '@chatbuddy/core';
import { describe, expect, it } from 'vitest';
import { LocalEmbedder } from './local-embedder.js';

describe('local embedder and confidence calibration', () => {
  it('the default local embedder has a calibrated confidence entry', () => {
    // A new default version or size needs a refit (docs/retrieval.md) before it ships.
    const { model } = new LocalEmbedder();
    expect(calibrationFor(model)).toMatchObject({ fittedWith: model, calibrated: true });
  });
});
