package dev.zhiyu.telephony;

import java.time.Instant;

/** A task as stored: its definition, display name, status and pacing. */
public record StoredTask(TaskSpec spec, String name, TaskStatus status, Instant createdAt, Pacing pacing) {

    public boolean predictive() {
        return pacing.predictive();
    }

    /** The mod_callcenter queue a predictive task transfers answered calls to; null otherwise. */
    public String agentQueue() {
        return pacing.agentQueue();
    }
}
