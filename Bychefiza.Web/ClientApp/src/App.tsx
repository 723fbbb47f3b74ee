import { useEffect, useState } from 'react';
import { loadConfig } from './config';
import { apiPrefixes, checkApi, type ApiStatus } from './apis';

export function App() {
  const [gatewayUrl, setGatewayUrl] = useState<string>();
  const [error, setError] = useState<string>();
  const [statuses, setStatuses] = useState<ApiStatus[]>(apiPrefixes.map((prefix) => ({ prefix, state: 'checking' })));

  useEffect(() => {
    let cancelled = false;
    loadConfig()
      .then(async ({ gatewayUrl }) => {
        if (cancelled) return;
        setGatewayUrl(gatewayUrl);
        const results = await Promise.all(apiPrefixes.map((prefix) => checkApi(gatewayUrl, prefix)));
        if (!cancelled) setStatuses(results);
      })
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <main>
      <h1>Bychefiza</h1>
      <p>The shop opens soon. Meanwhile, this is what the API gateway answers.</p>
      {error && <p role="alert">{error}</p>}
      {gatewayUrl && (
        <p>
          Gateway: <code data-testid="gateway-url">{gatewayUrl}</code>
        </p>
      )}
      <table aria-label="API status">
        <thead>
          <tr>
            <th scope="col">API</th>
            <th scope="col">Status</th>
            <th scope="col">Served by</th>
          </tr>
        </thead>
        <tbody>
          {statuses.map((status) => (
            <tr key={status.prefix} data-testid={`api-${status.prefix}`} data-state={status.state}>
              <td>/api/{status.prefix}</td>
              <td>{status.state}</td>
              <td>{status.title ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
