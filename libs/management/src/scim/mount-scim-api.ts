import type { ServiceApp } from '@switchboard/service-kit';
import type { ManagementDeps } from '../deps.ts';
import type { EndpointRegistry } from '../http/endpoint.ts';
import { mountScimGroupRoutes } from './scim-group-routes.ts';
import { mountScimTokenRoutes } from './scim-token-routes.ts';
import { mountScimUserRoutes } from './scim-user-routes.ts';

/** SCIM 2.0 provisioning (RFC 7644) under `/scim/v2`, and `/scim/token` for admins to mint its credential. */
export function mountScimApi(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  mountScimTokenRoutes(service, deps, registry);
  mountScimUserRoutes(service, deps, registry);
  mountScimGroupRoutes(service, deps, registry);
}
