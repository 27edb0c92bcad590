/**
 * How a SIS organises its change feed, which decides how an incremental run walks it:
 * - `one-stream`: one feed carries every kind in the order the changes happened (Clever's
 *   Events API); the run reads it once, from its cursor to the end.
 * - `per-kind`: one delta per collection (OneRoster `dateLastModified>` filters); the run reads
 *   each kind in fetch order, so parents reach the mirror before their children.
 */
export type ChangeFeedLayout = 'one-stream' | 'per-kind';
