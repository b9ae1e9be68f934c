import type { CasePage } from '@contract/cases';
import type { Department, StaffMember } from '@contract/directory';
import type { Input, Output } from '@contract/index';
import type { AllowedAction, IntakeSuggestion, WhistleInfo } from '@contract/workflow';
import { invoke } from './transport';

export const workflowApi = {
  transition: (input: Input<'workflow:transition'>): Promise<Output<'workflow:transition'>> => invoke('workflow:transition', input),
  batch: (input: Input<'workflow:batch'>): Promise<Output<'workflow:batch'>> => invoke('workflow:batch', input),
  allowed: (caseId: number): Promise<AllowedAction[]> => invoke('workflow:allowed', { caseId }),
  suggest: (input: Input<'workflow:suggest'>): Promise<IntakeSuggestion> => invoke('workflow:suggest', input),
  merge: (caseId: number, intoId: number) => invoke('workflow:merge', { caseId, intoId }),
  whistles: (openOnly: boolean, caseId?: number): Promise<WhistleInfo[]> => invoke('workflow:whistles', { openOnly, caseId }),
  overdue: (offset: number, limit: number, nearDue: boolean): Promise<CasePage> => invoke('workflow:overdue', { offset, limit, nearDue }),
  operator: (): Promise<StaffMember> => invoke('workflow:operator', {}),
  departments: (): Promise<Department[]> => invoke('directory:departments', {}),
  staff: (): Promise<StaffMember[]> => invoke('directory:staff', {}),
  create: (input: Input<'cases:create'>): Promise<Output<'cases:create'>> => invoke('cases:create', input),
};
