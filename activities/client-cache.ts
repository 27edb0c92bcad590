/**
 * Clients built per run and reused across that run's activity calls on this worker: SCIM
 * discovery and the OneRoster roster context cost requests, so they are paid once per run,
 * not once per page. Bounded, oldest evicted first.
 */
export class RunScopedCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  constructor(private readonly capacity = 32) {}

  get(key: string, build: () => Promise<T>): Promise<T> {
    const existing = this.entries.get(key);
    if (existing) return existing;
    const created = build();
    created.catch(() => this.entries.delete(key));
    this.entries.set(key, created);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return created;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
