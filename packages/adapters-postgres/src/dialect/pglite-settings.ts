import { PGlite } from '@electric-sql/pglite';

/**
 * Server settings PGlite starts with, on top of its own defaults. PostgreSQL's defaults are sized
 * for a dedicated server: 128 MB of shared buffers, which PGlite allocates inside its WebAssembly
 * memory at start and which that memory never gives back. Searches are answered from the search
 * mirror (decision 0006) and the database files are read through the operating system's page
 * cache, so a small buffer pool costs no measurable speed and saves about 115 MiB of resident
 * memory (decision 0017). `wal_buffers` follows `shared_buffers` (1/32 of it).
 */
export const pgliteSettings: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  maintenance_work_mem: '16MB',
  temp_buffers: '2MB',
};

/** PGlite's start parameters with `pgliteSettings` (later `-c` options win over earlier ones). */
export function pgliteStartParams(settings: Readonly<Record<string, string>> = pgliteSettings): string[] {
  return [
    ...PGlite.defaultStartParams,
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
}
