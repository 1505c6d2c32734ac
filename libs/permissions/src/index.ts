export { ACTIONS, permissionTable, scopeOf, type Action, type Scope, type UserRole } from './permission-matrix.ts';
