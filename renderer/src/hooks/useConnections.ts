import { useCallback, useEffect, useState } from 'react';
import type { ConnectionView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';

export interface ConnectionsState {
  connections: ConnectionView[];
  loaded: boolean;
  error: ErrorView | null;
  reload: () => void;
}

/** The connection list, kept live through the `connectionsChanged` event. */
export function useConnections(): ConnectionsState {
  const [connections, setConnections] = useState<ConnectionView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const reload = useCallback(() => {
    unwrap(storelink().listConnections()).then(
      (list) => {
        setConnections(list);
        setLoaded(true);
        setError(null);
      },
      (err: unknown) => {
        setError(errorViewOf(err));
        setLoaded(true);
      },
    );
  }, []);
  useEffect(() => {
    const off = storelink().on('connectionsChanged', (list) => {
      setConnections(list);
      setLoaded(true);
    });
    reload();
    return off;
  }, [reload]);
  return { connections, loaded, error, reload };
}
