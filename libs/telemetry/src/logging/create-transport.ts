import type { SinkSettings } from '../settings/telemetry-settings.ts';
import type { SinkTransport } from './batch-dispatcher.ts';
import { createGenericApiTransport } from './generic-api/generic-api-transport.ts';
import { createLangfuseTransport, type LangfuseTransportOptions } from './langfuse/langfuse-transport.ts';
import { createS3Transport } from './s3/s3-transport.ts';

/** The transport for a sink's settings. */
export function createTransport(sink: SinkSettings, options: LangfuseTransportOptions): SinkTransport {
  switch (sink.kind) {
    case 'langfuse':
      return createLangfuseTransport(sink, options);
    case 's3':
      return createS3Transport(sink, options);
    case 'generic_api':
      return createGenericApiTransport(sink, options);
  }
}
