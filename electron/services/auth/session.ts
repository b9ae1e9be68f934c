import type { StaffRole } from '../../contract';
import type { Scope } from './scope';

/** The person at the keyboard: who they are, their role, and where they act. */
export interface Session {
  accountId: number;
  staffId: number;
  username: string;
  /** The staff member's name, as events record it. */
  name: string;
  role: StaffRole;
  scope: Scope;
  signedInAt: number;
  /** Set by an administrator's reset: the UI asks for a new password before anything else. */
  mustChangePassword: boolean;
}
