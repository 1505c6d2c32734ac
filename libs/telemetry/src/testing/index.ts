export { decodeOtlpTraces, type ReceivedSpan } from './decode-otlp-traces.ts';
export { startRecordingServer, type RecordedRequest, type RecordingServer, type Reply } from './recording-server.ts';
export { startLocalS3, type LocalS3 } from './start-s3rver.ts';
