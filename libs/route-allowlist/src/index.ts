export { ROUTE_TABLE, PASSTHROUGH_PROVIDERS, type RouteRule, type Service } from './route-table.ts';
export { normalizePath, type NormalizedPath } from './normalize-path.ts';
export { ownerOf, ruleFor, isServedBy, isClusterOnly } from './owner-of.ts';
export { assertMountable, samplePathOf, RouteNotAllowedError } from './assert-mountable.ts';
export { withCustomGatewayRoutes, CustomRouteConflictError } from './custom-gateway-routes.ts';
