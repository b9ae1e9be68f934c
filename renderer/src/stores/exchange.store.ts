import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ExchangePeer, ExchangeScope, PairingCard, ReceiveReport } from '@contract/exchange';
import { exchangeApi } from '@/api/exchange';
import { downloadFile } from '@/api/import';

/** A card read from a file, shown with its fingerprint until a person confirms the pairing. */
export interface PendingCard {
  fileName: string;
  /** The JSON as read: the services check it (the renderer only shows what it says). */
  raw: unknown;
  card: Partial<PairingCard>;
}

/** 数据交换: this workspace's card, its paired workstations, and what sending and receiving did. */
export const useExchangeStore = defineStore('exchange', () => {
  const card = shallowRef<PairingCard | null>(null);
  const peers = shallowRef<ExchangePeer[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const pending = shallowRef<PendingCard | null>(null);
  const report = shallowRef<ReceiveReport | null>(null);
  const receiveError = ref<string | null>(null);
  const busy = ref(false);
  let cardFile: Parameters<typeof downloadFile>[0] | null = null;

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [own, list] = await Promise.all([exchangeApi.card(), exchangeApi.peers()]);
      card.value = own.card;
      cardFile = own.file;
      peers.value = list;
    } catch (e) {
      error.value = message(e);
    } finally {
      loading.value = false;
    }
  }

  async function rename(name: string): Promise<void> {
    const own = await exchangeApi.rename(name);
    card.value = own.card;
    cardFile = own.file;
  }

  function downloadCard(): void {
    if (cardFile) downloadFile(cardFile);
  }

  /** Reads a card file; a file that is not JSON is refused here, the rest by the services on pairing. */
  async function readCard(file: File): Promise<void> {
    error.value = null;
    try {
      const raw = JSON.parse(await file.text()) as unknown;
      pending.value = { fileName: file.name, raw, card: typeof raw === 'object' && raw !== null ? (raw as Partial<PairingCard>) : {} };
    } catch {
      pending.value = null;
      throw new Error('not_json');
    }
  }

  async function pair(scope: ExchangeScope, options: { replace?: boolean; history?: boolean }): Promise<ExchangePeer> {
    const current = pending.value;
    if (!current) throw new Error('no card');
    const peer = await exchangeApi.pair(current.raw, scope, options);
    pending.value = null;
    peers.value = await exchangeApi.peers();
    return peer;
  }

  async function send(peerId: string): Promise<{ changeCount: number; caseCount: number; regionEditCount: number; referenceEditCount: number }> {
    busy.value = true;
    try {
      const file = await exchangeApi.send(peerId);
      downloadFile(file);
      peers.value = await exchangeApi.peers();
      return { changeCount: file.changeCount, caseCount: file.caseCount, regionEditCount: file.regionEditCount, referenceEditCount: file.referenceEditCount };
    } finally {
      busy.value = false;
    }
  }

  /** All or nothing: a refusal leaves the workspace as it was and says why. */
  function receive(file: File): Promise<void> {
    return receiving(() => exchangeApi.receive(file));
  }

  /** Whether main's dialog picks packages (the desktop app) rather than the page's file input (a browser). */
  const choosesInMain = exchangeApi.canChooseInMain();

  /** The desktop app's chooser (main's dialog); a cancelled dialog leaves the last report as it was. */
  function receiveInMain(): Promise<void> {
    return receiving(() => exchangeApi.chooseInMain());
  }

  async function receiving(work: () => Promise<ReceiveReport | null>): Promise<void> {
    busy.value = true;
    receiveError.value = null;
    try {
      const received = await work();
      if (!received) return;
      report.value = received;
      peers.value = await exchangeApi.peers();
    } catch (e) {
      report.value = null;
      receiveError.value = message(e);
    } finally {
      busy.value = false;
    }
  }

  return { card, peers, loading, error, pending, report, receiveError, busy, load, rename, downloadCard, readCard, pair, send, receive, receiveInMain, choosesInMain };
});

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
