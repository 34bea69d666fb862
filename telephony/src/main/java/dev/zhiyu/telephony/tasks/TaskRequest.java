package dev.zhiyu.telephony.tasks;

import java.util.List;
import java.util.Map;

/** Everything a task is created from; nulls take the defaults. */
public record TaskRequest(String name, String listId, String scenario, String windowStart, String windowEnd,
                          String timeZone, List<String> holidays, Integer maxConcurrent, Integer callsPerSecond,
                          Integer maxAttempts, Integer perNumberDailyCap, Integer originateTimeoutSeconds,
                          Map<String, Integer> retryMinutes, List<String> callerIds, String pacing,
                          String agentQueue) {
    public TaskRequest(String name, String listId, String scenario, String windowStart, String windowEnd,
                       String timeZone, List<String> holidays, Integer maxConcurrent, Integer callsPerSecond,
                       Integer maxAttempts, Integer perNumberDailyCap, Integer originateTimeoutSeconds,
                       Map<String, Integer> retryMinutes, List<String> callerIds) {
        this(name, listId, scenario, windowStart, windowEnd, timeZone, holidays, maxConcurrent, callsPerSecond,
                maxAttempts, perNumberDailyCap, originateTimeoutSeconds, retryMinutes, callerIds, null, null);
    }
}
