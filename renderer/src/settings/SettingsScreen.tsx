/**
 * Settings (issue 9 item 4): sync interval, pause all sync, notifications per kind, keep running in
 * the tray, start at login, where data lives, and "Remove all Storelink data". Each change is sent as
 * a validated patch (`updateSettings`); the screen shows what main answers (and `settingsChanged`), so
 * a refused change never looks saved.
 */
import { useEffect, useId, useState } from 'react';
import type { AppSettings, AppSettingsPatch, NotificationKind } from '../../../shared/app-settings.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAnnounce } from '../hooks/announcer.tsx';
import { useStore } from '../state/useStore.ts';
import { RemoveAllDataDialog } from './RemoveAllDataDialog.tsx';
import { settingsStore } from './settings-state.ts';

type Interval = AppSettings['syncIntervalMinutes'];
const INTERVALS: { value: Interval; label: string }[] = [
  { value: 5, label: 'Every 5 minutes' },
  { value: 15, label: 'Every 15 minutes' },
  { value: 30, label: 'Every 30 minutes' },
  { value: 60, label: 'Every hour' },
  { value: 240, label: 'Every 4 hours' },
];
// Compile-time check: every interval the schema allows is offered.
type Missing = Exclude<Interval, (typeof INTERVALS)[number]['value']>;
const everyIntervalOffered: [Missing] extends [never] ? true : false = true;
void everyIntervalOffered;

const NOTIFICATIONS: Record<NotificationKind, { label: string; help: string }> = {
  needsSignIn: { label: 'A store needs signing in again', help: 'When Storelink can no longer keep a connection working on its own.' },
  syncFailing: { label: 'Order sync keeps failing', help: 'After three failed syncs in a row for the same store.' },
  expiringSoon: { label: 'Access expires soon', help: 'When a store’s sign-in or key expires within 7 days.' },
  dailyDigest: { label: 'Daily summary of new orders', help: 'Once a day, how many new orders arrived.' },
};
const NOTIFICATION_ORDER: NotificationKind[] = ['needsSignIn', 'syncFailing', 'expiringSoon', 'dailyDigest'];

function Check(props: { label: string; help?: string; checked: boolean; disabled: boolean; onChange(v: boolean): void; testId: string }) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked)}
        data-testid={props.testId}
        aria-describedby={props.help ? `${id}-help` : undefined}
      />
      <label htmlFor={id}>{props.label}</label>
      {props.help ? (
        <p id={`${id}-help`} className="help muted">
          {props.help}
        </p>
      ) : null}
    </div>
  );
}

export function SettingsScreen() {
  const live = useStore(settingsStore());
  const announce = useAnnounce();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const [dataPath, setDataPath] = useState<string | null>(null);
  const [folderError, setFolderError] = useState<ErrorView | null>(null);
  const [removing, setRemoving] = useState(false);
  const intervalId = useId();

  useEffect(() => {
    let open = true;
    unwrap(storelink().getDataLocation()).then(
      (v) => open && setDataPath(v.path),
      (err: unknown) => open && setFolderError(errorViewOf(err)),
    );
    return () => void (open = false);
  }, []);

  const save = (patch: AppSettingsPatch, done: string) => {
    setSaving(true);
    setError(null);
    unwrap(storelink().updateSettings(patch))
      .then(
        () => announce(done),
        (err: unknown) => setError(errorViewOf(err)),
      )
      .finally(() => setSaving(false));
  };
  const showFolder = () => {
    setFolderError(null);
    unwrap(storelink().showDataFolder()).catch((err: unknown) => setFolderError(errorViewOf(err)));
  };

  if (live.status === 'failed') {
    return (
      <section aria-labelledby="settings-title">
        <h1 id="settings-title">Settings</h1>
        <ErrorNotice error={live.error} heading="Could not load your settings" />
      </section>
    );
  }
  const s = live.status === 'ready' ? live.value : null;

  return (
    <section aria-labelledby="settings-title" className="settings">
      <h1 id="settings-title">Settings</h1>
      {s === null ? <p>Loading…</p> : null}
      {error ? <ErrorNotice error={error} heading="That setting was not saved" /> : null}
      {s ? (
        <>
          <fieldset className="card">
            <legend>Order sync</legend>
            {s.syncPaused ? (
              <p className="notice warn" data-testid="sync-paused-note">
                Sync is paused: Storelink does not sync orders on its own. “Sync now” on the Orders screen still works.
              </p>
            ) : null}
            <div className="field">
              <label htmlFor={intervalId}>Sync orders automatically</label>
              <select
                id={intervalId}
                value={s.syncIntervalMinutes}
                disabled={saving}
                data-testid="sync-interval"
                onChange={(e) => {
                  const value = Number(e.target.value) as Interval;
                  save({ syncIntervalMinutes: value }, `Orders now sync ${INTERVALS.find((i) => i.value === value)?.label.toLowerCase() ?? ''}.`);
                }}
              >
                {INTERVALS.map((i) => (
                  <option key={i.value} value={i.value}>
                    {i.label}
                  </option>
                ))}
              </select>
            </div>
            <Check
              label="Pause all sync"
              help="Stops automatic syncs for every store until you switch this off. Sync now still works."
              checked={s.syncPaused}
              disabled={saving}
              testId="sync-paused"
              onChange={(v) => save({ syncPaused: v }, v ? 'All sync paused.' : 'Sync resumed.')}
            />
          </fieldset>

          <fieldset className="card">
            <legend>Notifications</legend>
            <p className="muted">Storelink tells you through your computer’s notifications when:</p>
            {NOTIFICATION_ORDER.map((k) => (
              <Check
                key={k}
                label={NOTIFICATIONS[k].label}
                help={NOTIFICATIONS[k].help}
                checked={s.notifications[k]}
                disabled={saving}
                testId={`notify-${k}`}
                onChange={(v) => save({ notifications: { [k]: v } }, `${NOTIFICATIONS[k].label}: notifications ${v ? 'on' : 'off'}.`)}
              />
            ))}
          </fieldset>

          <fieldset className="card">
            <legend>Running in the background</legend>
            <Check
              label="Keep running in the tray when the window is closed"
              help="Connections stay fresh and orders keep syncing. Quit from the tray menu."
              checked={s.keepRunningInTray}
              disabled={saving}
              testId="keep-running"
              onChange={(v) => save({ keepRunningInTray: v }, v ? 'Storelink keeps running when you close the window.' : 'Closing the window quits Storelink.')}
            />
            <Check
              label="Start Storelink when I log in"
              help="It starts hidden in the tray."
              checked={s.startAtLogin}
              disabled={saving}
              testId="start-at-login"
              onChange={(v) => save({ startAtLogin: v }, v ? 'Storelink starts when you log in.' : 'Storelink no longer starts when you log in.')}
            />
          </fieldset>
        </>
      ) : null}

      <section className="card" aria-labelledby="data-title">
        <h2 id="data-title">Where your data lives</h2>
        <p>Connections, synced orders and activity are kept in this folder on this computer:</p>
        <p>
          <code data-testid="data-location">{dataPath ?? '…'}</code>
        </p>
        <p className="muted">Keys and sign-ins are kept in your system keychain, never in this folder.</p>
        <div className="button-row">
          <button type="button" onClick={showFolder}>
            Show the folder
          </button>
        </div>
        {folderError ? <ErrorNotice error={folderError} heading="Could not show the folder" /> : null}
      </section>

      <section className="card" aria-labelledby="remove-title">
        <h2 id="remove-title">Remove all Storelink data</h2>
        <p>Revokes Storelink’s access at each store where it can, deletes every key from the keychain, and deletes connections, orders and activity.</p>
        <div className="button-row">
          <button type="button" className="danger" onClick={() => setRemoving(true)}>
            Remove all Storelink data…
          </button>
        </div>
      </section>
      {removing ? <RemoveAllDataDialog onClose={() => setRemoving(false)} /> : null}
    </section>
  );
}
