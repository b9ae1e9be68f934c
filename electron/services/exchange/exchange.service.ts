import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { ExchangeScope, PairingCard, type ExchangePeer, type ReceiveReport, type SyncChange } from '../../contract';
import { AppError } from '../shared/app-error';
import { SyncService } from '../sync/sync.service';
import type { ExchangeRepository, StoredKeys, StoredPeer } from './exchange.repository';
import { encodePackage, openPackage, readPackage, signatureValid, type PackageFile } from './package-format';

/** Attachment bytes per package: with the changes, well inside what a receiver unpacks (INPUT_LIMITS). */
const FILE_BUDGET_BYTES = 150 * 1024 * 1024;

/** What two people read to each other by phone: 16 hex digits of the key's SHA-256, in fours. */
export function fingerprint(publicKeyB64: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKeyB64, 'base64')).digest('hex').slice(0, 16);
  return hex.match(/.{4}/g)!.join(' ');
}

/**
 * Exchange files (issue 14, transport 1): paired workstations send each other signed packages of
 * the change model's changes, by USB stick or shared folder, no network needed. A package carries
 * every change of the peer's cases since what the peer acknowledged (acks ride in the peer's own
 * packages), so a lost package costs nothing: its changes travel again in the next one.
 */
export class ExchangeService {
  constructor(
    private readonly repo: ExchangeRepository,
    private readonly sync: SyncService,
    private readonly clock: () => number = Date.now,
    /** Stores this workstation's name (the change model's identity keeps it); the app wires it. */
    private readonly naming?: (name: string) => void,
  ) {}

  /** Names this workstation as its card and packages show it (a copied demo starts unnamed). */
  rename(name: string): PairingCard {
    const trimmed = name.trim();
    if (!trimmed) throw new AppError('exchange_bad_name', '请填写本工作站的名称，例如「东华门街道网格中心」。');
    if (!this.naming) throw new AppError('not_available', '本工作区不能修改工作站名称。');
    this.naming(trimmed);
    return this.card();
  }

  /** This workspace's card, to be shown to (or saved for) the workstation that pairs with it. */
  card(): PairingCard {
    const { id, name } = this.sync.identity();
    const { publicKey } = this.keys();
    return { workspaceId: id, name, publicKey, fingerprint: fingerprint(publicKey) };
  }

  peers(): ExchangePeer[] {
    return this.repo.peers().map(toPeer);
  }

  /**
   * Pairs with the workstation of `input` (its card): from now on its packages are accepted and
   * ours to it carry the cases of `scope`. `history`: also send the cases' changes from before the
   * pairing (a desk that starts empty); without it, only what changes from now on travels (desks
   * that began as copies of the same district data already hold the rest).
   */
  pair(input: unknown, scopeInput: unknown, options: { replace?: boolean; history?: boolean } = {}): ExchangePeer {
    const parsed = PairingCard.safeParse(input);
    if (!parsed.success) throw new AppError('exchange_bad_card', '配对卡片格式不对（需要工作区编号、名称、公钥和指纹），请重新导出对方的配对卡片。');
    const card = parsed.data;
    const scope = ExchangeScope.safeParse(scopeInput);
    if (!scope.success) throw new AppError('exchange_bad_scope', '发送范围不对：应为「全部」或街道、社区、网格、部门编码的列表。');
    if (!isEd25519(card.publicKey)) throw new AppError('exchange_bad_card', '配对卡片中的公钥无法读取（不是 Ed25519 公钥），请重新导出对方的配对卡片。');
    if (fingerprint(card.publicKey) !== card.fingerprint) {
      throw new AppError('exchange_bad_card', '配对卡片的指纹与公钥不符，卡片可能被改动过，请重新导出。');
    }
    const me = this.sync.identity();
    if (card.workspaceId === me.id) {
      throw new AppError('exchange_self', '不能与本工作区自己配对：这张卡片来自同一个工作区（可能是复制的工作区文件夹）。复制的工作区不能作为另一个工作站使用，请在对方电脑上新建或导入工作区。');
    }
    if (scope.data !== 'all') {
      const unknown = this.repo.unknownScopeEntries(scope.data);
      if (unknown.length > 0) throw new AppError('exchange_bad_scope', `发送范围中的区划或部门编码本工作区没有：${unknown.slice(0, 10).join('、')}`);
    }
    const existing = this.repo.peer(card.workspaceId);
    if (existing && existing.publicKey !== card.publicKey && !options.replace) {
      throw new AppError(
        'exchange_key_changed',
        `工作区「${existing.name || card.workspaceId}」已配对，但这张卡片的公钥不同（原指纹 ${fingerprint(existing.publicKey)}，新指纹 ${card.fingerprint}）。请先电话核对指纹，确认后选择“替换配对”。`,
      );
    }
    this.repo.savePeer({
      workspaceId: card.workspaceId, name: card.name, publicKey: card.publicKey, scope: scope.data, pairedAt: this.clock(),
      ackedEventId: options.history ? 0 : this.repo.lastEventId(), ackedEditId: options.history ? 0 : this.repo.lastEditId(),
      // The roster and settings carry no case history: a new peer gets every edit, whatever `history` says.
      ackedRefId: 0,
    });
    return toPeer(this.repo.peer(card.workspaceId)!);
  }

  /** The package for a peer: every change of its cases that it has not acknowledged, signed by us. */
  writePackage(peerId: string): Buffer {
    return this.sendPackage(peerId).bytes;
  }

  /** The package with what it says of itself, for naming the file and telling the user (no second read of the bytes). */
  sendPackage(peerId: string): { bytes: Buffer; fromName: string; toName: string; createdAt: number; changeCount: number; caseCount: number; regionEditCount: number; referenceEditCount: number } {
    const peer = this.pairedPeer(peerId);
    const me = this.sync.identity();
    const throughEventId = this.repo.lastEventId();
    const throughEditId = this.repo.lastEditId();
    const throughRefId = this.repo.lastRefId();
    const caseIds = this.repo.casesForPeer(peer.workspaceId, peer.scope, peer.ackedEventId);
    const changes = this.sync.extract(caseIds);
    // Grid edits the peer has not acknowledged, within its scope: a grid it lacks comes with the cases it holds.
    const edits = this.repo.regionEditsForPeer(peer.workspaceId, peer.scope, peer.ackedEditId).map(({ localId: _id, ...edit }) => edit);
    // Roster and settings edits go to every peer whatever its scope: they are the district's.
    const refs = this.repo.referenceEditsForPeer(peer.workspaceId, peer.ackedRefId).map(({ localId: _id, ...ref }) => ref);
    const files = this.filesFor(changes);
    const now = this.clock();
    const bytes = encodePackage(
      {
        from: { id: me.id, name: me.name }, to: { id: peer.workspaceId, name: peer.name }, createdAt: now,
        changeCount: changes.length, caseCount: caseIds.length, throughEventId, ack: peer.theirThroughId, throughEditId, editAck: peer.theirThroughEditId,
        throughRefId, refAck: peer.theirThroughRefId,
      },
      changes,
      this.keys().privateKey,
      files,
      edits,
      refs,
    );
    this.repo.markSent(peer.workspaceId, now);
    return {
      bytes, fromName: me.name, toName: peer.name, createdAt: now, changeCount: changes.length, caseCount: caseIds.length,
      regionEditCount: edits.length, referenceEditCount: refs.length,
    };
  }

  /** Checks a package (ours? intact? from a paired desk? really signed by it?) and applies all of it or none. */
  receivePackage(bytes: Buffer): ReceiveReport {
    const opened = openPackage(bytes);
    const { header } = opened;
    const me = this.sync.identity();
    const sender = `「${header.from.name || header.from.id}」（${header.from.id}）`;
    if (header.from.id === me.id) throw new AppError('exchange_own_package', '这是本工作区自己写出的交换包，不能由本工作区接收。');
    if (header.to.id !== me.id) {
      throw new AppError('exchange_wrong_recipient', `这个交换包是${sender}发给「${header.to.name || header.to.id}」（${header.to.id}）的，不是发给本工作区的，未导入。`);
    }
    const peer = this.repo.peer(header.from.id);
    if (!peer) throw new AppError('exchange_unpaired', `交换包来自未配对的工作区${sender}，未导入。请先与对方交换配对卡片并核对指纹。`);
    if (!signatureValid(opened, peer.publicKey)) {
      throw new AppError('exchange_bad_signature', `交换包的签名无效：它被改动过，或并非由已配对的${sender}签发，未导入。`);
    }
    const { changes, edits, refs, files } = readPackage(opened);
    // Files first, each checked against its hash: content-addressed, so one the changes then refuse harms nothing.
    for (const file of files) this.sync.files?.put(file.bytes);
    const report = this.sync.apply(changes, edits, refs);
    this.repo.markReceived(
      peer.workspaceId, this.clock(), header.ack, header.throughEventId,
      { acked: header.editAck, theirThrough: header.throughEditId }, { acked: header.refAck, theirThrough: header.throughRefId },
    );
    return {
      ...report, fromWorkspaceId: header.from.id, fromName: header.from.name, createdAt: header.createdAt,
      changeCount: header.changeCount, caseCount: header.caseCount,
    };
  }

  /**
   * The files the package's 'attached' events name and this workspace holds, up to a budget that
   * keeps the package within what a receiver accepts; the rest stay listed on their cases without
   * their bytes until a later package or the hub brings them.
   */
  private filesFor(changes: readonly SyncChange[]): PackageFile[] {
    const store = this.sync.files;
    if (!store) return [];
    const files: PackageFile[] = [];
    let bytes = 0;
    for (const sha256 of SyncService.attachedFiles(changes)) {
      if (!store.has(sha256)) continue;
      const data = store.read(sha256);
      if (bytes + data.length > FILE_BUDGET_BYTES) continue;
      bytes += data.length;
      files.push({ sha256, bytes: data });
    }
    return files;
  }

  private pairedPeer(peerId: string): StoredPeer {
    const peer = this.repo.peer(peerId);
    if (!peer) throw new AppError('not_found', `未与工作区 ${peerId} 配对，无法写出交换包。`);
    return peer;
  }

  private keys(): StoredKeys {
    const stored = this.repo.keys();
    if (stored) return stored;
    const pair = generateKeyPairSync('ed25519');
    return this.repo.storeKeys({
      publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    }, this.clock());
  }
}

function isEd25519(publicKeyB64: string): boolean {
  try {
    return createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

function toPeer(p: StoredPeer): ExchangePeer {
  return {
    workspaceId: p.workspaceId, name: p.name, fingerprint: fingerprint(p.publicKey), scope: p.scope, pairedAt: p.pairedAt,
    lastSentAt: p.lastSentAt, lastReceivedAt: p.lastReceivedAt,
  };
}
