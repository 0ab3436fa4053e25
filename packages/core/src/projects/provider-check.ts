import type { ModelProvider } from './project.js';
import type { ModelGateway } from '../ports/model-gateway.port.js';
import { DomainError, isDomainError } from '../shared/domain-error.js';

/**
 * Refuses a provider this server cannot use, as a mistake in the request (400 `invalid_input` at
 * `modelProvider`, naming the setting that enables it), rather than a project whose every upload
 * and answer would fail with 503.
 */
export function assertProviderConfigured(models: ModelGateway, provider: ModelProvider): void {
  try {
    models.chatModel(provider);
    models.embedder(provider);
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'provider_unavailable') throw error;
    const message = `${error.message} (this server cannot use it)`;
    throw new DomainError('invalid_input', `Invalid input at modelProvider: ${message}`, {
      details: { issues: [{ path: 'modelProvider', message, code: 'custom' }] },
    });
  }
}
