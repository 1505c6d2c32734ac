CREATE TABLE "proxy_config" (
	"param_name" text PRIMARY KEY NOT NULL,
	"param_value" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_entity_type_check";--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "member_permissions" text[];--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_entity_type_check" CHECK ("outbox"."entity_type" in ('budget', 'organization', 'team', 'user', 'key', 'customer', 'model', 'config'));