/** The public origin for links in emails and previews: PUBLIC_URL when set, else the request's origin (no trailing slash). */
export function publicOrigin(publicUrl: string | undefined, requestUrl: string): string {
  return (publicUrl || new URL(requestUrl).origin).replace(/\/$/, '');
}
