import { z } from 'zod';
import { CaseSource, CaseStatus, Satisfaction } from './cases';
import { Crs, Timestamp } from './common';

/** Text encodings of CSV/TXT files (the detected one is shown, and can be changed). */
export const ImportTextEncoding = z.enum(['utf-8', 'utf-8-bom', 'gbk', 'gb18030', 'utf-16le']);
export const ImportDateFormat = z.enum(['ymd', 'cn', 'mdy', 'dmy', 'excel', 'iso']);
export type ImportDateFormat = z.infer<typeof ImportDateFormat>;

/** The case fields a column can be mapped to. */
export const ImportCaseField = z.enum([
  'externalNo', 'title', 'description', 'receivedAt', 'closedAt', 'handlingDueAt', 'status', 'category',
  'department', 'address', 'lng', 'lat', 'street', 'community', 'grid', 'satisfaction', 'reporterName', 'reporterPhone',
  /** A point written as text in one column: "(lat, lng)", "lng,lat" or WKT "POINT(lng lat)". */
  'point',
]);
export type ImportCaseField = z.infer<typeof ImportCaseField>;
export const ImportDateField = z.enum(['receivedAt', 'closedAt', 'handlingDueAt']);
export type ImportDateField = z.infer<typeof ImportDateField>;

/**
 * A file to import: always a staged copy (import:stage with its bytes, or the desktop chooser that
 * main owns: import:choose-file). Never a path — a renderer must not be able to make the backend
 * read a file it names; the CLI stages the files named on its command line the same way.
 */
export const ImportFileRef = z.object({ stagedId: z.string().regex(/^[a-z0-9-]{8,64}$/), fileName: z.string().min(1).max(255) }).strict();
export type ImportFileRef = z.infer<typeof ImportFileRef>;
/** A staged file and its size, as the chooser answers it. */
export const StagedFile = ImportFileRef.extend({ bytes: z.number() });
export type StagedFile = z.infer<typeof StagedFile>;

export const ImportTableOptions = z
  .object({
    encoding: ImportTextEncoding.optional(),
    sheet: z.string().optional(),
    /** 1-based; detected when absent. */
    headerRow: z.number().int().min(1).optional(),
  })
  .strict();
export type ImportTableOptions = z.infer<typeof ImportTableOptions>;

/** Everything that turns one file's columns into cases; saved whole as a named template. */
export const ImportMapping = z
  .object({
    /** Case field → header name of the column that holds it. */
    columns: z.partialRecord(ImportCaseField, z.string()),
    dateFormats: z.partialRecord(ImportDateField, ImportDateFormat).default({}),
    /** The coordinate system of this file's longitude/latitude columns. */
    crs: Crs.default('wgs84'),
    /** IANA zone the file's wall-clock times are in. */
    timeZone: z.string().default('Asia/Shanghai'),
    /** The source recorded on the cases; with the external number it is the key for re-imports. */
    source: CaseSource.default('import'),
    /** File value → GridDesk value. Unlisted values fall back to the built-in word lists. */
    valueMaps: z
      .object({
        status: z.record(z.string(), CaseStatus).default({}),
        satisfaction: z.record(z.string(), Satisfaction).default({}),
        /** Category id, or null for "leave empty". */
        category: z.record(z.string(), z.number().int().nullable()).default({}),
        department: z.record(z.string(), z.number().int().nullable()).default({}),
      })
      .strict()
      .default({ status: {}, satisfaction: {}, category: {}, department: {} }),
    /** Drop the location of rows on a point shared by a suspicious share of the file (flagged either way). */
    dropDefaultPoints: z.boolean().default(true),
    /** Rows with warnings: written (flagged), or set aside with the refused rows to fix and re-import. */
    warnedRows: z.enum(['import', 'set_aside']).default('import'),
  })
  .strict();
export type ImportMapping = z.infer<typeof ImportMapping>;
export type ImportMappingInput = z.input<typeof ImportMapping>;

export const ImportTableInfo = z.object({
  format: z.enum(['csv', 'xlsx', 'xls']),
  encoding: ImportTextEncoding.nullable(),
  detectedEncoding: ImportTextEncoding.nullable(),
  delimiter: z.string().nullable(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  headerRow: z.number(),
  headers: z.array(z.string()),
  sample: z.array(z.object({ rowNo: z.number(), cells: z.array(z.string()) })),
  fileBytes: z.number(),
});
export type ImportTableInfo = z.infer<typeof ImportTableInfo>;

export const ImportProblem = z.object({
  rowNo: z.number(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  severity: z.enum(['warning', 'error']),
  code: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

/** What every import report counts (cases, staff lists, grid lists): every row is ready, has warnings, or is refused. */
export const ImportRowAccounting = z.object({
  rowsTotal: z.number(),
  ready: z.number(),
  warnings: z.number(),
  refused: z.number(),
  /** Of the rows that will be written: matched against the workspace (cases by source + external number). */
  toInsert: z.number(),
  toUpdate: z.number(),
  unchanged: z.number(),
  reasons: z.array(z.object({ code: z.string(), severity: z.enum(['warning', 'error']), column: z.string().nullable(), count: z.number(), message: z.string() })),
  /** The first problems, row by row (all are in the refused-rows workbook). */
  problems: z.array(ImportProblem),
  problemsTotal: z.number(),
});
export type ImportRowAccounting = z.infer<typeof ImportRowAccounting>;

/** The validation report of a case import. */
export const ImportReport = ImportRowAccounting.extend({
  fileName: z.string(),
  encoding: ImportTextEncoding.nullable(),
  sheet: z.string().nullable(),
  headerRow: z.number(),
  /** Which column went where (also for automatic suggestions). */
  columns: z.array(z.object({ field: ImportCaseField, header: z.string() })),
  dateFormats: z.partialRecord(ImportDateField, ImportDateFormat),
  unmatchedRegions: z.array(z.object({ column: z.string(), value: z.string(), count: z.number() })),
  unmatchedValues: z.array(z.object({ field: z.enum(['status', 'satisfaction', 'category', 'department']), value: z.string(), count: z.number() })),
  suspiciousPoints: z.array(z.object({ lng: z.number(), lat: z.number(), count: z.number() })),
  /** Of the rows to be written, how each was placed; `none` will be placeless (no point, no region). */
  /** byScope: rows the file does not place, registered in the importing account's one place. */
  located: z.object({ byCoordinates: z.number(), byRegionName: z.number(), byAddress: z.number(), byScope: z.number(), outsideGrids: z.number(), none: z.number() }),
  statuses: z.record(z.string(), z.number()),
  /**
   * How rows are recognised on a re-import: by the external number column, or (rows without one)
   * by a content key of received time + place + text, named by the columns it is made of.
   */
  identity: z.object({
    key: z.enum(['external_no', 'content', 'mixed']),
    columns: z.array(z.string()),
    byExternalNo: z.number(),
    byContent: z.number(),
    /** Rows that look like another row of the file or a case already in the workspace (flagged for review). */
    likelyDuplicates: z.number(),
  }),
  /** Rows with warnings not written because the mapping says to set them aside (counted in `refused`). */
  setAside: z.number(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportJobState = z.enum(['running', 'ready', 'committing', 'committed', 'failed', 'cancelled']);
export const ImportProgress = z.object({
  jobId: z.string(),
  state: ImportJobState,
  phase: z.enum(['reading', 'locating', 'matching', 'done']),
  rowsDone: z.number(),
  /** 0–1 of the whole analysis. */
  progress: z.number(),
  rowsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  report: ImportReport.nullable(),
  result: z.lazy(() => ImportResult).nullable(),
  error: z.string().nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const ImportResult = z.object({
  batchId: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  refused: z.number(),
  rowsTotal: z.number(),
  /** Indexes a bulk import dropped, rebuilt in the background after the commit (lists are slower until then). */
  indexesDeferred: z.number().optional(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ImportBatch = z.object({
  id: z.number(),
  kind: z.string(),
  fileName: z.string(),
  status: z.enum(['committed', 'undone']),
  rowsTotal: z.number(),
  rowsInserted: z.number(),
  rowsUpdated: z.number(),
  rowsUnchanged: z.number(),
  rowsRefused: z.number(),
  startedAt: Timestamp,
  committedAt: Timestamp.nullable(),
  undoneAt: Timestamp.nullable(),
});
export type ImportBatch = z.infer<typeof ImportBatch>;

export const ImportTemplate = z.object({ id: z.number(), name: z.string(), headers: z.array(z.string()), mapping: ImportMapping, updatedAt: Timestamp });
export type ImportTemplate = z.infer<typeof ImportTemplate>;

export const ExportedFile = z.object({ fileName: z.string(), mime: z.string(), dataBase64: z.string() });
export type ExportedFile = z.infer<typeof ExportedFile>;

/** What a spreadsheet imports into: cases, or (same wizard) the staff list or grids' attributes. */
export const ImportTarget = z.enum(['cases', 'staff', 'grids']);
export type ImportTarget = z.infer<typeof ImportTarget>;
export const StaffImportField = z.enum(['name', 'role', 'phone', 'grid', 'department', 'code']);
export type StaffImportField = z.infer<typeof StaffImportField>;
export const GridImportField = z.enum(['code', 'name', 'community', 'households', 'population', 'lng', 'lat']);
export type GridImportField = z.infer<typeof GridImportField>;
export const RosterTarget = z.enum(['staff', 'grids']);
export type RosterTarget = z.infer<typeof RosterTarget>;
/** Field → header, for a staff or grid list (the fields depend on the target). */
export const RosterColumns = z.record(z.string(), z.string());
export type RosterColumns = z.infer<typeof RosterColumns>;

/** The validation report of a staff or grid list: same counts and row/column problems as for cases. */
export const RosterReport = ImportRowAccounting.extend({
  target: RosterTarget,
  fileName: z.string(),
  columns: z.array(z.object({ field: z.string(), header: z.string() })),
});
export type RosterReport = z.infer<typeof RosterReport>;

const RosterRequest = z.object({ file: ImportFileRef, table: ImportTableOptions.default({}), target: RosterTarget, columns: RosterColumns }).strict();

export const rosterImportChannels = {
  /** The table and the suggested columns for a staff or grid list. */
  'import:roster-inspect': {
    input: z.object({ file: ImportFileRef, table: ImportTableOptions.default({}), target: RosterTarget }).strict(),
    output: z.object({ table: ImportTableInfo, columns: RosterColumns }),
  },
  /** Reads and checks the whole list; writes nothing. */
  'import:roster-validate': { input: RosterRequest, output: RosterReport },
  /** Checks again and writes the list in one transaction: all rows or none (refused rows are skipped and reported). */
  'import:roster-commit': { input: RosterRequest, output: z.object({ report: RosterReport, result: z.lazy(() => ImportResult) }) },
} as const;

const JobRef = z.object({ jobId: z.string().max(64) }).strict();

export const importChannels = {
  /** Uploads a file (or the next chunk of one, with stagedId) for import; the renderer cannot hand over paths. */
  'import:stage': {
    input: z.object({ fileName: z.string().min(1).max(255), dataBase64: z.string(), stagedId: z.string().max(64).optional() }).strict(),
    output: z.object({ stagedId: z.string(), bytes: z.number() }),
  },
  /**
   * Desktop only: main shows the open dialog, stages the chosen file itself and answers its staged
   * id and name (null when the user cancelled). The backend refuses it (browser mode uploads bytes).
   */
  'import:choose-file': { input: z.object({}).strict(), output: StagedFile.nullable() },
  /** Encoding, sheets, header row, headers and first rows; the suggested mapping and the template it recognised. */
  'import:inspect': {
    input: z.object({ file: ImportFileRef, table: ImportTableOptions.default({}) }).strict(),
    output: z.object({ table: ImportTableInfo, mapping: ImportMapping, templateName: z.string().nullable(), detectedDateFormats: z.partialRecord(ImportDateField, ImportDateFormat) }),
  },
  /** Starts reading, validating and locating in the background; poll import:progress (no push events yet). */
  'import:start': {
    input: z.object({ file: ImportFileRef, table: ImportTableOptions.default({}), mapping: ImportMapping }).strict(),
    output: z.object({ jobId: z.string() }),
  },
  /** Progress with rows/s and remaining time; the report once the job is ready; the result once committed. */
  'import:progress': { input: JobRef, output: ImportProgress },
  /** Stops a job: nothing of it is written. */
  'import:cancel': { input: JobRef, output: z.object({ cancelled: z.boolean() }) },
  /** Writes a ready job's rows in one transaction: all or nothing. */
  'import:commit': { input: JobRef, output: ImportResult },
  /** The refused rows (with a problem column) as an .xlsx to fix and re-import. */
  'import:refused': { input: JobRef, output: ExportedFile },
  'import:batches': { input: z.object({}).strict(), output: z.array(ImportBatch) },
  /** Undoes a whole batch: its new cases are removed, the cases it updated get their earlier values back. */
  'import:undo': { input: z.object({ batchId: z.number().int() }).strict(), output: z.object({ removed: z.number(), restored: z.number() }) },
  'import:templates': { input: z.object({}).strict(), output: z.array(ImportTemplate) },
  ...rosterImportChannels,
  /** Saves (or replaces) a named mapping, recognised next time by the file's headers. */
  'import:save-template': {
    input: z.object({ name: z.string().trim().min(1).max(60), headers: z.array(z.string()), mapping: ImportMapping }).strict(),
    output: z.object({ id: z.number() }),
  },
} as const;
