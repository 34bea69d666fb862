package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.TaskSpec;

import java.time.Instant;

/**
 * One call attempt this process follows: a new originate, or one re-attached after a restart.
 *
 * @param number         the lead's attempt number (1 for the first)
 * @param gatewayIndex   the task's gateway the lead is due on (a carrier fault moves it on)
 * @param answeredBefore a re-attached call answered before this process took it over
 */
record Attempt(TaskSpec task, Lead lead, int number, String callId, int gatewayIndex, Instant originatedAt,
               boolean answeredBefore) {

    /** The originate of a lead's call, carrying the owner variables a restarted dialer recognises it by. */
    static OriginateRequest request(TaskSpec task, Lead lead, String callId, String gateway, String callerId) {
        return new OriginateRequest(callId, gateway, lead.dial(), callerId, task.originateTimeoutSeconds(),
                task.tenantId(), task.id(), ownerLeadId(lead.id()));
    }

    /** The lead id as it goes into the channel variables (and so as FreeSWITCH reports it back). */
    static String ownerLeadId(String leadId) {
        return leadId.replaceAll("[^A-Za-z0-9_.:@+\\-/]", "_");
    }
}
