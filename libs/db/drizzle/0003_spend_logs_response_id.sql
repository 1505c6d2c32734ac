-- Hand-written (drizzle-kit generate --custom): spend_logs is partitioned (see 0001), outside drizzle-kit's schema.
-- response_id is the `id` the client got in the response body (`chatcmpl-...`), which LiteLLM's clients
-- look a request up by (`/spend/logs?request_id=`). The gateway's UUIDv7 stays the row's key: a cached replay or
-- a sub-call can repeat a response id, so it is searched, never unique. An index on the partitioned table is
-- created on every partition, present and future.
ALTER TABLE "spend_logs" ADD COLUMN "response_id" text;
--> statement-breakpoint
CREATE INDEX "spend_logs_response_id_idx" ON "spend_logs" USING btree ("response_id");
