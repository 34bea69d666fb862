package dev.zhiyu.telephony.esl;

/** The three event serialisations of mod_event_socket, by envelope Content-Type. */
public enum EventFormat {
    PLAIN("text/event-plain"), JSON("text/event-json"), XML("text/event-xml");

    private final String contentType;

    EventFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static EventFormat ofContentType(String contentType) {
        for (EventFormat f : values()) {
            if (f.contentType.equals(contentType)) {
                return f;
            }
        }
        throw new EslProtocolException("不是事件帧: Content-Type=" + contentType);
    }
}
