/** True when dist/ is missing or older than a source. */
export function serverBundleIsStale(): boolean;
/** Bundles the server (and, unless `client` is false, the browser islands); returns the milliseconds taken. */
export function buildServer(options?: { client?: boolean }): Promise<number>;
