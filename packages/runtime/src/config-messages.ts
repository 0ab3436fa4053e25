import type { z } from 'zod';

interface Bound {
  value: number;
  inclusive: boolean;
}

/** The schema under `.default()` and `.optional()`: what the value itself must be. */
function innermost(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while ('innerType' in inner.def) inner = inner.def.innerType as z.ZodType;
  return inner;
}

function bounds(schema: z.ZodType): { lowest?: Bound; highest?: Bound } {
  const found: { lowest?: Bound; highest?: Bound } = {};
  for (const check of schema.def.checks ?? []) {
    const {
      check: kind,
      value,
      inclusive,
    } = check._zod.def as {
      check: string;
      value?: unknown;
      inclusive?: boolean;
    };
    if (typeof value !== 'number') continue;
    if (kind === 'greater_than') found.lowest = { value, inclusive: inclusive ?? true };
    if (kind === 'less_than') found.highest = { value, inclusive: inclusive ?? true };
  }
  return found;
}

function describeNumber(schema: z.ZodNumber): string {
  const whole = schema.isInt === true;
  const { lowest, highest } = bounds(schema);
  // A whole number above 0 is 1 or more: say the first value allowed, as people count.
  const least = lowest && (whole && !lowest.inclusive ? lowest.value + 1 : lowest.value);
  const most = highest && (whole && !highest.inclusive ? highest.value - 1 : highest.value);
  const exact = whole || (lowest?.inclusive ?? true);
  const kind = whole ? 'a whole number' : 'a number';
  if (least !== undefined && most !== undefined && exact) return `${kind} from ${least} to ${most}`;
  if (least !== undefined && exact) return `${kind}, ${least} or more`;
  if (lowest && most !== undefined) return `${kind} above ${lowest.value}, at most ${most}`;
  if (lowest) return `${kind} above ${lowest.value}`;
  return most === undefined ? kind : `${kind}, at most ${most}`;
}

/** What a number, yes/no or choice setting takes (`a whole number from 0 to 65535`); `null` for text. */
export function describeAccepted(schema: z.ZodType): string | null {
  const inner = innermost(schema);
  if (inner.def.type === 'number') return describeNumber(inner as z.ZodNumber);
  if (inner.def.type === 'enum') return `one of ${(inner as z.ZodEnum).options.join(', ')}`;
  // The configuration's only union is its yes/no type (`bool` in config.ts).
  if (inner.def.type === 'union') return 'true or false, 1 or 0, yes or no';
  return null;
}

/** What is wrong with a text setting, without its value (it may be a secret or a URL with credentials). */
function textProblem(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'must be a URL';
  if (issue.code === 'invalid_format' && issue.message.startsWith('must ')) return issue.message;
  if (issue.code === 'too_small' && issue.origin === 'string')
    return `must be at least ${issue.minimum} characters long`;
  return `is not valid (${issue.message})`;
}

/**
 * What is wrong with one setting, phrased to follow its name (`PORT: must be …`): what a number,
 * yes/no or choice setting takes and what it got; for text, what it must be.
 */
export function settingProblem(
  schema: z.ZodType | undefined,
  issue: z.core.$ZodIssue,
  value: unknown,
): string {
  const accepted = schema && describeAccepted(schema);
  if (!accepted) return textProblem(issue);
  const got = ['string', 'number'].includes(typeof value) ? ` (got ${JSON.stringify(value)})` : '';
  return `must be ${accepted}${got}`;
}
