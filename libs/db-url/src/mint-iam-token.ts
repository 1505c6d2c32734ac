import { Signer } from '@aws-sdk/rds-signer';

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
  new Signer({ hostname, port, username, region }).getAuthToken();
