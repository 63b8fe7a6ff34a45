/**
 * Keeps what the notification rules already said (NotificationMemory) in the settings file, so a
 * restart does not repeat a notification. Anything unreadable (hand-edited, older) reads as empty.
 */
import { z } from 'zod';
import type { SettingsPort } from '../core/ports.ts';
import { EMPTY_MEMORY, type NotificationMemory } from './notification-rules.ts';

export const NOTIFICATION_MEMORY_KEY = 'desktop.notifications';

const memorySchema = z.object({
  notified: z.record(z.string(), z.string()),
  syncRuns: z.record(z.string(), z.object({ lastSyncAt: z.number(), failuresInARow: z.number().int().nonnegative() })),
  digest: z.object({ at: z.number(), orderCounts: z.record(z.string(), z.number()) }).optional(),
});

export interface NotificationMemoryStore {
  load(): NotificationMemory;
  save(memory: NotificationMemory): void;
}

export function settingsMemoryStore(settings: SettingsPort): NotificationMemoryStore {
  return {
    load() {
      const parsed = memorySchema.safeParse(settings.get(NOTIFICATION_MEMORY_KEY));
      return parsed.success ? (parsed.data as NotificationMemory) : structuredClone(EMPTY_MEMORY);
    },
    save(memory) {
      settings.set(NOTIFICATION_MEMORY_KEY, memory);
    },
  };
}
