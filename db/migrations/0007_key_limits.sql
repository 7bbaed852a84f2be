CREATE TABLE `key_usage_access` (
	`key_id` text NOT NULL,
	`day` text NOT NULL,
	`resource` text NOT NULL,
	`access` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`key_id`, `day`, `resource`, `access`),
	FOREIGN KEY (`key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `api_keys` ADD `permissions` text;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `rate_limit` integer;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `rate_limit_window` integer;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `allowed_ips` text;