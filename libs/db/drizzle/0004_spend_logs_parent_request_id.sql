-- Hand-written (drizzle-kit generate --custom): spend_logs is partitioned (see 0001), outside drizzle-kit's schema.
-- parent_request_id ties a sub-call the gateway made on a request's behalf (one model of a fan-out, an
-- embedding for a semantic cache, a guardrail's moderation call) to the request it served: the child row
-- carries its own cost and limits; the parent's row is the one the client's call made.
ALTER TABLE "spend_logs" ADD COLUMN "parent_request_id" uuid;
--> statement-breakpoint
CREATE INDEX "spend_logs_parent_request_id_idx" ON "spend_logs" USING btree ("parent_request_id");
