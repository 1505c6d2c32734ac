/**
 * The types the data plane, enforcement and spend accounting share: who calls (Principal), what the limit
 * stage is given and gives back (Admit, Admission), what a key allows (KeyContext, BudgetLine), what one call
 * did (CallRecord), whose counter a scope is (ScopeOwner), and how a call is refused (REFUSALS).
 */
export type { OwnerLoggingMetadata, Principal } from './principal.ts';
export type { CallRecord } from './call-record.ts';
export type { Admission, Admit, AdmitCall, AdmitDeployment, DeploymentSlot } from './admission.ts';
export type { KeyVerifier } from './key-verifier.ts';
export type { BudgetLine, KeyContext } from './key-context.ts';
export { ownerOfScopeId, scopeIdOf, type ScopeEntity, type ScopeOwner } from './scope-owner.ts';
export { budgetExceededMessage } from './budget-exceeded-message.ts';
export { pythonFloat } from './python-float.ts';
export { REFUSALS, refuse, refusalCode, type RefusalKind } from './refusals.ts';
export type { NewStoredFile, OwnerScope } from './owned-files.ts';
export { headOf, tailOf } from './whole-characters.ts';
