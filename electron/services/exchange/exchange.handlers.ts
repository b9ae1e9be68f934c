import { AppError } from '../shared/app-error';
import type { PairingCard, exchangeChannels } from '../../contract/exchange';
import type { AuthServices } from '../auth/auth-services';
import type { DomainHandlers } from '../shared/handler';
import type { ExchangeService } from './exchange.service';

/** What these handlers need of the open workspace's services. */
type ExchangeHandlerServices = { exchange: ExchangeService; auth: Pick<AuthServices, 'auth' | 'accessLog'> };

/** A package carries callers' personal data unmasked: each one in or out is in the access log (PIPL). */
function logPackage(services: ExchangeHandlerServices, kind: 'exchange_send' | 'exchange_receive', detail: string): void {
  services.auth.accessLog.record(services.auth.auth.session(), { kind, detail });
}

/** Exchange files on disk are named by sender, recipient and time, so a USB stick's folder sorts them. */
function stamp(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** A name safe on every file system a stick may carry (no slashes, colons or quotes). */
function safe(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60) || '工作站';
}

/** The card and the same as a file to carry: its JSON, named after the workstation. */
function withFile(card: PairingCard) {
  const json = JSON.stringify(card, null, 2);
  return { card, file: { fileName: `配对卡片-${safe(card.name)}.json`, mime: 'application/json', dataBase64: Buffer.from(json, 'utf8').toString('base64') } };
}

/**
 * The exchange channels. Pairing decides whose packages this workspace trusts: the administrator's.
 * Packages carry callers' personal data unmasked: 'exchange' (roles that may unmask anyway).
 */
export const exchangeHandlers: DomainHandlers<typeof exchangeChannels, ExchangeHandlerServices> = {
  'exchange:card': {
    need: 'exchange',
    run: (_input, { services }) => withFile(services().exchange.card()),
  },
  'exchange:rename': {
    need: 'admin',
    run: ({ name }, { services }) => withFile(services().exchange.rename(name)),
  },
  'exchange:peers': {
    need: 'exchange',
    run: (_input, { services }) => services().exchange.peers(),
  },
  'exchange:pair': {
    need: 'admin',
    run: ({ card, scope, replace, history }, { services }) => services().exchange.pair(card, scope, { replace, history }),
  },
  'exchange:send': {
    need: 'exchange',
    run: ({ peerId }, { services }) => {
      const sent = services().exchange.sendPackage(peerId);
      logPackage(services(), 'exchange_send', `发往「${sent.toName}」（${peerId}）：案件 ${sent.caseCount} 件，变更 ${sent.changeCount} 项，网格调整 ${sent.regionEditCount} 项，名册与设置 ${sent.referenceEditCount} 项`);
      return {
        fileName: `交换包-${safe(sent.fromName)}-至-${safe(sent.toName)}-${stamp(sent.createdAt)}.gdx`,
        mime: 'application/octet-stream', dataBase64: sent.bytes.toString('base64'), changeCount: sent.changeCount, caseCount: sent.caseCount,
        regionEditCount: sent.regionEditCount, referenceEditCount: sent.referenceEditCount,
      };
    },
  },
  // Answered by Electron's main process (it owns the dialog); here only a browser could ask.
  'exchange:choose-package': {
    need: 'exchange',
    run: () => {
      throw new AppError('unsupported', '浏览器模式没有桌面文件选择框，请用“接收交换包”选择文件上传');
    },
  },
  'exchange:receive': {
    need: 'exchange',
    run: ({ dataBase64 }, { services }) => {
      const report = services().exchange.receivePackage(Buffer.from(dataBase64, 'base64'));
      logPackage(services(), 'exchange_receive', `来自「${report.fromName}」（${report.fromWorkspaceId}）：案件 ${report.caseCount} 件，` +
        `新案件 ${report.newCases} 件，新事件 ${report.newEvents} 项，已有 ${report.alreadyHad} 项，冲突 ${report.conflicts.length} 件`);
      return report;
    },
  },
};
