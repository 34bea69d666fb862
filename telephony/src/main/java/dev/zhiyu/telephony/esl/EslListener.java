package dev.zhiyu.telephony.esl;

/** Receives what FreeSWITCH pushes, on the connection's dispatcher thread (never the socket reader). */
public interface EslListener {

    void onEvent(EslEvent event);

    default void onDisconnectNotice(EslFrame notice) {
    }

    /** The connection is gone (FreeSWITCH restarted, network dropped, or we closed it). */
    default void onClosed(Exception cause) {
    }

    default void onListenerError(RuntimeException e) {
    }
}
