/** What the load knows about one project, to check the database against afterwards. */
export interface SoakProject {
  id: string;
  apiKey: string;
  /** Documents whose upload was accepted (201) and that no accepted delete removed. */
  live: Set<string>;
  /** Answers received (JSON or a finished stream): message id → total tokens. */
  answered: Map<string, number>;
}

export const requestKinds = [
  'upload',
  'replace',
  'delete',
  'chat',
  'sse',
  'sseAborted',
  'dashboard',
  'rotate',
] as const;
export type RequestKind = (typeof requestKinds)[number];

/** Outcomes of one kind of request: counts by status (0 = no response, -1 = aborted by the client). */
export type KindTally = Record<string, number>;

export interface ServerError {
  kind: RequestKind;
  instance: string;
  status: number;
  detail: string;
}

/** Counters shared by the load's workers. */
export class SoakTally {
  readonly byKind = new Map<RequestKind, KindTally>(requestKinds.map((kind) => [kind, {}]));
  readonly serverErrors: ServerError[] = [];
  /** Rotations where the other instance still took the old key or refused the new one. */
  readonly staleKeys: string[] = [];

  count(kind: RequestKind, instance: string, status: number, detail = ''): void {
    const tally = this.byKind.get(kind) as KindTally;
    // Refusals are counted by their error code too (409 conflict, 409 duplicate_document, …).
    const code = status >= 400 ? /"code":"([a-z_]+)"/.exec(detail)?.[1] : undefined;
    const key = code ? `${status} ${code}` : String(status);
    tally[key] = (tally[key] ?? 0) + 1;
    if (status >= 500 || status === 0) this.serverErrors.push({ kind, instance, status, detail });
  }

  total(kind: RequestKind): number {
    return Object.values(this.byKind.get(kind) ?? {}).reduce((sum, value) => sum + value, 0);
  }
}
