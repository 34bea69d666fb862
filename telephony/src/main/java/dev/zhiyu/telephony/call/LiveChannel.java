package dev.zhiyu.telephony.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;

/**
 * A channel as {@code uuid_dump <uuid> json} reports it: the owner variables set at originate and whether (and when)
 * it was answered.
 */
public record LiveChannel(String uuid, String tenantId, String taskId, String leadId, boolean answered,
                          Instant answeredAt, String gateway) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the channel carries these owner variables (the lead id as it went into the originate). */
    public boolean ownedBy(String tenantId, String taskId, String leadId) {
        return tenantId.equals(this.tenantId) && taskId.equals(this.taskId) && leadId.equals(this.leadId);
    }

    static LiveChannel fromDump(String uuid, String json) throws IOException {
        JsonNode j = JSON.readTree(json);
        long answeredMicros = j.path("Caller-Channel-Answered-Time").asLong(0);
        boolean answered = "answered".equals(j.path("Answer-State").asText())
                || "ACTIVE".equals(j.path("Channel-Call-State").asText());
        return new LiveChannel(uuid, j.path("variable_tenant_id").asText(null), j.path("variable_task_id").asText(null),
                j.path("variable_lead_id").asText(null), answered,
                answeredMicros > 0 ? Instant.ofEpochSecond(answeredMicros / 1_000_000, answeredMicros % 1_000_000 * 1000) : null,
                j.path("variable_sip_gateway_name").asText(null));
    }
}
