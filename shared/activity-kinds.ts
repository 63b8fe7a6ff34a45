/**
 * The kinds of activity row: one list for the activity log's view model (shared/view-models.ts) and the
 * `listActivity` request's kind filter (shared/ipc-requests.ts), in a file of its own so neither imports the other.
 */
import { z } from 'zod';

export const activityKindSchema = z.enum([
  'connected',
  'refreshed',
  'refresh-failed',
  're-authorized',
  'revoked',
  'disconnected',
  'sync-completed',
  'sync-failed',
  /** Issue 10 item 5: a sync began (automatically or on request). */
  'sync-started',
  'sync-cancelled',
  /** Issue 10 item 5: connect attempts that did not end in a connection. */
  'connect-denied',
  'connect-cancelled',
  'connect-failed',
]);
