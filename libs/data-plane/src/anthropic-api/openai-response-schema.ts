import { z } from 'zod';

/*
 * Partial schemas of what OpenAI-format providers answer, for translating back to Anthropic's format:
 * only the fields read here, all `.nullish()`.
 */
const toolCall = z.object({
  index: z.number().nullish(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

const assistantFields = {
  content: z.string().nullish(),
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
  tool_calls: z.array(toolCall).nullish(),
};

export const openAIChatCompletionSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(z.object({ message: z.object(assistantFields).nullish(), finish_reason: z.string().nullish() })).nullish(),
});
export type OpenAIChatCompletion = z.infer<typeof openAIChatCompletionSchema>;

export const openAIChatChunkSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(z.object({ delta: z.object(assistantFields).nullish(), finish_reason: z.string().nullish() })).nullish(),
});
export type OpenAIChatChunk = z.infer<typeof openAIChatChunkSchema>;
