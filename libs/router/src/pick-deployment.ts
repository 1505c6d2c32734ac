import type { Deployment, RoutingStrategy } from '@switchboard/config';
import type { DeploymentState } from './deployment-state.ts';

export interface Candidate {
  deployment: Deployment;
  state: DeploymentState;
}

function weightOf({ deployment }: Candidate): number {
  return deployment.weight ?? deployment.rpm ?? deployment.tpm ?? 1;
}

function weightedShuffle(candidates: Candidate[], random: () => number): Candidate {
  const total = candidates.reduce((sum, c) => sum + weightOf(c), 0);
  let point = random() * total;
  for (const candidate of candidates) {
    point -= weightOf(candidate);
    if (point < 0) return candidate;
  }
  return candidates[candidates.length - 1] as Candidate;
}

function minBy(candidates: Candidate[], score: (c: Candidate) => number, random: () => number): Candidate {
  let best: Candidate[] = [];
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const value = score(candidate);
    if (value < bestScore) {
      bestScore = value;
      best = [candidate];
    } else if (value === bestScore) {
      best.push(candidate);
    }
  }
  // Ties are broken at random so equal deployments share the load.
  return best[Math.floor(random() * best.length)] as Candidate;
}

/** One deployment out of the healthy candidates, by the group's routing strategy. */
export function pickDeployment(strategy: RoutingStrategy, candidates: Candidate[], random: () => number, costOf?: (d: Deployment) => number): Candidate {
  switch (strategy) {
    case 'least-busy':
      return minBy(candidates, (c) => c.state.inFlight, random);
    case 'latency-based-routing':
      // Untried deployments go first, so every one gets measured.
      return minBy(candidates, (c) => c.state.latencyMs ?? -1, random);
    case 'usage-based-routing':
      return minBy(candidates, (c) => (c.deployment.tpm ? c.state.tokensThisMinute() / c.deployment.tpm : c.state.tokensThisMinute()), random);
    case 'cost-based-routing':
      return costOf ? minBy(candidates, (c) => costOf(c.deployment), random) : weightedShuffle(candidates, random);
    case 'simple-shuffle':
      return weightedShuffle(candidates, random);
  }
}
