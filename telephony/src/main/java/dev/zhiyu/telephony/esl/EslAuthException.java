package dev.zhiyu.telephony.esl;

import java.io.IOException;

/** FreeSWITCH answered {@code -ERR invalid} to our password. Retrying will not help. */
public final class EslAuthException extends IOException {
    public EslAuthException(String message) {
        super(message);
    }
}
