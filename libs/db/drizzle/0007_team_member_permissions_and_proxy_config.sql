CREATE TABLE "proxy_config" (
	"param_name" text PRIMARY KEY NOT NULL,
	"param_value" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "member_permissions" text[];