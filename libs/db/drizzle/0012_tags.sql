CREATE TABLE "tags" (
	"name" text PRIMARY KEY NOT NULL,
	"description" text,
	"models" text[] DEFAULT '{}' NOT NULL,
	"budget_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_entity_type_check";--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_entity_type_check" CHECK ("outbox"."entity_type" in ('budget', 'organization', 'team', 'user', 'key', 'customer', 'model', 'config', 'tag'));