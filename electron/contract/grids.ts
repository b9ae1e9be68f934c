import { z } from 'zod';
import { BBox, Geometry, NoInput, Position, RegionLevel } from './common';
import { INPUT_LIMITS, base64Length } from './input-limits';

/** A boundary file as the renderer read it (bytes in base64); never a path (the renderer cannot name files). */
export const BoundarySource = z.object({
  fileName: z.string().min(1),
  dataBase64: z.string().min(1).max(base64Length(Math.max(INPUT_LIMITS.boundaryTextBytes, INPUT_LIMITS.boundaryZipBytes))),
});

export const BoundaryField = z.object({ name: z.string(), samples: z.array(z.string()), unique: z.boolean() });

export const BoundaryInspection = z.object({
  fileName: z.string(),
  format: z.enum(['geojson', 'shapefile', 'kml']),
  featureCount: z.number(),
  skipped: z.number(),
  fields: z.array(BoundaryField),
  suggestedNameField: z.string().nullable(),
  suggestedCodeField: z.string().nullable(),
  /** What the file itself says: an EPSG code, "prj" (a Shapefile's .prj), or null. */
  declaredCrs: z.string().nullable(),
  /** Raw coordinate range, as in the file. */
  bbox: BBox,
  /** False when the coordinates cannot be degrees (e.g. feet or metres of a projected system). */
  degrees: z.boolean(),
  /** When not degrees and nothing declared: systems that would put the file somewhere sensible. */
  candidates: z.array(z.object({ crs: z.string(), bbox: BBox })),
});
export type BoundaryInspection = z.infer<typeof BoundaryInspection>;

export const ImportGridsInput = BoundarySource.extend({
  level: RegionLevel,
  nameField: z.string().min(1),
  codeField: z.string().nullable().default(null),
  /** The system the coordinates are in when the file does not say (EPSG:2249, GCJ02…). */
  crs: z.string().nullable().default(null),
});

export const TopologyProblem = z.object({
  kind: z.enum(['self_intersection', 'overlap', 'gap', 'outside_parent']),
  level: RegionLevel,
  regionIds: z.array(z.number()),
  names: z.array(z.string()),
  at: z.tuple([z.number(), z.number()]),
  bbox: BBox.nullable(),
  areaM2: z.number().nullable(),
  message: z.string(),
});
export type TopologyProblem = z.infer<typeof TopologyProblem>;

export const TopologyReport = z.object({
  checkedRegions: z.number(),
  counts: z.record(z.string(), z.number()),
  problems: z.array(TopologyProblem),
});
export type TopologyReport = z.infer<typeof TopologyReport>;

export const GridImportReport = z.object({
  batchId: z.number(),
  fileName: z.string(),
  format: z.enum(['geojson', 'shapefile', 'kml']),
  level: RegionLevel,
  /** The system converted from ("EPSG:2249", "prj", "GCJ02"), or null when the file was WGS84. */
  convertedFrom: z.string().nullable(),
  features: z.number(),
  inserted: z.number(),
  updated: z.number(),
  refused: z.array(z.object({ feature: z.number(), reason: z.string() })),
  skippedNonPolygon: z.number(),
  parentsFound: z.number(),
  withoutParent: z.array(z.string()),
  regionIds: z.array(z.number()),
  bbox: BBox,
  topology: TopologyReport,
});
export type GridImportReport = z.infer<typeof GridImportReport>;

export const CodeProblem = z.object({
  regionId: z.number(),
  name: z.string(),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});

export const CodeReport = z.object({
  changed: z.number(),
  changes: z.array(z.object({ regionId: z.number(), from: z.string(), to: z.string() })),
  warnings: z.array(z.string()),
  problems: z.array(CodeProblem),
});
export type CodeReport = z.infer<typeof CodeReport>;

export const DutyPerson = z.object({
  staffId: z.number(),
  name: z.string(),
  role: z.string(),
  /** Masked (138****5678): the panel is seen by everyone at the console. */
  phone: z.string().nullable(),
  duty: z.enum(['grid_worker', 'street_chief', 'alley_steward']),
  streetLineName: z.string().nullable(),
});

export const RegionPanel = z.object({
  regionId: z.number(),
  staff: z.array(DutyPerson),
  /** For grids: nobody on duty. For higher levels: how many of its grids have nobody. */
  unstaffed: z.boolean(),
  unstaffedGrids: z.number(),
  openCases: z.number(),
  overdueCases: z.number(),
  /** The month the rates are for (YYYY-MM, Asia/Shanghai): this month, or the last month with cases. */
  month: z.string(),
  monthCases: z.number(),
  /** Shares 0..1, null when nothing to count (see GridService.panel for the counting rules). */
  responseRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
});
export type RegionPanel = z.infer<typeof RegionPanel>;

export const GridEditResult = z.object({
  /** The audit_log entry of the edit. */
  editId: z.number(),
  action: z.enum(['grid_draw', 'grid_reshape', 'grid_split', 'grid_merge', 'grid_undo']),
  summary: z.string(),
  /** Grids created or changed (the kept grid first). */
  regionIds: z.array(z.number()),
  deletedIds: z.array(z.number()),
  /** Cases whose grid changed with the boundary. */
  casesMoved: z.number(),
});
export type GridEditResult = z.infer<typeof GridEditResult>;

export const GridEditEntry = z.object({
  id: z.number(),
  at: z.number(),
  action: z.string(),
  regionId: z.number().nullable(),
  /** Who made the edit; null for edits from before accounts. */
  actorName: z.string().nullable(),
  summary: z.string(),
  undone: z.boolean(),
  /** The one edit undo would take back next. */
  undoable: z.boolean(),
});
export type GridEditEntry = z.infer<typeof GridEditEntry>;

export const gridChannels = {
  /** Reads a boundary file without importing: fields, feature count, coordinate range and system. */
  'grids:inspect': { input: BoundarySource, output: BoundaryInspection },
  /** Imports a boundary file as regions of one level, assigning parents by containment; one transaction. Refuses coordinates that are not degrees unless `crs` names their system. */
  'grids:import': { input: ImportGridsInput, output: GridImportReport },
  /** Topology of the whole region tree (or one level): self-intersections, sibling overlaps, gaps, outside parent. */
  'grids:check': { input: z.object({ level: RegionLevel.optional() }).strict(), output: TopologyReport },
  /** Checks every code against DB11 and the official district/street tables. */
  'grids:validateCodes': { input: NoInput, output: CodeReport },
  /** Renumbers codes DB11-style (grids west→east, north→south within each community) and saves them. */
  'grids:regenerateCodes': { input: NoInput, output: CodeReport },
  /** The region panel: staff on duty, open and overdue cases, this month's three rates. */
  'grids:panel': { input: z.object({ regionId: z.number().int() }).strict(), output: RegionPanel },
  /** Ids of grids with nobody on duty now (they stand out on the map and in the tree). */
  'grids:unstaffed': { input: NoInput, output: z.array(z.number()) },
  /** A new grid from a drawn polygon (WGS84), inside the community holding it; refused if it overlaps a sibling or leaves its community. */
  'grids:draw': { input: z.object({ geometry: Geometry, name: z.string().nullable().default(null) }).strict(), output: GridEditResult },
  /** A grid's new boundary; refused when it would overlap a sibling, leave a gap in its community or reach outside it. */
  'grids:reshape': { input: z.object({ regionId: z.number().int(), geometry: Geometry }).strict(), output: GridEditResult },
  /** Cuts a grid along a line drawn across it; the larger part keeps the grid, the other becomes a new grid. */
  'grids:split': {
    input: z.object({ regionId: z.number().int(), line: z.array(Position).min(2), newName: z.string().nullable().default(null) }).strict(),
    output: GridEditResult,
  },
  /** Joins `otherId` into `regionId` (adjacent grids of one community); the other's cases and staff follow. */
  'grids:merge': { input: z.object({ regionId: z.number().int(), otherId: z.number().int() }).strict(), output: GridEditResult },
  /** Undoes the latest grid edit not yet undone (a new transaction, logged). */
  'grids:undo': { input: NoInput, output: GridEditResult },
  /** Grid edits, newest first. */
  'grids:edits': { input: NoInput, output: z.array(GridEditEntry) },
} as const;
