import type { BuildOptions } from 'esbuild';

/** esbuild options of the dashboard bundle; `write: false` keeps the output in memory. */
export function dashboardBuildOptions(write?: boolean): BuildOptions;
