/** Values shared by the benchmark and its child processes. */

/** The operator account the benchmark server creates at start (throw-away data folder). */
export const benchUser = {
  email: 'bench@chatbuddy.example',
  password: 'benchmark password 1234',
} as const;

/** Messages a child process sends over IPC. */
export type ChildMessage =
  | { type: 'ready'; port: number; pid: number }
  | { type: 'profile'; profile?: unknown; error?: string }
  | { type: 'ingest-profile'; profile?: unknown; error?: string }
  | { type: 'warm'; projects?: number; chunks?: number; seconds?: number; error?: string };
