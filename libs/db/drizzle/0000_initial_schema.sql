CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"actor_key_hash" text,
	"action" text NOT NULL,
	"table_name" text NOT NULL,
	"object_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"id" text PRIMARY KEY NOT NULL,
	"max_budget" numeric(20, 10),
	"soft_budget" numeric(20, 10),
	"budget_duration" text,
	"budget_reset_at" timestamp with time zone,
	"max_parallel_requests" integer,
	"tpm_limit" bigint,
	"rpm_limit" bigint,
	"model_max_budget" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"alias" text,
	"blocked" boolean DEFAULT false NOT NULL,
	"budget_id" text,
	"spend" numeric(20, 10) DEFAULT '0' NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "daily_spend" (
	"day" date NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"model" text NOT NULL,
	"spend" numeric(20, 10) DEFAULT '0' NOT NULL,
	"prompt_tokens" bigint DEFAULT 0 NOT NULL,
	"completion_tokens" bigint DEFAULT 0 NOT NULL,
	"total_tokens" bigint DEFAULT 0 NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"successes" bigint DEFAULT 0 NOT NULL,
	"failures" bigint DEFAULT 0 NOT NULL,
	"cache_hits" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_spend_day_entity_type_entity_id_model_pk" PRIMARY KEY("day","entity_type","entity_id","model"),
	CONSTRAINT "daily_spend_entity_type_check" CHECK ("daily_spend"."entity_type" in ('global', 'organization', 'team', 'user', 'key', 'customer'))
);
--> statement-breakpoint
CREATE TABLE "deleted_keys" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"key_name" text NOT NULL,
	"alias" text,
	"user_id" text,
	"team_id" text,
	"organization_id" text,
	"spend" numeric(20, 10) NOT NULL,
	"snapshot" jsonb NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_by" text
);
--> statement-breakpoint
CREATE TABLE "keys" (
	"hash" text PRIMARY KEY NOT NULL,
	"key_name" text NOT NULL,
	"alias" text,
	"spend" numeric(20, 10) DEFAULT '0' NOT NULL,
	"model_spend" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"expires_at" timestamp with time zone,
	"models" text[] DEFAULT '{}' NOT NULL,
	"aliases" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"user_id" text,
	"team_id" text,
	"organization_id" text,
	"max_budget" numeric(20, 10),
	"soft_budget" numeric(20, 10),
	"budget_duration" text,
	"budget_reset_at" timestamp with time zone,
	"max_parallel_requests" integer,
	"tpm_limit" bigint,
	"rpm_limit" bigint,
	"model_max_budget" jsonb,
	"budget_id" text,
	"blocked" boolean DEFAULT false NOT NULL,
	"allowed_routes" text[] DEFAULT '{}' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_active_at" timestamp with time zone,
	"auto_rotate" boolean DEFAULT false NOT NULL,
	"rotation_interval" text,
	"rotation_count" integer DEFAULT 0 NOT NULL,
	"last_rotated_at" timestamp with time zone,
	"next_rotation_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"updated_by" text,
	CONSTRAINT "keys_hash_is_sha256" CHECK ("keys"."hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "organization_memberships" (
	"organization_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text DEFAULT 'internal_user' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organization_memberships_organization_id_user_id_pk" PRIMARY KEY("organization_id","user_id"),
	CONSTRAINT "organization_memberships_role_check" CHECK ("organization_memberships"."role" in ('org_admin', 'internal_user', 'internal_user_viewer'))
);
--> statement-breakpoint
CREATE TABLE "team_memberships" (
	"team_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text DEFAULT 'user' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_memberships_team_id_user_id_pk" PRIMARY KEY("team_id","user_id"),
	CONSTRAINT "team_memberships_role_check" CHECK ("team_memberships"."role" in ('admin', 'user'))
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" text PRIMARY KEY NOT NULL,
	"model_name" text NOT NULL,
	"params" jsonb NOT NULL,
	"credentials" text,
	"model_info" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"alias" text NOT NULL,
	"budget_id" text,
	"models" text[] DEFAULT '{}' NOT NULL,
	"spend" numeric(20, 10) DEFAULT '0' NOT NULL,
	"model_spend" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_entity_type_check" CHECK ("outbox"."entity_type" in ('budget', 'organization', 'team', 'user', 'key', 'customer', 'model')),
	CONSTRAINT "outbox_action_check" CHECK ("outbox"."action" in ('insert', 'update', 'delete'))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text PRIMARY KEY NOT NULL,
	"alias" text,
	"organization_id" text,
	"models" text[] DEFAULT '{}' NOT NULL,
	"max_budget" numeric(20, 10),
	"soft_budget" numeric(20, 10),
	"budget_duration" text,
	"budget_reset_at" timestamp with time zone,
	"max_parallel_requests" integer,
	"tpm_limit" bigint,
	"rpm_limit" bigint,
	"model_max_budget" jsonb,
	"budget_id" text,
	"spend" numeric(20, 10) DEFAULT '0' NOT NULL,
	"model_spend" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"blocked" boolean DEFAULT false NOT NULL,
	"model_aliases" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text,
	"alias" text,
	"role" text DEFAULT 'internal_user' NOT NULL,
	"password_hash" text,
	"models" text[] DEFAULT '{}' NOT NULL,
	"max_budget" numeric(20, 10),
	"soft_budget" numeric(20, 10),
	"budget_duration" text,
	"budget_reset_at" timestamp with time zone,
	"max_parallel_requests" integer,
	"tpm_limit" bigint,
	"rpm_limit" bigint,
	"model_max_budget" jsonb,
	"budget_id" text,
	"spend" numeric(20, 10) DEFAULT '0' NOT NULL,
	"model_spend" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"updated_by" text,
	CONSTRAINT "users_role_check" CHECK ("users"."role" in ('proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer'))
);
--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keys" ADD CONSTRAINT "keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keys" ADD CONSTRAINT "keys_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keys" ADD CONSTRAINT "keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keys" ADD CONSTRAINT "keys_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_memberships" ADD CONSTRAINT "organization_memberships_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_memberships" ADD CONSTRAINT "organization_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_memberships" ADD CONSTRAINT "team_memberships_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_memberships" ADD CONSTRAINT "team_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_object_idx" ON "audit_log" USING btree ("table_name","object_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "daily_spend_entity_day_idx" ON "daily_spend" USING btree ("entity_type","entity_id","day");--> statement-breakpoint
CREATE INDEX "deleted_keys_hash_idx" ON "deleted_keys" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "deleted_keys_team_id_idx" ON "deleted_keys" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "deleted_keys_deleted_at_idx" ON "deleted_keys" USING btree ("deleted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "keys_alias_key" ON "keys" USING btree ("alias");--> statement-breakpoint
CREATE INDEX "keys_user_id_idx" ON "keys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "keys_team_id_idx" ON "keys" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "keys_organization_id_idx" ON "keys" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "organization_memberships_user_id_idx" ON "organization_memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "team_memberships_user_id_idx" ON "team_memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "models_model_name_idx" ON "models" USING btree ("model_name");--> statement-breakpoint
CREATE INDEX "organizations_alias_idx" ON "organizations" USING btree ("alias");--> statement-breakpoint
CREATE INDEX "outbox_created_at_idx" ON "outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_at_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "teams_alias_idx" ON "teams" USING btree ("alias");--> statement-breakpoint
CREATE INDEX "teams_organization_id_idx" ON "teams" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_alias_idx" ON "users" USING btree ("alias");