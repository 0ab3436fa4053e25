import { z } from 'zod';

type Json = Record<string, unknown>;

/**
 * Turns zod schemas into OpenAPI 3.1 schema objects. zod puts shared and recursive parts (the
 * JSON value of metadata) under the emitted schema's own `$defs` and refers to them as
 * `#/$defs/…`, which inside an OpenAPI document resolves against the document root and points
 * nowhere; they are moved to `components.schemas` (identical ones once) and the references
 * rewritten to point there.
 */
export class OpenApiSchemas {
  /** Schemas to publish under `components.schemas`. */
  readonly components: Record<string, unknown> = {};
  private readonly namesByContent = new Map<string, string>();

  constructor(initial: Record<string, unknown> = {}) {
    Object.assign(this.components, initial);
  }

  emit(schema: z.ZodType, io: 'input' | 'output'): unknown {
    let emitted: Json;
    try {
      emitted = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
    } catch {
      return {};
    }
    const { $schema: _dialect, $defs, ...rest } = emitted;
    const renamed = new Map<string, string>();
    const definitions = Object.entries(($defs ?? {}) as Record<string, unknown>);
    for (const [name, definition] of definitions) renamed.set(name, this.nameFor(name, definition));
    const rewrite = (value: unknown) => rewriteReferences(value, renamed);
    for (const [name, definition] of definitions) this.components[renamed.get(name)!] ??= rewrite(definition);
    return rewrite(rest);
  }

  private nameFor(name: string, definition: unknown): string {
    const content = JSON.stringify(definition);
    const known = this.namesByContent.get(content);
    if (known) return known;
    const base = isJsonValue(definition) ? 'JsonValue' : name.replace(/^_+/, '') || 'Schema';
    let candidate = base;
    for (let index = 2; candidate in this.components; index++) candidate = `${base}${index}`;
    this.namesByContent.set(content, candidate);
    this.components[candidate] = {};
    return candidate;
  }
}

/** Copies `value`, pointing `#/$defs/<name>` references at `#/components/schemas/<new name>`. */
function rewriteReferences(value: unknown, renamed: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteReferences(item, renamed));
  if (value === null || typeof value !== 'object') return value;
  const copy: Json = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && child.startsWith('#/$defs/')) {
      const target = renamed.get(child.slice('#/$defs/'.length));
      copy[key] = target ? `#/components/schemas/${target}` : child;
    } else copy[key] = rewriteReferences(child, renamed);
  }
  return copy;
}

/** The shape zod gives `z.json()`: any of string, number, boolean, null, array and object. */
function isJsonValue(definition: unknown): boolean {
  const branches = (definition as { anyOf?: { type?: string }[] }).anyOf;
  if (!Array.isArray(branches)) return false;
  const types = new Set(branches.map((branch) => branch.type));
  return ['string', 'number', 'boolean', 'null', 'array', 'object'].every((type) => types.has(type));
}
