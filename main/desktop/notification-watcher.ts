/**
 * Runs the notification rules whenever something they read changes (connections, a sync run, the
 * settings) and once an hour (expiry dates and the daily digest move with the clock), then shows what
 * they decide through the NotifierPort. Plain Node: the shell passes the Electron notifier in.
 */
import type { ConnectionView, SyncStatusView } from '../../shared/view-models.ts';
import { silentLogger, systemClock, type ClockPort, type LoggerPort, type TimerHandle } from '../core/ports.ts';
import type { NotifierPort } from './notifier-port.ts';
import { evaluateNotifications, type RuledNotification, type SecretExpiry } from './notification-rules.ts';
import type { NotificationMemoryStore } from './notification-memory.ts';
import type { AppSettingsSource } from './settings-source.ts';

export const RECHECK_MS = 60 * 60_000;

export interface WatchedSources {
  listConnections(): ConnectionView[];
  onConnectionsChanged(listener: () => void): () => void;
  listSyncStatus(): SyncStatusView[] | Promise<SyncStatusView[]>;
  onSyncProgress?(listener: (s: SyncStatusView) => void): () => void;
  secretExpiries?(): SecretExpiry[];
}

export interface NotificationWatcherOptions {
  sources: WatchedSources;
  settings: AppSettingsSource;
  notifier: NotifierPort;
  memory: NotificationMemoryStore;
  /** Clicking a notification: open the window on its connection (undefined: just the window). */
  onClick(connectionId: string | undefined): void;
  clock?: ClockPort;
  logger?: LoggerPort;
}

export interface NotificationWatcher {
  /** Evaluates now; resolves with what was shown (tests wait on it). */
  check(): Promise<RuledNotification[]>;
  stop(): void;
}

export function startNotificationWatcher(o: NotificationWatcherOptions): NotificationWatcher {
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? silentLogger;
  let stopped = false;
  let timer: TimerHandle | undefined;
  let chain: Promise<RuledNotification[]> = Promise.resolve([]);

  const evaluate = async (): Promise<RuledNotification[]> => {
    if (stopped || !o.notifier.isSupported()) return [];
    const sync = await o.sources.listSyncStatus();
    const input = {
      now: clock.now(),
      connections: o.sources.listConnections(),
      sync,
      secretExpiries: o.sources.secretExpiries?.() ?? [],
      switches: o.settings.get().notifications,
    };
    const { show, memory } = evaluateNotifications(input, o.memory.load());
    o.memory.save(memory); // before showing: a crash right after cannot make a restart repeat them
    for (const n of show) o.notifier.show(n, () => o.onClick(n.connectionId));
    return show;
  };
  const check = (): Promise<RuledNotification[]> => {
    chain = chain.then(evaluate, evaluate).catch((err: unknown) => {
      logger.warn('notification check failed', { error: err });
      return [];
    });
    return chain;
  };
  const arm = (): void => {
    timer = clock.setTimeout(() => {
      void check().finally(() => !stopped && arm());
    }, RECHECK_MS);
  };
  const offs = [
    o.sources.onConnectionsChanged(() => void check()),
    o.sources.onSyncProgress?.((s) => void (s.state.kind === 'idle' && check())) ?? (() => {}),
    o.settings.subscribe(() => void check()),
  ];
  void check();
  arm();
  return {
    check,
    stop() {
      stopped = true;
      timer?.cancel();
      for (const off of offs) off();
    },
  };
}
