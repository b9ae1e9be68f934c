import type { CaseConflict } from '@contract/sync';
import type { ExchangePeer, ExchangeScope, ReceiveReport } from '@contract/exchange';
import type { Output } from '@contract/index';
import { invoke, transportKind } from './transport';

export const exchangeApi = {
  card: (): Promise<Output<'exchange:card'>> => invoke('exchange:card', {}),
  rename: (name: string): Promise<Output<'exchange:rename'>> => invoke('exchange:rename', { name }),
  peers: (): Promise<ExchangePeer[]> => invoke('exchange:peers', {}),
  pair: (card: unknown, scope: ExchangeScope, options: { replace?: boolean; history?: boolean } = {}): Promise<ExchangePeer> =>
    invoke('exchange:pair', { card, scope, replace: options.replace ?? false, history: options.history ?? false }),
  send: (peerId: string): Promise<Output<'exchange:send'>> => invoke('exchange:send', { peerId }),
  /** In the desktop app the main process shows the open dialog and receives the package itself (the path never reaches the page). */
  canChooseInMain: (): boolean => transportKind() === 'ipc',
  /** Main's chooser and receive: the report, or null when the user cancelled. */
  chooseInMain: (): Promise<ReceiveReport | null> => invoke('exchange:choose-package', {}),
  /** The package's bytes as the page read them: the renderer never names a path. */
  async receive(file: File): Promise<ReceiveReport> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return invoke('exchange:receive', { fileName: file.name, dataBase64: btoa(binary) });
  },
  conflicts: (caseId: number): Promise<CaseConflict[]> => invoke('sync:conflicts', { caseId }),
  settle: (caseId: number, eventUid: string, keep: 'before' | 'after', note?: string) => invoke('sync:settle', { caseId, eventUid, keep, note }),
};
