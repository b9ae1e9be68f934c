import { z } from 'zod';
import { INPUT_LIMITS, base64Length } from './input-limits';
import { ApplyReport } from './sync';

/**
 * Exchange files between paired workstations (issue 14, transport 1): what a pairing card says
 * and what receiving a package reports. The package bytes themselves are the exchange service's.
 */

/** What one workstation shows another once, to be paired: its id, name and public signing key. */
export const PairingCard = z.object({
  workspaceId: z.string().min(1).max(100),
  name: z.string().max(200),
  /** Ed25519 public key, SPKI DER in base64. */
  publicKey: z.string().min(40).max(200),
  /** Short hex of the key's SHA-256: two people compare it by phone before pairing. */
  fingerprint: z.string().max(40),
});
export type PairingCard = z.infer<typeof PairingCard>;

/**
 * A scope entry naming a department (部门) rather than a place: the cases it leads or is summoned to
 * by whistle. Region codes never hold a colon, so the two kinds cannot be confused.
 */
export const DEPARTMENT_SCOPE_PREFIX = 'department:';

/** A scope's entries apart: region codes, and department codes (without their prefix). */
export function splitScope(scope: readonly string[]): { places: string[]; departments: string[] } {
  const departments = scope.filter((entry) => entry.startsWith(DEPARTMENT_SCOPE_PREFIX));
  return { places: scope.filter((entry) => !entry.startsWith(DEPARTMENT_SCOPE_PREFIX)), departments: departments.map((entry) => entry.slice(DEPARTMENT_SCOPE_PREFIX.length)) };
}

/** Whose cases a peer gets: every case, or those of the streets, communities, grids and departments listed. */
export const ExchangeScope = z.union([z.literal('all'), z.array(z.string().min(1).max(50)).min(1).max(2000)]);
export type ExchangeScope = z.infer<typeof ExchangeScope>;

export const ExchangePeer = z.object({
  workspaceId: z.string(),
  name: z.string(),
  fingerprint: z.string(),
  scope: ExchangeScope,
  pairedAt: z.number(),
  lastSentAt: z.number().nullable(),
  lastReceivedAt: z.number().nullable(),
});
export type ExchangePeer = z.infer<typeof ExchangePeer>;

/** What receiving a package did: the change model's report, who sent it and how much it carried. */
export const ReceiveReport = ApplyReport.extend({
  fromWorkspaceId: z.string(),
  fromName: z.string(),
  createdAt: z.number(),
  changeCount: z.number().int(),
  caseCount: z.number().int(),
});
export type ReceiveReport = z.infer<typeof ReceiveReport>;

/** A file the workstation hands over (a package or a card): name, type and bytes, never a path. */
const HandedFile = z.object({ fileName: z.string(), mime: z.string(), dataBase64: z.string() });

export const exchangeChannels = {
  /** This workspace's pairing card, and the same as a file to carry to the other workstation. */
  'exchange:card': { input: z.object({}).strict(), output: z.object({ card: PairingCard, file: HandedFile }) },
  /** Names this workstation (its card and packages carry the name); answers the card anew. */
  'exchange:rename': { input: z.object({ name: z.string().min(1).max(200) }).strict(), output: z.object({ card: PairingCard, file: HandedFile }) },
  /** The paired workstations, with their scope and when a package last went out or came in. */
  'exchange:peers': { input: z.object({}).strict(), output: z.array(ExchangePeer) },
  /** Pairs with the workstation whose card this is (its JSON as read from the card file). */
  'exchange:pair': {
    input: z.object({
      card: z.unknown(), scope: ExchangeScope, replace: z.boolean().default(false), history: z.boolean().default(false),
    }).strict(),
    output: ExchangePeer,
  },
  /** The package for a peer, as a file to carry: every change, grid edit and roster/settings edit it has not acknowledged, signed. */
  'exchange:send': {
    input: z.object({ peerId: z.string().min(1).max(100) }).strict(),
    output: HandedFile.extend({ changeCount: z.number(), caseCount: z.number(), regionEditCount: z.number(), referenceEditCount: z.number() }),
  },
  /**
   * Answered by Electron's main process: it shows the open dialog, reads the chosen package and
   * receives it (exchange:receive, the same checks), so no path reaches the page. Null when the
   * user cancelled. A browser has no such chooser: it reads the file and sends its bytes.
   */
  'exchange:choose-package': { input: z.object({}).strict(), output: ReceiveReport.nullable() },
  /** Receives a package (its bytes as the renderer read them): applies all of it or none. */
  'exchange:receive': {
    input: z.object({ fileName: z.string().min(1).max(255), dataBase64: z.string().min(1).max(base64Length(INPUT_LIMITS.exchangePackageBytes)) }).strict(),
    output: ReceiveReport,
  },
} as const;
