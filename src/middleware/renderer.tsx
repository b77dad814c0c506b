import { jsxRenderer } from 'hono/jsx-renderer';
import type { AppEnv } from '../env';
import { Layout } from '../views/layout';

declare module 'hono' {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string; scripts?: string[] }): Response | Promise<Response>;
  }
}

/** Every page goes through the one layout, in the request's language (`c.var.i18n`). */
export const renderer = jsxRenderer<AppEnv>(({ children, title, scripts }, c) => (
  <Layout title={title} scripts={scripts} i18n={c.get('i18n')}>
    {children}
  </Layout>
));
