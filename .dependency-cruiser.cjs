// The layers of src/, checked by `npm run check` (README "Layout" has the same table). Each
// folder may import itself and only the folders named in its rule; type-only imports count
// like any other, so a lower layer may not even name a higher one's types.
//
//   index.ts → routes/ → flows/ → email/, views/ → db/ → schemas/ → i18n/ → lib/
//   routes/ → middleware/ (app-wide) → views/, i18n/, lib/
//   env.ts (bindings, request variables) sits just above db/, errors.ts (AppError) above i18n/;
//   widget/ is browser code on its own (but for the ledger's pure formulas in lib/).

/** A rule that lets files matching `from` import only files matching one of `allowed`. */
function onlyImports(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { path: '^src/', pathNot: allowed },
  };
}

const LIB = '^src/lib/';
const I18N = '^src/i18n/';
const SCHEMAS = '^src/schemas/';
const DB = '^src/db/';
const VIEWS = '^src/views/';
const EMAIL = '^src/email/';
const FLOWS = '^src/flows/';
const MIDDLEWARE = '^src/middleware/';
const ENV = '^src/env\\.ts$';
const ERRORS = '^src/errors\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: split the shared part into a lower layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    onlyImports('lib-imports-no-app-code', LIB, [LIB], 'src/lib/ is plain helpers: it imports no app code.'),
    onlyImports('i18n-imports-only-lib', I18N, [I18N, LIB], 'src/i18n/ (catalogs, translator, language helpers) may import only src/lib/.'),
    onlyImports('schemas-import-only-i18n-lib', SCHEMAS, [SCHEMAS, I18N, LIB], 'src/schemas/ may import only src/i18n/ and src/lib/.'),
    onlyImports('errors-import-only-i18n-lib', ERRORS, [I18N, LIB], 'src/errors.ts may import only src/i18n/ and src/lib/.'),
    onlyImports('db-imports-only-lower-layers', DB, [DB, SCHEMAS, I18N, LIB], 'src/db/ (SQL, rows to domain types) may import only src/schemas/, src/i18n/ and src/lib/: never routes, flows, email or views.'),
    onlyImports('env-imports-only-lower-layers', ENV, [DB, I18N, LIB], 'src/env.ts (bindings, request variables) may import only src/db/, src/i18n/ and src/lib/.'),
    onlyImports('views-import-only-lower-layers', VIEWS, [VIEWS, DB, SCHEMAS, I18N, LIB], 'src/views/ may import only src/db/ (types), src/schemas/, src/i18n/ and src/lib/: never routes, flows or email.'),
    {
      name: 'views-use-db-types-only',
      comment: 'A view renders what it is given: it may use the types of src/db/, never run a query.',
      severity: 'error',
      from: { path: VIEWS },
      to: { path: DB, dependencyTypesNot: ['type-only'] },
    },
    onlyImports('email-imports-only-lower-layers', EMAIL, [EMAIL, DB, SCHEMAS, I18N, LIB, ENV, ERRORS], 'src/email/ may import only src/db/, src/schemas/, src/i18n/, src/lib/, env.ts and errors.ts.'),
    onlyImports('flows-import-only-lower-layers', FLOWS, [FLOWS, EMAIL, VIEWS, DB, SCHEMAS, I18N, LIB, ENV, ERRORS], 'src/flows/ may import src/email/, src/views/ and below: never routes or middleware.'),
    onlyImports('middleware-imports-only-lower-layers', MIDDLEWARE, [MIDDLEWARE, VIEWS, I18N, LIB, ENV, ERRORS], 'src/middleware/ (app-wide) may import only src/views/, src/i18n/, src/lib/, env.ts and errors.ts: never routes.'),
    onlyImports('routes-not-the-entry', '^src/routes/', ['^src/(?!index\\.ts$|widget/)'], 'src/routes/ may import any layer but the entry (src/index.ts) and the browser code.'),
    // One exception: the receipt check (verify.ts) runs the ledger's own formulas, two pure
    // modules of src/lib/ that import nothing, so the browser computes exactly what the Worker does.
    // The organiser's export writes the file in the browser with the Worker's own writers (columns, CSV, xlsx).
    onlyImports('widget-is-self-contained', '^src/widget/', ['^src/widget/', '^src/lib/(merkle|ledger-hash|source|csv|time|export-columns|export-formats|xlsx)\\.ts$'], 'src/widget/ is browser code, built on its own: it imports nothing from the app but the ledger formulas (src/lib/merkle.ts, src/lib/ledger-hash.ts), the source rules (src/lib/source.ts) and the export writers (src/lib/csv.ts, time.ts, export-columns.ts, export-formats.ts, xlsx.ts).'),
    {
      name: 'app-imports-no-widget',
      comment: 'The Worker never imports the browser code in src/widget/.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/widget/' },
      to: { path: '^src/widget/' },
    },
    {
      name: 'nothing-imports-the-entry',
      comment: 'src/index.ts is the Worker entry: nothing in src/ imports it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
  ],
  options: {
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a layer may not even name a higher one's types.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
