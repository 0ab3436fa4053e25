import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { TestServer } from './test-server.js';

interface Operation {
  tags?: string[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

/**
 * Checks every successful JSON answer the server gave in this test file against the response
 * schema its operation declares in `/openapi.json`; returns one line per mismatch (empty: all
 * conform). Operations tagged `test` (routes added by tests) may answer without a schema.
 */
export async function openApiMismatches(server: TestServer): Promise<string[]> {
  const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, Operation>>;
    components: Record<string, unknown>;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    literal: !template.includes('{'),
  }));
  const compiled = new Map<unknown, ReturnType<typeof ajv.compile>>();
  const mismatches: string[] = [];
  const checked = server.exchanges.filter(
    (exchange) => exchange.status >= 200 && exchange.status < 300 && exchange.contentType.includes('json'),
  );
  for (const exchange of checked) {
    const matching = templates.filter(
      (entry) => entry.pattern.test(exchange.path) && document.paths[entry.template]![exchange.method],
    );
    const entry = matching.find((candidate) => candidate.literal) ?? matching[0];
    const where = `${exchange.method.toUpperCase()} ${exchange.path} ${exchange.status}`;
    if (!entry) {
      mismatches.push(`${where}: no operation`);
      continue;
    }
    const operation = document.paths[entry.template]![exchange.method]!;
    const schema = operation.responses[String(exchange.status)]?.content?.['application/json']?.schema;
    if (!schema) {
      if (!operation.tags?.includes('test')) mismatches.push(`${where}: no response schema declared`);
      continue;
    }
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile({ ...(schema as object), components: document.components });
      compiled.set(schema, validate);
    }
    if (!validate(exchange.body)) mismatches.push(`${where}: ${ajv.errorsText(validate.errors)}`);
  }
  return mismatches;
}
