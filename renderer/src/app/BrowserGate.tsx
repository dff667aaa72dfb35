import { useCallback, useEffect, useRef, useState } from 'react';
import { createWsApi, type ConnectionStatus, type WsApi } from '../api/wsClient';
import { StudioRoot } from './StudioRoot';

/** Browser mode: connects to the bridge and shows a full-page message while there is no working connection. */
export function BrowserGate({ url }: { url: string | undefined }) {
  const [connection] = useState<WsApi | undefined>(() => (url ? createWsApi(url) : undefined));
  const [status, setStatus] = useState<ConnectionStatus>(connection ? 'connecting' : 'failed');
  const [everOpened, setEverOpened] = useState(false);
  const refresh = useRef<(() => Promise<void>) | undefined>(undefined);

  useEffect(() => {
    if (!connection) return;
    const off = connection.onStatus((next) => {
      setStatus(next);
      if (next === 'open') setEverOpened(true);
    });
    void connection.connect();
    return () => {
      off();
      connection.close();
    };
  }, [connection]);

  const reconnect = async () => {
    if (connection && (await connection.connect())) await refresh.current?.();
  };
  const onRefresher = useCallback((fn: () => Promise<void>) => (refresh.current = fn), []);

  if (!connection) {
    return (
      <FullPageMessage title="This address has no access token">
        Open Attractor Studio with the full address printed by <code>npm run web</code> (it ends in <code>?token=…</code>).
      </FullPageMessage>
    );
  }
  return (
    <>
      {everOpened && <StudioRoot api={connection.api} mode="browser" onRefresher={onRefresher} />}
      {status === 'connecting' && !everOpened && <FullPageMessage title="Connecting to Attractor Studio…" />}
      {(status === 'failed' || status === 'lost') && (
        <FullPageMessage title={status === 'lost' ? 'The connection to Attractor Studio was lost' : 'Could not connect to Attractor Studio'} onReconnect={reconnect}>
          {status === 'lost'
            ? 'The server stopped or the network dropped. Reconnect once it is running again; an edit made in the last moment before the drop may need to be redone.'
            : 'The access token in this address was rejected, or the server is not running. Start it with npm run web and open the address it prints.'}
        </FullPageMessage>
      )}
    </>
  );
}

function FullPageMessage({ title, children, onReconnect }: { title: string; children?: React.ReactNode; onReconnect?: () => void }) {
  return (
    <div className="full-page-message" role="alertdialog" aria-labelledby="full-page-title" data-testid="connection-message">
      <div className="full-page-box">
        <h1 id="full-page-title">{title}</h1>
        {children && <p>{children}</p>}
        {onReconnect && (
          <button type="button" className="primary" onClick={onReconnect} data-testid="reconnect">
            Reconnect
          </button>
        )}
      </div>
    </div>
  );
}
