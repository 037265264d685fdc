CREATE TABLE "staff_sign_in_throttle" (
	"email" varchar(255) NOT NULL,
	"address" varchar(64) NOT NULL,
	"failures" integer NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pk_staff_sign_in_throttle" PRIMARY KEY("email","address"),
	CONSTRAINT "ck_staff_sign_in_throttle_failures" CHECK (failures >= 0)
);
