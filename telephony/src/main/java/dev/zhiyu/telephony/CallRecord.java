package dev.zhiyu.telephony;

import java.time.Instant;
import java.util.List;

/**
 * Everything known about one attempt. Times are null when the step did not happen.
 *
 * @param transcript alternating "机器人: …" / "客户: …" lines
 */
public record CallRecord(String callId, String tenantId, String taskId, String leadId, int attempt, String phone,
                         String gateway, Instant originatedAt, Instant answeredAt, Instant hungUpAt,
                         String hangupCause, String sipStatus, Disposition disposition, long talkSeconds,
                         String recordingPath, List<String> transcript, String outcome, String transferredTo) {
    public CallRecord {
        transcript = List.copyOf(transcript);
    }
}
