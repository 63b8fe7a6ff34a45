/** Notices about storage problems found at startup: `listNotices` (there is no notice event yet). */
import type { StorelinkApi } from '../../../shared/ipc-contract.ts';
import type { NoticeView } from '../../../shared/view-models.ts';
import { storelink, unwrap } from '../api.ts';
import { createLiveStore, type LiveStore } from './live-store.ts';
import { once } from './store.ts';

export function createNoticesStore(api: Pick<StorelinkApi, 'listNotices'>): LiveStore<NoticeView[]> {
  return createLiveStore<NoticeView[], never, NoticeView[]>({
    load: () => unwrap(api.listNotices()),
    init: (list) => list,
    apply: (list) => list,
  });
}

export const noticesStore = once(() => createNoticesStore(storelink()));
