package dev.zhiyu.telephony;

import java.time.Instant;

/**
 * A call changed state: {@code dialling}, {@code answered}, {@code talking} (a new transcript line: the last bot and
 * caller lines), {@code unconfirmed} (its node's connection is down: whether it is still up is unknown until the
 * node is back, then it shows {@code answered} or {@code dialling} again, or ends), {@code takeover} (a supervisor transfers it to {@code transferredTo}), {@code ended} (then with its
 * disposition).
 */
public record CallState(String taskId, String callId, String leadId, String phone, int attempt, String state,
                        Instant at, Disposition disposition, String lastBot, String lastCaller, String transferredTo) {
}
