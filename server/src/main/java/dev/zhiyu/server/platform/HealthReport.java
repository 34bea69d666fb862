package dev.zhiyu.server.platform;

import java.util.Map;

/** Whether the platform database and each tenant database answer. */
public record HealthReport(boolean platformUp, Map<String, Boolean> tenantUp) {
    public boolean allUp() {
        return platformUp && tenantUp.values().stream().allMatch(Boolean::booleanValue);
    }
}
