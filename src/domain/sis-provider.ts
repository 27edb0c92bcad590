/**
 * The SIS vocabulary shared by the providers, the engine and the workflows (which may import
 * only pure code, hence here and not in src/providers).
 */

/** The SIS providers the bridge speaks to. Adding one fails to compile until every switch in src/providers handles it. */
export type ProviderKind = 'clever' | 'classlink';

/**
 * How a SIS organises its change feed, which decides how an incremental run walks it:
 * - `one-stream`: one feed carries every kind in the order the changes happened (Clever's
 *   Events API); the run reads it once, from its cursor to the end.
 * - `per-kind`: one delta per collection (OneRoster `dateLastModified>` filters); the run reads
 *   each kind in fetch order, so parents reach the mirror before their children.
 */
export type ChangeFeedLayout = 'one-stream' | 'per-kind';
