// Reads the app's route table only (never invokes it), so it imports src/index.ts itself.
import worker from '../src/index';

/** Every route the app answers (`METHOD path`, middleware left out), read from the worker's own route table. */
export function appRoutes(): { method: string; path: string }[] {
  const table: unknown = Reflect.get(worker, 'routes');
  if (!Array.isArray(table)) throw new Error('the worker has no route table');
  const seen = new Set<string>();
  return table.flatMap((r: unknown) => {
    const method: unknown = Reflect.get(Object(r), 'method');
    const path: unknown = Reflect.get(Object(r), 'path');
    if (typeof method !== 'string' || typeof path !== 'string' || method === 'ALL' || seen.has(`${method} ${path}`)) return [];
    seen.add(`${method} ${path}`);
    return [{ method, path }];
  });
}
