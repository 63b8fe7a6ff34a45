/**
 * The tray images, painted in memory as PNGs (main/desktop/png.ts): one per TrayIconKind, at 16 px
 * and 32 px (the @2x representation). The shapes differ, not only the colours, so the state reads
 * in a monochrome macOS menu bar (template images use only the alpha channel) and for colour-blind
 * admins: ok = a full disc, syncing = a ring, attention = a disc with an exclamation mark cut out.
 */
import { encodePng } from './png.ts';
import type { TrayIconKind } from './tray-state.ts';

const COLOURS: Record<TrayIconKind, [number, number, number]> = {
  ok: [0x1a, 0x7f, 0x37], // green
  syncing: [0x1f, 0x5f, 0xbf], // blue
  attention: [0xb3, 0x5c, 0x00], // amber, dark enough to see on a light menu bar
};

/** Coverage (0..1) of the pixel (x, y) by the icon's shape, sampled 4x4 per pixel for smooth edges. */
function coverage(kind: TrayIconKind, size: number, x: number, y: number): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      // unit coordinates: centre (0, 0), radius 1
      const u = ((x + (sx + 0.5) / 4) / size) * 2 - 1;
      const v = ((y + (sy + 0.5) / 4) / size) * 2 - 1;
      const r = Math.hypot(u, v);
      let inside = r <= 0.9;
      if (kind === 'syncing') inside &&= r >= 0.5;
      if (kind === 'attention') {
        const bar = Math.abs(u) <= 0.14 && v >= -0.6 && v <= 0.2;
        const dot = Math.hypot(u, v - 0.45) <= 0.14;
        inside &&= !(bar || dot);
      }
      if (inside) hits++;
    }
  }
  return hits / 16;
}

/** The RGBA pixels of one icon; `template` paints black (macOS tints template images itself). */
export function trayIconPixels(kind: TrayIconKind, size: number, template = false): Uint8Array {
  const [r, g, b] = template ? [0, 0, 0] : COLOURS[kind];
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      px.set([r, g, b, Math.round(coverage(kind, size, x, y) * 255)], i);
    }
  }
  return px;
}

export interface TrayIconImages {
  /** 16 x 16, scale factor 1. */
  png1x: Buffer;
  /** 32 x 32, scale factor 2. */
  png2x: Buffer;
}

export function trayIconPngs(kind: TrayIconKind, template = false): TrayIconImages {
  return { png1x: encodePng(16, 16, trayIconPixels(kind, 16, template)), png2x: encodePng(32, 32, trayIconPixels(kind, 32, template)) };
}
