import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { misconfiguredDeployment } from '../deployment/misconfigured-deployment.ts';

export interface AwsRequestToSign {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  /** The whole body: SigV4 covers its SHA-256. */
  body: string | Uint8Array;
  region: string;
  service: string;
  credentials: AwsCredentialIdentityProvider;
}

/**
 * SigV4-signs the request exactly as it will be sent: the host is the URL's (port included, as undici
 * writes it), the path is the encoded path on the wire (the signer encodes it once more for the
 * canonical request, as AWS expects), and the query string is signed too. Returns the headers to send,
 * without `host`, which the HTTP client sets from the URL.
 */
export async function signAwsRequest(request: AwsRequestToSign): Promise<Record<string, string>> {
  const url = new URL(request.url);
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const existing = query[name];
    query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  const signer = new SignatureV4({ service: request.service, region: request.region, credentials: request.credentials, sha256: Sha256 });
  let signed;
  try {
    signed = await signer.sign({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers: { ...request.headers, host: url.host },
      body: request.body,
    });
  } catch {
    // The chain's own errors name files and environment variables; none of that belongs in a client message.
    throw misconfiguredDeployment('No AWS credentials were found for bedrock: set aws_access_key_id/aws_secret_access_key or configure the AWS credential chain');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) if (name.toLowerCase() !== 'host') headers[name] = String(value);
  return headers;
}
