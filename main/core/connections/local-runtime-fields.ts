import type { LocalProviderPort } from '../providers/local-provider.ts';
import type { CoreContext } from './context.ts';

/**
 * Connections to a provider on this computer (the Demo store) keep working when it comes back on
 * another address: at launch the provider is started for the connections that use it and its
 * runtime values (the issuer, whose port may have changed because another program took the old
 * one) replace those saved in each record, with the store address shown beside it. Discovery then
 * finds the endpoints at the new issuer (RFC 8414 §3); the tokens are the store's own, unchanged.
 */
export async function refreshLocalRuntimeFields(ctx: CoreContext, providers: ReadonlyMap<string, LocalProviderPort>): Promise<void> {
  const records = ctx.records.list().filter((r) => providers.has(r.providerId));
  let changed = false;
  for (const providerId of new Set(records.map((r) => r.providerId))) {
    let runtime: Record<string, string>;
    try {
      runtime = await providers.get(providerId)!.runtimeFields();
    } catch (err) {
      ctx.logger.warn('local provider could not start', { provider: providerId, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    for (const r of records.filter((x) => x.providerId === providerId)) {
      if (Object.entries(runtime).every(([k, v]) => r.fields[k] === v)) continue;
      const oldHost = r.fields.issuer ? hostOf(r.fields.issuer) : undefined;
      const newHost = runtime.issuer ? hostOf(runtime.issuer) : undefined;
      ctx.records.update(r.id, {
        fields: { ...r.fields, ...runtime },
        ...(newHost && r.store === oldHost ? { store: newHost } : {}),
      });
      changed = true;
    }
  }
  if (changed) ctx.changed();
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
