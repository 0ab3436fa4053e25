import { describe, expect, it } from 'vitest';
import { RecordingLogger } from '../testing/recording-logger.js';
import type { LeadVerified } from '../ports/lead-verified-listener.port.js';
import { LeadVerifiedListeners } from './lead-verified-listeners.js';

const event = { projectId: 'p', sessionId: 's', firstVerification: true } as LeadVerified;

describe('LeadVerifiedListeners', () => {
  it('tells every listener, logs a failing one without stopping the others, and stops after unsubscribe', async () => {
    const logger = new RecordingLogger();
    const listeners = new LeadVerifiedListeners(logger);
    const heard: string[] = [];
    listeners.subscribe({
      leadVerified: async () => {
        throw new Error('webhook down');
      },
    });
    const unsubscribe = listeners.subscribe({
      leadVerified: async (received) => void heard.push(received.sessionId),
    });
    listeners.publish(event);
    await listeners.idle();
    expect(heard).toEqual(['s']);
    expect(logger.warnings.map((warning) => warning.message)).toEqual([
      'a lead verification listener failed',
    ]);
    unsubscribe();
    listeners.publish(event);
    await listeners.idle();
    expect(heard).toEqual(['s']);
  });
});
