import { PGlite } from '@electric-sql/pglite';

/**
 * Server settings PGlite starts with, on top of its own defaults. PostgreSQL's defaults are sized
 * for a dedicated server: 128 MB of shared buffers, which PGlite allocates inside its WebAssembly
 * memory at start and which that memory never gives back. Searches are answered from the search
 * mirror (decision 0006) and the database files are read through the operating system's page
 * cache, so a small buffer pool costs no measurable speed and saves about 115 MiB of resident
 * memory (decision 0017). `wal_buffers` follows `shared_buffers` (1/32 of it).
 *
 * `gin_pending_list_limit` is PostgreSQL's 4 MB × 8: the lexeme index's pending list is merged
 * between uploads once they pause (decision 0038) rather than inside whichever upload passes the
 * limit; a bulk import still merges at 32 MB (about 15 MB of text), which bounds the longest merge
 * (about 1.5 s here) that an upload or a chat can wait for.
 */
export const pgliteSettings: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  maintenance_work_mem: '16MB',
  temp_buffers: '2MB',
  gin_pending_list_limit: '32MB',
};

/** PGlite's start parameters with `pgliteSettings` (later `-c` options win over earlier ones). */
export function pgliteStartParams(settings: Readonly<Record<string, string>> = pgliteSettings): string[] {
  return [
    ...PGlite.defaultStartParams,
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
}
