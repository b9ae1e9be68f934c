import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowAction } from '../../../electron/contract';
import { ExchangeRepository } from '../../../electron/services/exchange/exchange.repository';
import { ExchangeService } from '../../../electron/services/exchange/exchange.service';
import { SyncRepository } from '../../../electron/services/sync/sync.repository';
import { TRANSITIONS } from '../../../electron/services/workflow/case-state-machine';
import { fieldsFor, openDesk, type Desk } from '../sync/sync-desks';

/** A workstation with its exchange service: a real copy of the demo district, named. */
export interface ExchangeDesk extends Desk {
  exchange: ExchangeService;
  id: string;
}

/** A folder for the desks of a whole describe block (tempDir's folders go after each test). */
export function desksDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-exchange-'));
}

export async function openExchangeDesk(dir: string, folder: string, name: string, clock: () => number): Promise<ExchangeDesk> {
  const desk = await openDesk(dir, folder, clock);
  new SyncRepository(desk.workspace.db).rename(name);
  return { ...desk, exchange: new ExchangeService(new ExchangeRepository(desk.workspace.db), desk.sync, clock), id: desk.sync.identity().id };
}

/** Does `action` on the case as the first staff member whose role may. */
export function doAction(desk: Desk, caseId: number, action: WorkflowAction): void {
  const role = TRANSITIONS[action].roles.find((r) => r !== 'admin') ?? 'admin';
  desk.workflow.transition(caseId, action, fieldsFor(desk, caseId, action)!, desk.staffOf(role));
}

/** A new hotline case at the centre of a grid of `communityCode`, made on `desk`. */
export function newCaseIn(desk: Desk, communityCode: string, title: string): number {
  const db = desk.workspace.db;
  const grid = db.get<{ lng: number; lat: number }>(
    `SELECT g.centroid_lng AS lng, g.centroid_lat AS lat FROM regions g JOIN regions c ON c.id = g.parent_id
     WHERE g.level = 'grid' AND c.code = ? ORDER BY g.code LIMIT 1`,
    [communityCode],
  )!;
  const category = db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
  return desk.cases.create({ source: 'hotline', categoryId: category.id, title, location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } }).id;
}

/** What a desk holds, to show that a refused package changed nothing. */
export function counts(desk: Desk): { cases: number; events: number } {
  const db = desk.workspace.db;
  return { cases: db.get<{ n: number }>('SELECT count(*) AS n FROM cases')!.n, events: db.get<{ n: number }>('SELECT count(*) AS n FROM case_events')!.n };
}

/** The demo street and one of its communities: the places most exchange tests pair desks on. */
export const STREET = '110101017';
export const COMMUNITY = '110101017004';

/** A street desk and a community desk, each paired with the other within the other's place. */
export async function openStreetAndCommunity(dir: string, clock: () => number): Promise<{ street: ExchangeDesk; community: ExchangeDesk }> {
  const street = await openExchangeDesk(dir, 'street', '城关街道', clock);
  const community = await openExchangeDesk(dir, 'community', '东关社区', clock);
  street.exchange.pair(community.exchange.card(), [COMMUNITY]);
  community.exchange.pair(street.exchange.card(), [STREET]);
  return { street, community };
}

/** Closes the desks (those that opened) and removes their folder. */
export async function closeDesks(dir: string, desks: readonly (Desk | undefined)[]): Promise<void> {
  for (const desk of desks) await desk?.workspace.close({ checkpoint: false });
  fs.rmSync(dir, { recursive: true, force: true });
}

/** `from`'s package for `to` written into the folder, as onto a USB stick, and received from there. */
export function carryPackage(dir: string, from: ExchangeDesk, to: ExchangeDesk, file: string): ReturnType<ExchangeService['receivePackage']> {
  fs.writeFileSync(path.join(dir, file), from.exchange.writePackage(to.id));
  return to.exchange.receivePackage(fs.readFileSync(path.join(dir, file)));
}
