/** The repository root. */
export declare const root: string;
/** Whether `dist` is missing in any package or older than its sources. */
export declare function needsBuild(): boolean;
/** Builds when needed; false when the build failed. */
export declare function ensureBuilt(): boolean;
