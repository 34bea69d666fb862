package dev.zhiyu.telephony;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An outbound task: a call list, a scenario, when and how hard to dial.
 *
 * @param callerIds         the tenant's registered numbers; caller id is only ever taken from here
 * @param gateways          tried in order; a carrier fault moves the next attempt to the next gateway
 * @param perNumberDailyCap calls per number per day across all of the tenant's tasks
 * @param retryDelays       delay before the next attempt, per retryable disposition; absent = not retried
 */
public record TaskSpec(String id, String tenantId, String listId, String scenario, List<String> callerIds,
                       List<String> gateways, int maxConcurrent, int callsPerSecond, LocalTime windowStart,
                       LocalTime windowEnd, ZoneId zone, Set<LocalDate> holidays, int maxAttempts,
                       Map<Disposition, Duration> retryDelays, int perNumberDailyCap, int originateTimeoutSeconds) {

    public TaskSpec {
        callerIds = List.copyOf(callerIds);
        gateways = List.copyOf(gateways);
        holidays = Set.copyOf(holidays);
        retryDelays = Map.copyOf(retryDelays);
        if (callerIds.isEmpty() || gateways.isEmpty()) {
            throw new IllegalArgumentException("任务 " + id + " 需要至少一个主叫号码和一个网关");
        }
        if (maxConcurrent < 1 || callsPerSecond < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("任务 " + id + " 的并发数、每秒呼叫数和最大尝试次数必须大于 0");
        }
    }

    public static Map<Disposition, Duration> defaultRetryDelays() {
        return Map.of(Disposition.BUSY, Duration.ofMinutes(30), Disposition.NO_ANSWER, Duration.ofHours(2),
                Disposition.UNAVAILABLE, Duration.ofHours(1), Disposition.CARRIER_FAULT, Duration.ofMinutes(5),
                Disposition.GATEWAY_ERROR, Duration.ofMinutes(1), Disposition.INTERRUPTED, Duration.ofMinutes(10),
                Disposition.ABANDONED, Duration.ofHours(1), Disposition.MEDIA_FAILED, Duration.ofMinutes(30),
                Disposition.EARLY_HANGUP, Duration.ofHours(4));
    }

    /** Default 09:00–20:00 calling window. */
    public boolean inWindow(java.time.Instant now) {
        var local = now.atZone(zone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        LocalTime t = local.toLocalTime();
        return !t.isBefore(windowStart) && t.isBefore(windowEnd);
    }
}
