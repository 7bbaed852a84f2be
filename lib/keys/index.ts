// API keys: the domain's entry point (user keys, account keys, their shared records and their inputs).
export * from "./account-keys";
export * from "./key-records";
export * from "./rotation";
export * from "./schemas";
export * from "./user-keys";
export * from "./limits";
export * from "./health";
