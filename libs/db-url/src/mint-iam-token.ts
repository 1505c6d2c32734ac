// Imported on first use (a dynamic import: esbuild bundles it as a module evaluated only then): most gateways
// never use RDS IAM auth, and evaluating the AWS SDK at start cost several MB of resident memory.
const loadSigner = async () => (await import('@aws-sdk/rds-signer')).Signer;

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
export const mintRdsIamToken: MintIamToken = async ({ hostname, port, username, region }) => {
  const Signer = await loadSigner();
  return new Signer({ hostname, port, username, region }).getAuthToken();
};
