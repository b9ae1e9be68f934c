import { z } from 'zod';
import { MonthInfo } from './analytics';
import { ExchangeScope } from './exchange';
import { Month, RateCounts } from './rates';

/**
 * The workstation's link to its PostgreSQL hub (issue 14, transport 2): the connection setting,
 * the link's state, and the city's three rates computed on the hub. The password is write-only:
 * no answer ever carries it back.
 */

const Address = z.string().trim().min(1).max(500);
const Password = z.string().max(200);

/** The link as the page shows it. `address` has its password replaced by ***. */
export const HubState = z.object({
  /** A hub address is stored in the workspace settings. */
  configured: z.boolean(),
  /** Sync runs when configured and enabled; off keeps the address but stops syncing. */
  enabled: z.boolean(),
  address: z.string().nullable(),
  /** A password is stored (it is never sent back; the page shows it masked). */
  hasPassword: z.boolean(),
  /** Whose cases this workstation takes from the hub: every case, or those of the listed street, community or grid codes. */
  scope: ExchangeScope,
  status: z.enum(['off', 'connecting', 'connected', 'offline']),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
  lastPushAt: z.number().nullable(),
  lastPullAt: z.number().nullable(),
  /** When the next attempt is due while offline (backoff). */
  retryAt: z.number().nullable(),
  /** Everything logged here not yet on the hub: the sum of `waitingOf`. */
  waiting: z.number(),
  /** What waits, by kind: case changes (events), grid edits, roster and settings edits. */
  waitingOf: z.object({ changes: z.number(), regionEdits: z.number(), referenceEdits: z.number() }),
  /** Cases, events, grid edits and roster/settings edits the last pulls brought in, since the link started. */
  received: z.object({ cases: z.number(), events: z.number(), regionEdits: z.number(), referenceEdits: z.number() }),
  /** What the grid edits pulled since the link started left wrong here (overlaps…), newest last: for a person to redraw. */
  regionProblems: z.array(z.string()),
  /** Changes the hub took from this workstation, since the link started. */
  sent: z.number(),
});
export type HubState = z.infer<typeof HubState>;

export const HubSettingsInput = z
  .object({
    /** postgres://user@host:5432/database; a password written here is stored like `password`. */
    address: Address,
    /** Empty or absent: keep the stored password (when the address names the same user and host). */
    password: Password.optional(),
    enabled: z.boolean(),
    /**
     * The first time this workspace joins this hub: push its whole history (true) or only what
     * happens from now on (false: a copy of another desk's data must not be counted twice).
     */
    shareHistory: z.boolean().default(true),
    /**
     * What this workstation takes from the hub (the same shape as an exchange peer's scope): 'all'
     * for a district or city center, else street, community or grid codes. Pushing is not limited.
     */
    scope: ExchangeScope.default('all'),
  })
  .strict();
export type HubSettingsInput = z.infer<typeof HubSettingsInput>;

export const HubTestResult = z.object({
  ok: z.boolean(),
  address: z.string(),
  /** The hub's schema version, and the newest this GridDesk knows (0: not initialised: `npm run hub -- init`). */
  version: z.number().nullable(),
  known: z.number(),
  serverVersion: z.string().nullable(),
  message: z.string(),
});
export type HubTestResult = z.infer<typeof HubTestResult>;

const Rates = { response: z.number().nullable(), resolution: z.number().nullable(), satisfaction: z.number().nullable(), composite: z.number().nullable() };

/** The city's three rates for one month, from the hub's aggregate, per street and in total. */
export const HubCityRates = z.object({
  month: Month,
  /** How much of the month the hub's cases cover (a month in progress is partial). */
  coverage: MonthInfo,
  streets: z.array(z.object({ streetCode: z.string(), streetName: z.string().nullable(), counts: RateCounts, rank: z.number().nullable(), ...Rates })),
  total: z.object({ counts: RateCounts, ...Rates }),
  /** When the hub answered. */
  at: z.number(),
});
export type HubCityRates = z.infer<typeof HubCityRates>;

export const hubChannels = {
  'hub:state': { input: z.object({}).strict(), output: HubState },
  /** Stores the hub setting (administrator) and restarts the link with it. */
  'hub:saveSettings': { input: HubSettingsInput, output: HubState },
  /** Removes the hub setting and stops the link (the local cursors stay, for a later reconnect). */
  'hub:clearSettings': { input: z.object({}).strict(), output: HubState },
  /** Connects once to an address (or the stored one) and reads its schema version; stores nothing. */
  'hub:test': { input: z.object({ address: Address.optional(), password: Password.optional() }).strict(), output: HubTestResult },
  /** Pushes and pulls now instead of waiting for the next round. */
  'hub:syncNow': { input: z.object({}).strict(), output: HubState },
  /** The city's three rates for a month, computed on the hub (needs a connected hub). */
  'hub:cityRates': { input: z.object({ month: Month }).strict(), output: HubCityRates },
} as const;
