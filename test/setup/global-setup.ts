// Placeholder replaced by the foundation work: starts the real services the suites need.
export default async function setup(): Promise<void> {}
