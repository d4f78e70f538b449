/**
 * Lance sizes its CPU pool from the core count when the native module first uses it; on a 2-core
 * machine index builds from ~10K rows then stall with every thread waiting (lancedb/lancedb#3568).
 * Imported before `@lancedb/lancedb` everywhere, so the default is in place before the pool exists.
 * An operator's own LANCE_CPU_THREADS wins.
 */
export const DEFAULT_LANCE_CPU_THREADS = 4;

process.env.LANCE_CPU_THREADS ??= String(DEFAULT_LANCE_CPU_THREADS);
