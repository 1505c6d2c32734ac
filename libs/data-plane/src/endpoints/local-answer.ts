import type { CallSpec } from '../pipeline/call-spec.ts';
import { openAiWireFormat } from '../wire-format.ts';

/**
 * The part of a call spec every utility answered by the gateway itself shares (LiteLLM's `/utils/token_counter`,
 * `/spend/calculate`): a JSON answer in the OpenAI shape, never an upstream attempt, and no tokens or cost of its own,
 * so the pipeline's admission, limits and spend row apply to it as to any call.
 */
export function answeredLocally(answer: CallSpec['answerLocally']): Pick<CallSpec, 'respond' | 'format' | 'answerLocally' | 'attempt' | 'estimateUsage' | 'cost'> {
  return {
    respond: 'json',
    format: openAiWireFormat({ clientWantsUsage: false, endMarker: false }),
    answerLocally: answer,
    attempt() {
      throw new Error('this route is answered by the gateway itself');
    },
    estimateUsage: () => ({ promptTokens: 0, completionTokens: 0, totalTokens: 0, estimated: true }),
    cost: () => 0,
  };
}
