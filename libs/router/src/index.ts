export { Router, type AttemptContext, type RouteOptions, type RouteOutcome, type RouteProgress, type RouterDeps, type RouterEvents } from './router.ts';
export { DeploymentState } from './deployment-state.ts';
export { pickDeployment, type Candidate } from './pick-deployment.ts';
export { WildcardRoutes, type KnowsModel } from './wildcard-routes.ts';
export { wildcardModelNames } from './wildcard-model-names.ts';
