package dev.zhiyu.telephony;

import java.util.Map;

/**
 * Sends the text message a dialog asked for ({@code SendSms} action, e.g. an account-opening link) after the call.
 * Implementations rate-limit and keep an outbox; none talks to a real SMS gateway here.
 */
public interface SmsSender {

    /** One message: the template the dialog named, the lead's variables to fill it, and the call it came from. */
    record Request(String tenantId, String taskId, String callId, String leadId, String phone, String template,
                   Map<String, String> variables) {
        public Request {
            variables = Map.copyOf(variables);
        }
    }

    enum Status { QUEUED, RATE_LIMITED, REJECTED }

    /** What became of a request; {@code reason} says why when it was not queued. */
    record Result(Status status, String id, String reason) {
    }

    Result send(Request request);

    /** No sender configured: every request is refused, and the call record says so. */
    static SmsSender none() {
        return r -> new Result(Status.REJECTED, null, "未配置短信发送");
    }
}
