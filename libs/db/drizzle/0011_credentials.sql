CREATE TABLE "credentials" (
	"credential_name" text PRIMARY KEY NOT NULL,
	"credential_values" text NOT NULL,
	"credential_info" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"updated_by" text
);
