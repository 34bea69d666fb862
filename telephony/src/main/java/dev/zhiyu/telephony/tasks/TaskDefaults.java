package dev.zhiyu.telephony.tasks;

import java.time.LocalTime;

/** What a task gets for each setting its request leaves out; forms show these so they never disagree with the API. */
public record TaskDefaults(String scenario, LocalTime windowStart, LocalTime windowEnd, int maxConcurrent,
                           int callsPerSecond, int maxAttempts, int perNumberDailyCap, int originateTimeoutSeconds) {
    public static final TaskDefaults STANDARD = new TaskDefaults("account-opening-callback", LocalTime.of(9, 0),
            LocalTime.of(20, 0), 10, 5, 3, 2, 30);
}
