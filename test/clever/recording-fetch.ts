/**
 * Wraps the real global fetch and remembers what went over the wire (URL and status), so a
 * test can show how many requests a client made and which answers it saw. Not a mock: every
 * request still goes to the real simulator.
 */
export interface WireLog {
  fetch: typeof fetch;
  calls: { url: string; status: number | 'network-error' }[];
}

export function recordingFetch(): WireLog {
  const calls: WireLog['calls'] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    try {
      const response = await fetch(input, init);
      calls.push({ url, status: response.status });
      return response;
    } catch (error) {
      calls.push({ url, status: 'network-error' });
      throw error;
    }
  };
  return { fetch: wrapped, calls };
}

/** A deterministic clock plus a sleep that advances it instead of waiting. */
export function virtualTime(startMs: number): { now: () => number; date: () => Date; sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  let nowMs = startMs;
  const sleeps: number[] = [];
  return {
    now: () => nowMs,
    date: () => new Date(nowMs),
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      nowMs += ms;
    },
  };
}
