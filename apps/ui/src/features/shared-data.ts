'use client';

import { managementApi } from '../lib/api/management-client.ts';
import type { Option } from '../components/form.tsx';
import type { TeamInfo } from '../lib/api/types.ts';
import { useAsync } from '../components/use-async.ts';

/** Public model names (model groups) for the model pickers; undefined while loading or when it failed. */
export function useModelNames(): string[] | undefined {
  const { data } = useAsync(async () => (await managementApi.modelGroups()).data.map((group) => group.model_group).sort(), []);
  return data;
}

/** Every team the caller can see, a page of LiteLLM's largest (100) at a time (at most 50 pages). */
async function allTeams(): Promise<TeamInfo[]> {
  const teams: TeamInfo[] = [];
  for (let page = 1; page <= 50; page++) {
    const list = await managementApi.listTeams({ page, size: 100 });
    teams.push(...list.teams);
    if (teams.length >= list.total || list.teams.length === 0) break;
  }
  return teams;
}

/** Teams the caller can see, as select options, plus a lookup of display names by id. */
export function useTeams(enabled = true): { options: Option[]; nameOf: (id: string | null | undefined) => string; loaded: boolean } {
  const { data } = useAsync(allTeams, [], enabled);
  const teams = data ?? [];
  return {
    options: [{ value: '', label: '(no team)' }, ...teams.map((team) => ({ value: team.team_id, label: team.team_alias ? `${team.team_alias} (${team.team_id.slice(0, 8)})` : team.team_id }))],
    nameOf: (id) => {
      if (!id) return '—';
      const team = teams.find((t) => t.team_id === id);
      return team?.team_alias ?? id;
    },
    loaded: data !== undefined,
  };
}

export function useOrganizations(enabled = true): { options: Option[]; nameOf: (id: string | null | undefined) => string } {
  const { data } = useAsync(async () => (await managementApi.listOrganizations({ size: 500 })).organizations, [], enabled);
  const organizations = data ?? [];
  return {
    options: [{ value: '', label: '(no organization)' }, ...organizations.map((org) => ({ value: org.organization_id, label: org.organization_alias }))],
    nameOf: (id) => (id ? (organizations.find((o) => o.organization_id === id)?.organization_alias ?? id) : '—'),
  };
}
