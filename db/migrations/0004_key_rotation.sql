ALTER TABLE `api_keys` ADD `rotated_from` text;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `first_used_at` integer;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `rotated_at` integer;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `rotation_ends_on_first_use` integer;