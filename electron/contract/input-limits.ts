/**
 * How much any one file brought into GridDesk may be: every import path checks against these, and
 * the contract caps each call's payload by them, so a hostile or mistaken file is refused with a
 * message instead of filling memory or disk. One place, so the renderer can check a file's size
 * before sending it and the services enforce the same numbers. Imports nothing (contract rule).
 */
const MiB = 1024 * 1024;

export const INPUT_LIMITS = {
  /**
   * CSV/TXT are read as a stream, but every row is analysed and kept until the user commits:
   * 512 MiB is about eight million rows of the 62 MB, one-million-row Boston file. A 1 GB file is refused.
   */
  csvBytes: 512 * MiB,
  /** .xlsx/.xlsm/.et are read whole (SheetJS): a 100 MiB workbook is already several GB in memory. */
  xlsxBytes: 100 * MiB,
  /** The unpacked size of all a workbook's zip entries together (declared and real). */
  xlsxUnpackedBytes: 512 * MiB,
  /** One entry (a sheet's XML, sharedStrings): SheetJS holds it as a string and builds every cell from it. */
  xlsxEntryBytes: 256 * MiB,
  /**
   * Cells of one sheet once every row is padded to its last cell: a million rows of 40 columns.
   * One value in column XFD of every row is a small file but 17 billion cells.
   */
  sheetCells: 40_000_000,
  /** Legacy .xls (BIFF, at most 65,536 rows), read whole. */
  xlsBytes: 100 * MiB,
  /** Entries in any zip we open (xlsx, zipped shapefile): real files have tens. */
  zipEntries: 10_000,
  /** GeoJSON and KML are parsed whole; a district's grids are a few MB. */
  boundaryTextBytes: 100 * MiB,
  /** A zipped shapefile as uploaded. */
  boundaryZipBytes: 100 * MiB,
  /** The shapefile's unpacked .shp + .dbf + .prj + .cpg together. */
  boundaryUnpackedBytes: 512 * MiB,
  /** Nesting of a GeoJSON coordinates array beyond what MultiPolygon needs (4) is refused, not walked. */
  geojsonDepth: 64,
  /**
   * A tile archive arrives as one base64 payload: V8's longest string (2^29 - 24 characters)
   * carries 384 MiB. Bigger archives are for the workspace folder, not an upload.
   */
  tileArchiveBytes: 384 * MiB,
  /** One photo or document of a case. */
  attachmentBytes: 6 * MiB,
  attachmentsPerCall: 20,
  /** One import:stage chunk (the renderer sends 4 MiB). */
  stageChunkBytes: 8 * MiB,
  /** An exchange package between workstations (gzip): a district's year of changes is tens of MB. */
  exchangePackageBytes: 256 * MiB,
  /** Its unpacked changes, read as one string (V8's longest is 512 MiB of characters). */
  exchangeUnpackedBytes: 384 * MiB,
  /** One change (one JSON line) of a package: a case with its base or one event. */
  exchangeChangeBytes: 1 * MiB,
} as const;

/** Characters of base64 that carry `bytes` bytes: the cap of a payload field. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** "512 MB" for a message (binary units, as Windows Explorer shows file sizes). */
export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${+(bytes / (1024 * MiB)).toFixed(1)} GB`;
  if (bytes >= MiB) return `${Math.round(bytes / MiB)} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} 字节`;
}
