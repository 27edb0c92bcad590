// The workflow bundle the suites share (test/setup/global-setup.ts): the production workflows
// plus the test-only smokeCheck, which the production worker does not register.
export * from '../../workflows/index.js';
export { smokeCheck } from './smoke-check-workflow.js';
