package dev.zhiyu.telephony.esl;

/** The peer sent something that is not ESL (or exceeds our limits); the connection must be dropped. */
public final class EslProtocolException extends RuntimeException {
    public EslProtocolException(String message) {
        super(message);
    }
}
