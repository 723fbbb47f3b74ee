export interface ApiStatus {
  prefix: string;
  state: 'checking' | 'up' | 'down';
  title?: string;
}

/** The public APIs behind the gateway; each publishes its OpenAPI document under its own prefix. */
export const apiPrefixes = ['auth', 'users', 'products', 'categories', 'orders', 'payments'];

export async function checkApi(gatewayUrl: string, prefix: string): Promise<ApiStatus> {
  try {
    const response = await fetch(`${gatewayUrl}/api/${prefix}/openapi/v1.json`);
    if (!response.ok) {
      return { prefix, state: 'down' };
    }
    const document = (await response.json()) as { info?: { title?: string } };
    return { prefix, state: 'up', title: document.info?.title };
  } catch {
    return { prefix, state: 'down' };
  }
}
