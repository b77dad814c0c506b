import { jsxRenderer } from 'hono/jsx-renderer';
import type { AppEnv } from '../env';
import { publicOrigin } from '../lib/origin';
import type { PageMeta } from '../views/head-meta';
import { Layout } from '../views/layout';

declare module 'hono' {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string; scripts?: string[]; meta?: PageMeta }): Response | Promise<Response>;
  }
}

/** Every page goes through the one layout, in the request's language (`c.var.i18n`). */
export const renderer = jsxRenderer<AppEnv>(({ children, title, scripts, meta }, c) => (
  <Layout title={title} scripts={scripts} meta={meta} base={publicOrigin(c.env.PUBLIC_URL, c.req.url)} path={c.req.path} i18n={c.get('i18n')}>
    {children}
  </Layout>
));
