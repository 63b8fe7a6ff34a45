/**
 * Remembers the main window's size and position between launches, through the SettingsPort.
 * Restored bounds are clamped to a display that is connected now (a monitor unplugged since the
 * last run must not leave the window off-screen). Pure: displays are passed in as work areas.
 */
import type { SettingsPort } from '../core/ports.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const WINDOW_STATE_KEY = 'window.state';
export const DEFAULT_SIZE = { width: 1200, height: 800 };
export const MIN_SIZE = { width: 720, height: 480 };

function isRect(v: unknown): v is Rect {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]));
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function centered(area: Rect): Rect {
  const width = Math.min(DEFAULT_SIZE.width, area.width);
  const height = Math.min(DEFAULT_SIZE.height, area.height);
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Fits `bounds` onto the display it overlaps most: size capped to the work area (and at least the
 * minimum size when the display allows), position moved so the whole window is visible. No
 * overlap with any display -> default size centred on the first (primary) work area.
 */
export function clampToDisplays(bounds: Rect, workAreas: readonly Rect[]): Rect {
  const primary = workAreas[0];
  if (!primary) return { x: 0, y: 0, ...DEFAULT_SIZE };
  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(bounds, area);
    if (o > bestArea) [best, bestArea] = [area, o];
  }
  if (!best) return centered(primary);
  const width = Math.min(Math.max(Math.round(bounds.width), Math.min(MIN_SIZE.width, best.width)), best.width);
  const height = Math.min(Math.max(Math.round(bounds.height), Math.min(MIN_SIZE.height, best.height)), best.height);
  const x = Math.min(Math.max(Math.round(bounds.x), best.x), best.x + best.width - width);
  const y = Math.min(Math.max(Math.round(bounds.y), best.y), best.y + best.height - height);
  return { x, y, width, height };
}

/** Reads the saved state (ignoring anything malformed) and clamps it to the current displays. */
export function loadWindowState(settings: SettingsPort, workAreas: readonly Rect[]): WindowState {
  const saved = settings.get(WINDOW_STATE_KEY) as { bounds?: unknown; maximized?: unknown } | undefined;
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  if (!saved || typeof saved !== 'object' || !isRect(saved.bounds)) {
    return { bounds: centered(primary), maximized: false };
  }
  return { bounds: clampToDisplays(saved.bounds, workAreas), maximized: saved.maximized === true };
}

export function saveWindowState(settings: SettingsPort, state: WindowState): void {
  if (!isRect(state.bounds)) return;
  const { x, y, width, height } = state.bounds;
  settings.set(WINDOW_STATE_KEY, { bounds: { x, y, width, height }, maximized: state.maximized === true });
}
