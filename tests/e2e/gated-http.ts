/**
 * An HttpPort (main/core/ports.ts) over the real axios client that can hold matching requests at a
 * gate, so an e2e test can see the UI in the middle of a sync without sleeping: `hold()`, then
 * `parked()` resolves once a request waits; `step()` lets exactly one through (the gate stays
 * shut for the next); `open()` lets everything through from then on. Requests still go over real
 * HTTP; only their start is delayed.
 */
import { createAxiosHttp } from '../../main/core/http/axios-http.ts';
import type { HttpPort, HttpRequest } from '../../main/core/ports.ts';

export interface GatedHttp extends HttpPort {
  hold(): void;
  /** Resolves when a matching request is waiting at the shut gate. */
  parked(): Promise<void>;
  step(): void;
  open(): void;
}

export function createGatedHttp(matches: (req: HttpRequest) => boolean, inner: HttpPort = createAxiosHttp()): GatedHttp {
  let shut = false;
  const waiting: (() => void)[] = [];
  const watchers: (() => void)[] = [];
  const notify = () => {
    if (waiting.length > 0) for (const w of watchers.splice(0)) w();
  };
  return {
    async request(req) {
      if (shut && matches(req)) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          notify();
        });
      }
      return inner.request(req);
    },
    hold() {
      shut = true;
    },
    parked() {
      return new Promise<void>((resolve) => {
        watchers.push(resolve);
        notify();
      });
    },
    step() {
      waiting.shift()?.();
    },
    open() {
      shut = false;
      for (const w of waiting.splice(0)) w();
    },
  };
}
