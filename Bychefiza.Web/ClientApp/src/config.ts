export interface RuntimeConfig {
  gatewayUrl: string;
}

/** The gateway's public address comes from the web host at run time, so one build serves every environment. */
export async function loadConfig(): Promise<RuntimeConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`Could not load /config.json (${response.status})`);
  }
  return (await response.json()) as RuntimeConfig;
}
