// oidc-provider ships no types and @types/oidc-provider is not installed: the little the SSO test uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Grant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }
  interface GrantConstructor {
    new (properties: { clientId: string; accountId: string }): Grant;
  }
  export interface KoaContextWithOIDC {
    oidc: { provider: { Grant: GrantConstructor }; client: { clientId: string }; session: { accountId: string } };
  }
  interface Account {
    accountId: string;
    claims(): Record<string, unknown>;
  }
  export interface Configuration {
    clients: Record<string, unknown>[];
    pkce?: { required: () => boolean };
    claims?: Record<string, string[]>;
    scopes?: string[];
    findAccount(ctx: KoaContextWithOIDC, id: string): Account | undefined | Promise<Account | undefined>;
    loadExistingGrant?(ctx: KoaContextWithOIDC): Promise<Grant | undefined>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
