import type { Signer as SignerType } from '@aws-sdk/rds-signer';
import { loadOnUse } from '@switchboard/load-on-use';

// Loaded on first use (loadOnUse: bundled, evaluated only when called): most gateways never
// use RDS IAM auth, and evaluating it at start cost several MB of resident memory.
const loadSigner = (): typeof SignerType => loadOnUse<typeof import('@aws-sdk/rds-signer')>(() => require('@aws-sdk/rds-signer'), '@aws-sdk/rds-signer').Signer;

export interface IamTokenRequest {
  readonly hostname: string;
  readonly port: number;
  readonly username: string;
  /** `AWS_REGION` (or its `_READ_REPLICA` twin); unset lets the AWS SDK resolve it from its own config. */
  readonly region?: string;
}

/** Injected so tests and other clouds can supply tokens without AWS. */
export type MintIamToken = (request: IamTokenRequest) => Promise<string>;

/** The default: an RDS IAM auth token, valid for about 15 minutes. */
export const mintRdsIamToken: MintIamToken = ({ hostname, port, username, region }) =>
  new (loadSigner())({ hostname, port, username, region }).getAuthToken();
