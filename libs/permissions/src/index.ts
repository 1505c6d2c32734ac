export { ACTIONS, permissionTable, scopeOf, type Action, type Scope, type UserRole } from './permission-matrix.ts';
export { isAdminRole, roleDominates } from './role-order.ts';
export { ROUTE_GROUPS, DATA_PLANE_GROUPS } from './route-groups.ts';
export { customRouteAllowed, entryAllows, entryGrantsCustomRoute, entryGrantsManagement, entryGrantsPassthrough, entryWithin, passthroughPrefixOf, routeAllowed } from './route-access.ts';
export { ALL_PROXY_MODELS, ALL_TEAM_MODELS, NO_DEFAULT_MODELS, accessGroupsOf, globMatches, listAllowsModel, modelAllowed, modelRestriction, modelsWithin, type AccessGroups } from './model-access.ts';
export { LOGGING_METADATA_KEYS, LOGGING_SET_BY_ADMIN, hasLoggingMetadata, loggingFieldsOf, loggingSetByAdmin } from './logging-metadata.ts';
export { TEAM_MEMBER_BASELINE, TEAM_MEMBER_GRANTABLE, effectiveMemberPermissions, isTeamMemberPermission, type TeamMemberPermission } from './team-member-permissions.ts';
export { keyTagsOf, tagListOf } from './entity-tags.ts';
