import { SetMetadata } from '@nestjs/common';
import { Role } from '../users/entities/user.entity';

export const ROLES_KEY = 'roles';

/** Limits a route to these roles (403 for other signed-in users, 401 for anonymous callers). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
