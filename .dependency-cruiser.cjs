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
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
