/**
 * V8 flags for the process that runs order sync (the Electron main process, via `js-flags`).
 * Parsing pages of JSON allocates fast; V8 then grows the young generation's semi-spaces to 16 MB
 * or more, and the peak RSS of a 1,000,000-order sync rises to ~330 MB. Capped at 4 MB it stays
 * near 210 MB and is no slower (measured with bench/run.ts, which uses the same flags).
 */
export const MAIN_PROCESS_V8_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
