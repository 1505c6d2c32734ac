import type { SinkSettings, TelemetrySettings } from '../settings/telemetry-settings.ts';
import { createDestinationAllowList, type DestinationAllowList } from './destination-allow-list.ts';
import { parseOwnerLogging, type OwnerLogging } from './parse-owner-logging.ts';

/** A key or team whose metadata may carry logging settings. */
export interface LoggingOwner {
  /** For messages: the key's alias, the team's alias or id. */
  name: string;
  metadata?: Readonly<Record<string, unknown>>;
  /** True when an admin (proxy_admin) last wrote this metadata; false or absent: the allow-list applies. */
  setByAdmin?: boolean;
  /** Why the stored settings are not usable as they are (secrets that could not be decrypted): reported with the rest. */
  problem?: string;
}

export interface CallSinksInput {
  teamId?: string;
  team?: LoggingOwner;
  key?: LoggingOwner;
}

export interface ResolvedCallSinks {
  sinks: readonly SinkSettings[];
  /** Metadata entries left out (not allowed, incomplete): worth a warning, never a failed request. */
  problems: readonly string[];
}

export type CallSinksResolver = (input: CallSinksInput) => ResolvedCallSinks;

const NOTHING: readonly string[] = Object.freeze([]);
const hasLogging = (owner: LoggingOwner | undefined): owner is LoggingOwner & { metadata: Readonly<Record<string, unknown>> } =>
  owner?.metadata !== undefined && (owner.metadata.logging !== undefined || owner.metadata.callback_settings !== undefined);

/**
 * The sinks for one call, from the config's sinks and then, in order, the team's `default_team_settings`
 * entry, the team's metadata and the key's metadata. An admin's layer replaces the sinks of the same name
 * (the team's own Langfuse project instead of the global one) and may turn logging off; a non-admin's
 * layer only adds sinks, each on the allow-list, so it can neither divert nor silence what an admin set.
 */
export function resolveCallSinks(settings: TelemetrySettings, allowList: DestinationAllowList, input: CallSinksInput): ResolvedCallSinks {
  const teamDefaults = input.teamId === undefined ? undefined : settings.defaultTeamSettings.find((team) => team.teamId === input.teamId);
  const owners = [input.team, input.key].filter(hasLogging);
  if (!teamDefaults && owners.length === 0) return { sinks: settings.sinks, problems: NOTHING };

  const layers: { admin: boolean; logging: OwnerLogging }[] = [];
  if (teamDefaults) layers.push({ admin: true, logging: { sinks: teamDefaults.sinks, disablesLogging: false, problems: [] } });
  for (const owner of owners) {
    const admin = owner.setByAdmin === true;
    const label = `${owner === input.key ? 'key' : 'team'} ${owner.name}`;
    const logging = parseOwnerLogging(owner.metadata, { owner: label, setByAdmin: admin, allowList });
    if (owner.problem) logging.problems.unshift(`${label}: ${owner.problem}`);
    layers.push({ admin, logging });
  }

  let sinks: readonly SinkSettings[] = settings.sinks;
  const problems: string[] = [];
  for (const { admin, logging } of layers) {
    problems.push(...logging.problems);
    if (logging.disablesLogging) {
      if (admin) sinks = [];
      else problems.push('turning logging off in metadata is for admins only; ignored');
      continue;
    }
    if (logging.sinks.length === 0) continue;
    if (admin) {
      const replaced = new Set(logging.sinks.map((sink) => sink.name));
      sinks = [...sinks.filter((sink) => !replaced.has(sink.name)), ...logging.sinks];
    } else {
      sinks = [...sinks, ...logging.sinks];
    }
  }
  return { sinks, problems };
}

/** Compiles the settings' allow-list once (throws DestinationAllowListError on a bad entry) and resolves per call. */
export function createCallSinksResolver(settings: TelemetrySettings): CallSinksResolver {
  const allowList = createDestinationAllowList(settings.destinationAllowList);
  return (input) => resolveCallSinks(settings, allowList, input);
}
