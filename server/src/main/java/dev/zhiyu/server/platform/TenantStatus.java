package dev.zhiyu.server.platform;

/** PROVISIONING exists only while a tenant's database is being created; start-up removes any left by a crash. */
public enum TenantStatus { PROVISIONING, ACTIVE, DISABLED }
