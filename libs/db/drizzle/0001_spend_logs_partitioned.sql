-- Hand-written (drizzle-kit generate --custom): drizzle-kit cannot express PARTITION BY RANGE.
-- spend_logs is partitioned by month on start_time from its first version, with a default partition for
-- rows no monthly partition covers yet. The TypeScript definition is src/schema/partitioned/spend-logs.ts;
-- a test compares the two.
CREATE TABLE "spend_logs" (
	"request_id" uuid NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone NOT NULL,
	"time_to_first_token_ms" integer,
	"key_hash" text,
	"user_id" text,
	"team_id" text,
	"organization_id" text,
	"end_user" text,
	"model" text NOT NULL,
	"model_group" text,
	"provider" text,
	"deployment_id" text,
	"call_type" text,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"total_tokens" integer DEFAULT 0 NOT NULL,
	"spend" numeric(20, 10) DEFAULT '0' NOT NULL,
	"status" text NOT NULL,
	"cache_hit" boolean DEFAULT false NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"request_body" jsonb,
	"response_body" jsonb,
	CONSTRAINT "spend_logs_request_id_start_time_pk" PRIMARY KEY("request_id","start_time"),
	CONSTRAINT "spend_logs_status_check" CHECK ("status" in ('success', 'failure'))
) PARTITION BY RANGE ("start_time");
--> statement-breakpoint
CREATE TABLE "spend_logs_default" PARTITION OF "spend_logs" DEFAULT;
--> statement-breakpoint
CREATE INDEX "spend_logs_start_time_idx" ON "spend_logs" USING btree ("start_time");
--> statement-breakpoint
CREATE INDEX "spend_logs_key_hash_idx" ON "spend_logs" USING btree ("key_hash","start_time");
--> statement-breakpoint
CREATE INDEX "spend_logs_team_id_idx" ON "spend_logs" USING btree ("team_id","start_time");
--> statement-breakpoint
-- Creates the monthly partitions from the month of `as_of` to `months_ahead` months later, and, when
-- `retention_days` is not null, drops every monthly partition whose whole month ended more than
-- `retention_days` before `as_of` (and deletes such rows from the default partition). Rows that landed in
-- the default partition before their month's partition existed are moved into it. Months are UTC months.
-- Returns one row per partition created or dropped. Safe to run from several processes at once.
CREATE FUNCTION "spend_logs_maintain_partitions"(
	retention_days integer,
	months_ahead integer DEFAULT 2,
	as_of timestamptz DEFAULT now()
) RETURNS TABLE (change text, partition_table text)
LANGUAGE plpgsql AS $$
DECLARE
	first_month timestamp := date_trunc('month', as_of AT TIME ZONE 'UTC');
	month_start timestamp;
	lower_bound timestamptz;
	upper_bound timestamptz;
	cutoff timestamptz;
	table_name text;
	existing record;
BEGIN
	IF months_ahead IS NULL OR months_ahead < 0 THEN
		RAISE EXCEPTION 'months_ahead must be 0 or more, got %', months_ahead;
	END IF;
	IF retention_days IS NOT NULL AND retention_days < 1 THEN
		RAISE EXCEPTION 'retention_days must be 1 or more (or null to keep everything), got %', retention_days;
	END IF;
	-- One maintainer at a time: backend replicas and the migrations job may all run this.
	PERFORM pg_advisory_xact_lock(7353811420501);

	FOR step IN 0..months_ahead LOOP
		month_start := first_month + make_interval(months => step);
		table_name := 'spend_logs_p' || to_char(month_start, 'YYYYMM');
		lower_bound := month_start AT TIME ZONE 'UTC';
		upper_bound := (month_start + interval '1 month') AT TIME ZONE 'UTC';
		IF NOT EXISTS (
			SELECT 1 FROM pg_inherits inh JOIN pg_class c ON c.oid = inh.inhrelid
			WHERE inh.inhparent = 'spend_logs'::regclass AND c.relname = table_name
		) THEN
			EXECUTE format('CREATE TABLE %I (LIKE spend_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', table_name);
			EXECUTE format(
				'WITH moved AS (DELETE FROM spend_logs_default WHERE start_time >= %L AND start_time < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
				lower_bound, upper_bound, table_name
			);
			EXECUTE format('ALTER TABLE spend_logs ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', table_name, lower_bound, upper_bound);
			change := 'created';
			partition_table := table_name;
			RETURN NEXT;
		END IF;
	END LOOP;

	IF retention_days IS NOT NULL THEN
		cutoff := as_of - make_interval(days => retention_days);
		FOR existing IN
			SELECT c.relname AS relname FROM pg_inherits inh JOIN pg_class c ON c.oid = inh.inhrelid
			WHERE inh.inhparent = 'spend_logs'::regclass AND c.relname ~ '^spend_logs_p[0-9]{6}$'
			ORDER BY c.relname
		LOOP
			upper_bound := (to_date(substring(existing.relname from 13), 'YYYYMM')::timestamp + interval '1 month') AT TIME ZONE 'UTC';
			IF upper_bound <= cutoff THEN
				EXECUTE format('DROP TABLE %I', existing.relname);
				change := 'dropped';
				partition_table := existing.relname;
				RETURN NEXT;
			END IF;
		END LOOP;
		DELETE FROM spend_logs_default WHERE start_time < cutoff;
	END IF;
END;
$$;
--> statement-breakpoint
SELECT "spend_logs_maintain_partitions"(NULL);
