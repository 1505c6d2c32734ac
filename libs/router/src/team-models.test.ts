import { describe, expect, it } from 'vitest';
import { buildGatewayConfig, ConfigError, type Deployment } from '@switchboard/config';
import { Router } from './router.ts';

/** Deployments as the gateway builds them from model rows (the config builder names a team model's group). */
function deploymentsOf(model_list: unknown[]): Deployment[] {
  return buildGatewayConfig({ model_list }, {}).deployments;
}

const routerOf = (deployments: Deployment[]) => new Router(buildGatewayConfig({ model_list: [] }, {}).router, deployments);

describe('team models (model_info.team_id)', () => {
  const deployments = deploymentsOf([
    { model_name: 'gpt-4o', litellm_params: { model: 'mock/global' }, model_info: { id: 'global' } },
    { model_name: 'gpt-4o', litellm_params: { model: 'mock/team-a-1' }, model_info: { id: 'a1', team_id: 'team-a' } },
    { model_name: 'gpt-4o', litellm_params: { model: 'mock/team-a-2' }, model_info: { id: 'a2', team_id: 'team-a' } },
    { model_name: 'mine', litellm_params: { model: 'mock/team-b' }, model_info: { id: 'b1', team_id: 'team-b' } },
    // A row LiteLLM stored: its name is internal, its public name in model_info.
    { model_name: 'model_name_team-b_0f1e', litellm_params: { model: 'mock/legacy' }, model_info: { id: 'b2', team_id: 'team-b', team_public_model_name: 'legacy' } },
  ]);
  const router = routerOf(deployments);

  it('keys a team model under an internal group, one per team and public name', () => {
    const a = router.teamGroupOf('team-a', 'gpt-4o') as string;
    expect(a).toBeDefined();
    expect(router.deploymentsOf(a).map((d) => d.id).sort()).toEqual(['a1', 'a2']);
    expect(router.teamOwnerOf(a)).toEqual({ id: 'team-a', publicName: 'gpt-4o' });
    expect(router.teamGroupOf('team-b', 'legacy')).toBeDefined();
    expect([...router.teamModels('team-b').keys()].sort()).toEqual(['legacy', 'mine']);
  });

  it('never resolves a team model from a name: the global group keeps the name for everyone else', () => {
    expect(router.resolveGroup('gpt-4o')).toBe('gpt-4o');
    expect(router.deploymentsOf('gpt-4o').map((d) => d.id)).toEqual(['global']);
    expect(router.resolveGroup('mine')).toBeUndefined();
    expect(router.resolveGroup(router.teamGroupOf('team-a', 'gpt-4o') as string)).toBeUndefined();
    expect(router.teamGroupOf('team-b', 'gpt-4o')).toBeUndefined();
    expect(router.groupNames()).toEqual(['gpt-4o']);
    expect(router.teamOwnerOf('gpt-4o')).toBeUndefined();
  });

  it('routes a resolved team group to its own deployments only', async () => {
    const group = router.teamGroupOf('team-b', 'mine') as string;
    const outcome = await router.route(group, async (deployment) => deployment.id, { signal: new AbortController().signal });
    expect(outcome.result).toBe('b1');
  });

  it('refuses a team model that is a pattern or in an access group', () => {
    expect(() => deploymentsOf([{ model_name: 'team/*', litellm_params: { model: 'mock/*' }, model_info: { team_id: 't' } }])).toThrow(ConfigError);
    expect(() => deploymentsOf([{ model_name: 'x', litellm_params: { model: 'mock/x' }, model_info: { team_id: 't', access_groups: ['prod'] } }])).toThrow(/access groups/);
  });
});
