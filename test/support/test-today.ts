/**
 * The calendar day every suite runs on. Simulated districts take their school year from it and
 * test workers judge current terms and grace periods by it, so no result depends on the date the
 * suite happens to run (the product itself keeps the real date). It lies inside the fall term of
 * the district the simulator generates for it.
 */
export const TEST_TODAY = new Date('2026-11-01T12:00:00Z');

/** The seat clock of a test worker: always {@link TEST_TODAY}. */
export const testSeatClock = (): Date => TEST_TODAY;
