import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from '../shared/api-client.js';
import { MEDIA_PATHS } from '../shared/bridge.js';
import type { Transport } from './transport.js';

export interface Services {
  readonly api: ApiClient;
  readonly transport: Transport;
  coverUrl(artworkId: number): string;
  trackUrl(trackId: number): string;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function makeServices(api: ApiClient, transport: Transport): Services {
  return {
    api,
    transport,
    coverUrl: (id) => transport.mediaUrl(MEDIA_PATHS.cover(id)),
    trackUrl: (id) => transport.mediaUrl(MEDIA_PATHS.track(id)),
  };
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}
