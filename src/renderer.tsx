import { jsxRenderer } from 'hono/jsx-renderer';
import { Layout } from './views/layout';

declare module 'hono' {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string; scripts?: string[] }): Response | Promise<Response>;
  }
}

/** Every page goes through the one layout. */
export const renderer = jsxRenderer(({ children, title, scripts }) => (
  <Layout title={title} scripts={scripts}>
    {children}
  </Layout>
));
