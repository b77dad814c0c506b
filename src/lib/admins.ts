/**
 * Whether `email` is one of the operators named in `ADMIN_EMAILS` (comma-separated; case
 * and spaces around each address do not matter). Admins create campaigns, appoint
 * organisers and may open every campaign; an empty or unset list names nobody.
 */
export function isAdmin(adminEmails: string | undefined, email: string): boolean {
  const wanted = email.trim().toLowerCase();
  if (!wanted) return false;
  return (adminEmails ?? '').split(',').some((a) => a.trim().toLowerCase() === wanted);
}
