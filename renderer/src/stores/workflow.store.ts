import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Department, StaffMember, StaffRole } from '@contract/directory';
import type { AllowedAction, TransitionFields, WhistleInfo, WorkflowAction } from '@contract/workflow';
import type { NewAttachment } from '@contract/attachments';
import { attachmentsApi } from '@/api/attachments';
import { workflowApi } from '@/api/workflow';
import { useCasesStore } from './cases.store';

/**
 * The signed-in person's staff row (every action is recorded as them: the services take the actor
 * from the session, never from the payload), the reference lists the action forms need, and the
 * open case's allowed actions.
 */
export const useWorkflowStore = defineStore('workflow', () => {
  const operator = ref<StaffMember | null>(null);
  const staff = shallowRef<StaffMember[]>([]);
  const departments = shallowRef<Department[]>([]);
  const allowed = shallowRef<AllowedAction[]>([]);
  const caseWhistles = shallowRef<WhistleInfo[]>([]);
  const busy = ref(false);
  let loaded: Promise<void> | undefined;

  const staffById = computed(() => new Map(staff.value.map((s) => [s.id, s])));
  const departmentById = computed(() => new Map(departments.value.map((d) => [d.id, d])));

  function load(): Promise<void> {
    loaded ??= (async () => {
      const [op, people, units] = await Promise.all([workflowApi.operator(), workflowApi.staff(), workflowApi.departments()]);
      operator.value = op;
      staff.value = people;
      departments.value = units;
    })().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  }

  async function loadCase(caseId: number): Promise<void> {
    const [actions, whistles] = await Promise.all([workflowApi.allowed(caseId), workflowApi.whistles(false, caseId)]);
    allowed.value = actions;
    caseWhistles.value = whistles;
  }

  function staffWithRoles(roles: readonly string[]): StaffMember[] {
    return staff.value.filter((s) => roles.includes(s.role as StaffRole));
  }

  /**
   * Runs a transition on the open case as the signed-in person and reloads the case, its actions
   * and the list; photos given (the after-photos of a verification) are attached to its event.
   */
  async function run(caseId: number, action: WorkflowAction, fields: TransitionFields, photos: NewAttachment[] = []): Promise<void> {
    busy.value = true;
    try {
      const { eventId } = await workflowApi.transition({ caseId, action, fields });
      if (photos.length) await attachmentsApi.add(caseId, 'after', photos, eventId);
      const cases = useCasesStore();
      await Promise.all([cases.openCase(caseId), loadCase(caseId), cases.loadPage()]);
    } finally {
      busy.value = false;
    }
  }

  return { operator, staff, departments, allowed, caseWhistles, busy, staffById, departmentById, load, loadCase, staffWithRoles, run };
});
