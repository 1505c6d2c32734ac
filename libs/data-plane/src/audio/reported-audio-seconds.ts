import { z } from 'zod';

// Only the fields read: `duration` in verbose_json answers, `usage` of type "duration" in newer OpenAI answers
// (whisper-1); token-billed models answer with `usage.type: "tokens"`, which carries no duration.
const transcriptionAnswerSchema = z.object({
  duration: z.union([z.number(), z.string()]).nullish(),
  usage: z.object({ type: z.string().nullish(), seconds: z.number().nullish() }).passthrough().nullish(),
});

/** The audio duration in seconds a transcription or translation answer reports, if it reports one. */
export function reportedAudioSeconds(answer: unknown): number | undefined {
  const parsed = transcriptionAnswerSchema.safeParse(answer);
  if (!parsed.success) return undefined;
  const { usage, duration } = parsed.data;
  if (usage?.type === 'duration' && typeof usage.seconds === 'number' && usage.seconds >= 0) return usage.seconds;
  const seconds = typeof duration === 'string' ? Number(duration) : duration;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
