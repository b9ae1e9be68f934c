/**
 * The boundary of an era: a restore or a salvage took the workspace back to these highest ids, so
 * a row above them was made after that, and its local id may be one an earlier era already gave
 * (and sent) to another case.
 */
export interface Era {
  caseAfter: number;
  eventAfter: number;
  whistleAfter: number;
}

type Kind = 'c' | 'e' | 'w';
const BOUND: Record<Kind, keyof Era> = { c: 'caseAfter', e: 'eventAfter', w: 'whistleAfter' };

/**
 * The uids of rows born here (uid NULL in the database): `<workspace id>:c<local id>`, and after
 * the n-th restore or salvage `<workspace id>.<n>:c<local id>` for the rows made since, so that a
 * local id handed out again never repeats a uid already sent (docs/sync.md). Reading a uid back,
 * only the name this workspace gives that row today is its own; the same local id under another
 * era's prefix is another case, come back from the hub or a peer: foreign.
 */
export class LocalNames {
  constructor(
    /** The workspace id: the origin of every change born here, whatever its era. */
    readonly me: string,
    private readonly eras: readonly Era[] = [],
  ) {}

  case(id: number): string {
    return this.name('c', id);
  }

  event(id: number): string {
    return this.name('e', id);
  }

  whistle(id: number): string {
    return this.name('w', id);
  }

  /** The local case id a uid names when it is the name of a case born here; undefined for any other. */
  localCase(uid: string): number | undefined {
    return this.local('c', uid);
  }

  localEvent(uid: string): number | undefined {
    return this.local('e', uid);
  }

  /** The workspace a uid was born in, without its era. */
  static originOf(uid: string): string {
    const prefix = uid.slice(0, uid.indexOf(':'));
    const dot = prefix.indexOf('.');
    return dot < 0 ? prefix : prefix.slice(0, dot);
  }

  private name(kind: Kind, id: number): string {
    return `${this.prefix(kind, id)}:${kind}${id}`;
  }

  /** The era a row belongs to is the newest whose boundary lies below its id: rows at or under it survived from before. */
  private prefix(kind: Kind, id: number): string {
    for (let n = this.eras.length; n >= 1; n--) if (id > this.eras[n - 1]![BOUND[kind]]) return `${this.me}.${n}`;
    return this.me;
  }

  private local(kind: Kind, uid: string): number | undefined {
    if (!uid.startsWith(this.me)) return undefined;
    const at = uid.indexOf(`:${kind}`);
    if (at < 0) return undefined;
    const id = Number(uid.slice(at + 2));
    if (!Number.isInteger(id) || id <= 0) return undefined;
    return uid.slice(0, at) === this.prefix(kind, id) ? id : undefined;
  }
}
