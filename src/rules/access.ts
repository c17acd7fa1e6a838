// Who may do what, from a person's access grants: one place for every check (the admin subcommands, the
// composer, the report's scope, the App Home).

/** An access grant as the rules read it (the store keeps who it belongs to). */
export type AccessGrant = { role: 'admin' } | { role: 'dept-admin'; department: string };

/** Training administrators: reminders, announcements and every department's report. */
export function isAdmin(grants: readonly AccessGrant[]): boolean {
  return grants.some((g) => g.role === 'admin');
}

/** The departments a department administrative officer is entitled to see (FAQ requirement question 15). */
export function ownDepartments(grants: readonly AccessGrant[]): string[] {
  return grants.flatMap((g) => (g.role === 'dept-admin' ? [g.department] : []));
}

/** Anyone who may see a completion report: an admin, or a department admin officer for their departments. */
export function mayReport(grants: readonly AccessGrant[]): boolean {
  return isAdmin(grants) || ownDepartments(grants).length > 0;
}

export type ReportScope =
  | { ok: true; departments: 'all' | string[] }
  | { ok: false; reason: 'not_entitled' | 'not_your_department'; department?: string; own?: string[] };

/** What this person may see, narrowed to `department` when they asked for one. */
export function reportScope(grants: readonly AccessGrant[], department?: string): ReportScope {
  const asked = department?.trim() || undefined;
  if (isAdmin(grants)) return { ok: true, departments: asked ? [asked] : 'all' };
  const own = ownDepartments(grants);
  if (own.length === 0) return { ok: false, reason: 'not_entitled' };
  if (!asked) return { ok: true, departments: own };
  const match = own.find((d) => d.toLowerCase() === asked.toLowerCase());
  if (!match) return { ok: false, reason: 'not_your_department', department: asked, own };
  return { ok: true, departments: [match] };
}
