import type { MessageSchema } from './zh-CN';
import { en as coreEn } from './areas/core';
import { en as workflowEn } from './areas/workflow';
import { en as analyticsEn } from './areas/analytics';
import { en as gridsEn } from './areas/grids';
import { en as importsEn } from './areas/imports';
import { en as maptoolsEn } from './areas/maptools';
import { en as monthsEn } from './areas/months';
import { en as workspaceOpenEn } from './areas/workspace-open';
import { en as authEn } from './areas/auth';
import { en as exchangeEn } from './areas/exchange';
import { en as hubEn } from './areas/hub';
import { en as archiveEn } from './areas/archive';
import { en as referenceEn } from './areas/reference';

/** English UI strings, gathered from ./areas (each typed against its Chinese). */
export const en: MessageSchema = {
  ...coreEn,
  ...workflowEn,
  ...analyticsEn,
  ...gridsEn,
  ...importsEn,
  ...maptoolsEn,
  ...monthsEn,
  ...workspaceOpenEn,
  ...authEn,
  ...exchangeEn,
  ...hubEn,
  ...archiveEn,
  ...referenceEn,
  // ── feature areas insert their namespaces above this line ──
};
