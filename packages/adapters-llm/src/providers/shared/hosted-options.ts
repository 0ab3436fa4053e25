import type { ProviderCallOptions } from './provider-caller.js';

/** Settings every API-key provider adapter takes. */
export interface HostedProviderOptions extends ProviderCallOptions {
  apiKey: string;
  /** API root, e.g. a proxy or a local test server; the vendor's public endpoint when absent. */
  baseUrl?: string;
}

/** The SDK's own timeout, kept well behind ours so that ours always decides. */
export const sdkTimeoutMs = (timeoutMs: number): number => timeoutMs * 2 + 1_000;
