import { Role } from '../users/entities/user.entity';

/** Who is calling, as resolved by the global AuthGuard from a bearer token (and later a web session). */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** For state officials: the states they act for. Empty for every other role. */
  stateIsos: string[];
  via: 'access-token' | 'api-token';
}

export function isStaff(user: AuthUser | undefined): boolean {
  return user?.role === 'admin' || user?.role === 'reviewer';
}

/** True when the user may see unpublished data about this state: staff, or an official acting for it. */
export function canSeeUnpublished(user: AuthUser | undefined, stateIso3: string): boolean {
  return isStaff(user) || (user?.role === 'state_official' && user.stateIsos.includes(stateIso3));
}
