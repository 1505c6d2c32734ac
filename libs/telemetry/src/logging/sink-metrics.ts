/** Why calls were dropped: the queue was full, the sink refused them for good, or the gateway stopped first. */
export type DropReason = 'queue_full' | 'rejected' | 'shutdown';

/** Counters for the exporters themselves, per sink name. */
export interface SinkMetrics {
  queued(sink: string, calls: number): void;
  sent(sink: string, calls: number): void;
  dropped(sink: string, calls: number, reason: DropReason): void;
  /** One failed delivery attempt (a batch that will be retried or dropped). */
  failed(sink: string): void;
}

export interface SinkCounts {
  queued: number;
  sent: number;
  dropped: number;
  failures: number;
  droppedBy: Partial<Record<DropReason, number>>;
}

/** In-memory counters, for tests and for a gateway without a Prometheus registry. */
export class CountingSinkMetrics implements SinkMetrics {
  private readonly counts = new Map<string, SinkCounts>();

  of(sink: string): SinkCounts {
    let counts = this.counts.get(sink);
    if (!counts) {
      counts = { queued: 0, sent: 0, dropped: 0, failures: 0, droppedBy: {} };
      this.counts.set(sink, counts);
    }
    return counts;
  }

  queued(sink: string, calls: number): void {
    this.of(sink).queued += calls;
  }

  sent(sink: string, calls: number): void {
    this.of(sink).sent += calls;
  }

  dropped(sink: string, calls: number, reason: DropReason): void {
    const counts = this.of(sink);
    counts.dropped += calls;
    counts.droppedBy[reason] = (counts.droppedBy[reason] ?? 0) + calls;
  }

  failed(sink: string): void {
    this.of(sink).failures += 1;
  }
}
