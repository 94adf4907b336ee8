/**
 * Who is calling, once their token is verified. Officials carry roles and a department (Art. 4 of
 * the Measures: the market supervision department and partner departments); an enterprise token
 * carries exactly one USCC and reaches only that enterprise's data.
 */
export const OFFICIAL_ROLES = ['publisher', 'reviewer', 'admin'] as const;
export type OfficialRole = (typeof OFFICIAL_ROLES)[number];

export type Principal =
  | { kind: 'official'; subject: string; roles: OfficialRole[]; department: string }
  | { kind: 'enterprise'; subject: string; uscc: string };

/** What each role may do. `admin` may do everything an official can. */
export function hasRole(p: Principal, role: OfficialRole): boolean {
  return p.kind === 'official' && (p.roles.includes(role) || p.roles.includes('admin'));
}
