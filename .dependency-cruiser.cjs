/**
 * Import-cycle check (test/architecture/no-cycles.test.ts runs it; `npx depcruise --config
 * .dependency-cruiser.cjs src activities workflows` prints the same). Type-only imports count:
 * a cycle of types still ties the rooms together.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Imports flow one way (docs/ARCHITECTURE.md); a cycle means two modules each need the other.',
      // TEMPORARY, until the sync vocabulary moves from src/temporal/sync-contract.ts into
      // src/domain (the engine rework): the contract takes PlanSummary from src/sync, which closes
      // a cycle through src/db/schema/sync-runs.ts. Remove both `Not`s once it imports src/domain.
      from: { pathNot: '^src/temporal/sync-contract[.]ts$' },
      to: { circular: true, viaNot: '^src/temporal/sync-contract[.]ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
