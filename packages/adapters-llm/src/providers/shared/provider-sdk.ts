import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A hosted provider's SDK, loaded when its first client is made rather than when the package is
 * imported: most instances configure one provider or none (the offline `local` one), and the
 * OpenAI and Gemini SDKs alone hold about 30 MiB of a server's memory (decision 0017).
 */
export function providerSdk<Sdk>(name: 'openai' | 'groq-sdk' | '@google/genai' | 'ollama'): Sdk {
  return require(name) as Sdk;
}
