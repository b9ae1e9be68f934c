import { zh as coreZh } from './areas/core';
import { zh as workflowZh } from './areas/workflow';
import { zh as analyticsZh } from './areas/analytics';
import { zh as gridsZh } from './areas/grids';
import { zh as importsZh } from './areas/imports';
import { zh as maptoolsZh } from './areas/maptools';
import { zh as monthsZh } from './areas/months';
import { zh as workspaceOpenZh } from './areas/workspace-open';
import { zh as authZh } from './areas/auth';
import { zh as exchangeZh } from './areas/exchange';
import { zh as hubZh } from './areas/hub';
import { zh as archiveZh } from './areas/archive';
import { zh as referenceZh } from './areas/reference';

/**
 * Chinese (default) UI strings, one file per feature area under ./areas (each with its English
 * beside it). A new area adds its file and one line here and in en.ts.
 */
export const zhCN = {
  ...coreZh,
  ...workflowZh,
  ...analyticsZh,
  ...gridsZh,
  ...importsZh,
  ...maptoolsZh,
  ...monthsZh,
  ...workspaceOpenZh,
  ...authZh,
  ...exchangeZh,
  ...hubZh,
  ...archiveZh,
  ...referenceZh,
  // ── feature areas insert their namespaces above this line ──
};

export type MessageSchema = typeof zhCN;
