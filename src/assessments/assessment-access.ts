import { HttpStatus } from '@nestjs/common';
import { AuthUser, isStaff } from '../auth/auth-user';
import { assertMayReadCycleState } from '../visibility/visibility-policy';
import { ApiError } from '../common/errors/api-error';
import { CycleStatus } from '../cycles/entities/cycle.entity';

/**
 * Who may read and write what, per cycle status and state. Kept in one place so every route of the
 * workflow applies the same rules; list queries apply the same rules in SQL (see assessment-list.service.ts).
 */
export const access = {
  /** Reading follows the visibility policy (src/visibility); `hiddenAs` is the error of a record that does not exist. */
  assertCanRead: assertMayReadCycleState,

  /** Officials write their own states only; reviewers any state; viewers and admins record no positions. */
  assertCanRecordPosition(user: AuthUser, stateIso3: string): void {
    if (user.role === 'reviewer') return;
    if (user.role === 'state_official' && user.stateIsos.includes(stateIso3)) return;
    if (user.role === 'state_official') {
      throw ApiError.forbidden(`You act for ${user.stateIsos.join(', ')}, not for ${stateIso3}`, 'NOT_YOUR_STATE');
    }
    throw ApiError.forbidden('Only state officials (for their own state) and reviewers record stated positions');
  },

  assertReviewer(user: AuthUser, what: string): void {
    if (user.role !== 'reviewer') throw ApiError.forbidden(`Only reviewers ${what}`, 'REVIEWER_ONLY');
  },

  assertCycleWritable(cycleStatus: CycleStatus): void {
    if (cycleStatus === 'published') {
      throw new ApiError(HttpStatus.CONFLICT, 'CYCLE_FROZEN', 'The cycle is published; its data can no longer change');
    }
  },

  isStaff,
};
