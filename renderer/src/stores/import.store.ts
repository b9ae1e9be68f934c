import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  ImportBatch, ImportFileRef, ImportMapping, ImportProgress, ImportResult, ImportTableInfo, ImportTableOptions, ImportTarget, RosterColumns, RosterReport,
} from '@contract/import';
import { importApi } from '@/api/import';
import { useBusy } from '@/composables/useBusy';
import { useWorkspaceStore } from './workspace.store';

const POLL_MS = 250;

/**
 * The import wizard's state: the staged file, the table as read, the mapping being edited, the
 * running job (polled: the contract has no push events yet) and the committed result.
 */
export const useImportStore = defineStore('import', () => {
  const step = ref(0);
  const fileName = ref('');
  const file = shallowRef<ImportFileRef | null>(null);
  const tableOptions = ref<ImportTableOptions>({});
  const table = shallowRef<ImportTableInfo | null>(null);
  const mapping = ref<ImportMapping | null>(null);
  const templateName = ref<string | null>(null);
  const progress = shallowRef<ImportProgress | null>(null);
  const result = shallowRef<ImportResult | null>(null);
  const batches = shallowRef<ImportBatch[]>([]);
  /** Cases, or a staff list / grid list through the same steps. */
  const target = ref<ImportTarget>('cases');
  const rosterColumns = ref<RosterColumns>({});
  const rosterReport = shallowRef<RosterReport | null>(null);
  const { busy, error, run: guarded } = useBusy();
  let pollTimer: ReturnType<typeof setTimeout> | undefined;

  const report = computed(() => progress.value?.report ?? null);
  const running = computed(() => progress.value?.state === 'running');

  async function choose(chosen: File): Promise<void> {
    reset();
    fileName.value = chosen.name;
    await guarded(async () => {
      file.value = await importApi.stage(chosen);
      await inspect();
    });
  }

  /** The desktop app's chooser (main's dialog); a cancelled dialog leaves the wizard as it was. */
  async function chooseInMain(): Promise<void> {
    await guarded(async () => {
      const staged = await importApi.chooseInMain();
      if (!staged) return;
      reset();
      fileName.value = staged.fileName;
      file.value = { stagedId: staged.stagedId, fileName: staged.fileName };
      await inspect();
    });
  }

  async function inspect(): Promise<void> {
    if (!file.value) return;
    if (target.value !== 'cases') {
      const roster = await importApi.rosterInspect(file.value, tableOptions.value, target.value);
      table.value = roster.table;
      rosterColumns.value = roster.columns;
      return;
    }
    const answer = await importApi.inspect(file.value, tableOptions.value);
    table.value = answer.table;
    mapping.value = answer.mapping;
    templateName.value = answer.templateName;
  }

  /** Re-reads the file with another encoding, sheet or header row. */
  async function setTableOption(options: ImportTableOptions): Promise<void> {
    tableOptions.value = { ...tableOptions.value, ...options };
    await guarded(inspect);
  }

  async function validate(): Promise<void> {
    if (!file.value || !mapping.value) return;
    result.value = null;
    await guarded(async () => {
      const { jobId } = await importApi.start(file.value!, tableOptions.value, mapping.value!);
      progress.value = await importApi.progress(jobId);
      step.value = 2;
      poll(jobId);
    });
  }

  async function validateRoster(): Promise<void> {
    if (!file.value || target.value === 'cases') return;
    result.value = null;
    await guarded(async () => {
      rosterReport.value = await importApi.rosterValidate(file.value!, tableOptions.value, target.value as 'staff' | 'grids', rosterColumns.value);
      step.value = 2;
    });
  }

  async function commitRoster(): Promise<void> {
    if (!file.value || target.value === 'cases') return;
    await guarded(async () => {
      const answer = await importApi.rosterCommit(file.value!, tableOptions.value, target.value as 'staff' | 'grids', rosterColumns.value);
      rosterReport.value = answer.report;
      result.value = answer.result;
      step.value = 3;
      await useWorkspaceStore().load();
    });
  }

  /** Switches what the file is imported into; a chosen file is read again with that target's columns. */
  async function setTarget(value: ImportTarget): Promise<void> {
    target.value = value;
    rosterReport.value = null;
    if (file.value) await guarded(inspect);
  }

  function poll(jobId: string): void {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(async () => {
      try {
        progress.value = await importApi.progress(jobId);
        if (progress.value.state === 'running') poll(jobId);
      } catch (e) {
        error.value = e instanceof Error ? e.message : String(e);
      }
    }, POLL_MS);
  }

  async function cancel(): Promise<void> {
    const jobId = progress.value?.jobId;
    if (!jobId) return;
    clearTimeout(pollTimer);
    await importApi.cancel(jobId);
    progress.value = await importApi.progress(jobId);
  }

  async function commit(): Promise<void> {
    const jobId = progress.value?.jobId;
    if (!jobId) return;
    await guarded(async () => {
      result.value = await importApi.commit(jobId);
      step.value = 3;
      // The header's counts and the case time range include what was just written.
      await Promise.all([loadBatches(), useWorkspaceStore().load()]);
    });
  }

  async function saveTemplate(name: string): Promise<void> {
    if (!table.value || !mapping.value) return;
    await guarded(async () => {
      await importApi.saveTemplate(name, table.value!.headers, mapping.value!);
      templateName.value = name;
    });
  }

  async function loadBatches(): Promise<void> {
    batches.value = await importApi.batches();
  }

  async function undo(batchId: number): Promise<void> {
    await guarded(async () => {
      await importApi.undo(batchId);
      await Promise.all([loadBatches(), useWorkspaceStore().load()]);
    });
  }

  function reset(): void {
    clearTimeout(pollTimer);
    tableOptions.value = {};
    step.value = 0;
    file.value = null;
    table.value = null;
    mapping.value = null;
    templateName.value = null;
    progress.value = null;
    result.value = null;
    rosterColumns.value = {};
    rosterReport.value = null;
    error.value = null;
  }

  return {
    step, fileName, file, tableOptions, table, mapping, templateName, progress, result, batches, busy, error, report, running,
    target, rosterColumns, rosterReport,
    choose, chooseInMain, setTableOption, validate, cancel, commit, saveTemplate, loadBatches, undo, reset, validateRoster, commitRoster, setTarget,
  };
});
