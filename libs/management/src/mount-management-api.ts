import type { ServiceApp } from '@switchboard/service-kit';
import type { ManagementDeps } from './deps.ts';
import type { EndpointRegistry } from './http/endpoint.ts';
import { securityHeaders } from './http/endpoint.ts';
import { openApiDocument } from './openapi/openapi-document.ts';
import { mountBudgetRoutes } from './routes/budget-routes.ts';
import { mountCustomerRoutes } from './routes/customer-routes.ts';
import { mountKeyRoutes } from './routes/key-routes.ts';
import { mountLoginRoutes } from './routes/login-routes.ts';
import { mountModelRoutes } from './routes/model-routes.ts';
import { mountCredentialRoutes } from './routes/credential-routes.ts';
import { mountTagRoutes } from './routes/tag-routes.ts';
import { mountOrganizationRoutes } from './routes/organization-routes.ts';
import { mountSpendRoutes } from './routes/spend-routes.ts';
import { mountSsoRoutes } from './routes/sso-routes.ts';
import { mountTeamCallbackRoutes } from './routes/team-callback-routes.ts';
import { mountKeyHealthRoutes } from './routes/key-health-routes.ts';
import { mountTeamModelRoutes } from './routes/team-model-routes.ts';
import { mountTeamPermissionRoutes } from './routes/team-permission-routes.ts';
import { mountConfigRoutes } from './routes/config-routes.ts';
import { mountTeamRoutes } from './routes/team-routes.ts';
import { mountUserRolesRoute } from './routes/user-roles-route.ts';
import { mountUserRoutes } from './routes/user-routes.ts';
import { mountScimApi } from './scim/mount-scim-api.ts';

/** Mounts the whole management API (SPEC §7) on the backend, plus `/openapi.json` generated from it. */
export function mountManagementApi(service: ServiceApp, deps: ManagementDeps): EndpointRegistry {
  const registry: EndpointRegistry = [];
  mountLoginRoutes(service, deps, registry);
  mountSsoRoutes(service, deps, registry);
  mountKeyRoutes(service, deps, registry);
  mountKeyHealthRoutes(service, deps, registry);
  mountUserRoutes(service, deps, registry);
  mountUserRolesRoute(service, deps, registry);
  mountTeamRoutes(service, deps, registry);
  mountTeamModelRoutes(service, deps, registry);
  mountTeamPermissionRoutes(service, deps, registry);
  mountConfigRoutes(service, deps, registry);
  mountTeamCallbackRoutes(service, deps, registry);
  mountOrganizationRoutes(service, deps, registry);
  mountBudgetRoutes(service, deps, registry);
  mountCustomerRoutes(service, deps, registry);
  mountModelRoutes(service, deps, registry);
  mountCredentialRoutes(service, deps, registry);
  mountTagRoutes(service, deps, registry);
  mountSpendRoutes(service, deps, registry);
  mountScimApi(service, deps, registry);
  const document = openApiDocument(registry);
  service.route('get', '/openapi.json', securityHeaders, (_req, res) => {
    res.json(document);
  });
  return registry;
}
