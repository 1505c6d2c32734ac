import type { Router } from '@switchboard/router';
import { HttpError } from '@switchboard/service-kit';

/**
 * `/moderations` without a model, as LiteLLM: the model group of the first deployment marked
 * `model_info.mode: moderation`; none configured is a 400 that says how to configure one.
 */
export function defaultModerationModel(router: Pick<Router, 'groupNames' | 'deploymentsOf'>): string {
  for (const group of router.groupNames()) {
    if (router.deploymentsOf(group).some((deployment) => deployment.modelInfo.mode === 'moderation')) return group;
  }
  throw new HttpError(400, 'No model was given and no moderation model is configured: name one in "model", or set model_info.mode: moderation on a deployment', { param: 'model', code: 'model_required' });
}
