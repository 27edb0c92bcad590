/**
 * One wake-up signal in flight per event workflow, instead of one per delivery. At 50
 * deliveries a second, a signal each would add a workflow task and four history events per
 * delivery to the workflow, which then spends its time replaying its own wake-ups.
 *
 * A delivery's events are stored before it asks for a wake-up, so a signal that starts after
 * the ask covers them. While a signal is in flight, asks wait for the next one, which starts
 * when it ends and carries their counts summed; each ask settles with the signal that covers
 * it (a failed signal fails every ask it covered, which the route turns into a 503 to redeliver).
 */
export class CoalescedWake {
  private readonly inFlight = new Map<string, WakeQueue>();

  /**
   * Resolves once a signal of workflow `key` that started after this call was sent by `signal`
   * (the asks one signal covers pass equivalent functions; the latest is used) with their counts summed.
   */
  wake(key: string, count: number, signal: SendSignal): Promise<void> {
    const queue = this.inFlight.get(key);
    if (queue) return queue.waitForNext(count, signal);
    const fresh = new WakeQueue();
    this.inFlight.set(key, fresh);
    const sent = fresh.waitForNext(count, signal);
    void this.drain(key, fresh);
    return sent;
  }

  private async drain(key: string, queue: WakeQueue): Promise<void> {
    for (let next = queue.take(); next; next = queue.take()) {
      try {
        await next.signal(next.count);
        next.settle.resolve();
      } catch (error) {
        next.settle.reject(error);
      }
    }
    this.inFlight.delete(key);
  }
}

export type SendSignal = (count: number) => Promise<void>;

interface PendingSignal {
  count: number;
  signal: SendSignal;
  settle: { promise: Promise<void>; resolve(): void; reject(error: unknown): void };
}

function settlement(): PendingSignal['settle'] {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/** The asks waiting for the next signal of one workflow. */
class WakeQueue {
  private next: PendingSignal | undefined;

  waitForNext(count: number, signal: SendSignal): Promise<void> {
    this.next ??= { count: 0, signal, settle: settlement() };
    this.next.count += count;
    this.next.signal = signal;
    return this.next.settle.promise;
  }

  take(): PendingSignal | undefined {
    const next = this.next;
    this.next = undefined;
    return next;
  }
}
