package dev.zhiyu.telephony;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One outbound leg: {@code bgapi originate {vars}sofia/gateway/<gateway>/<number> &park()}.
 * Values go inside FreeSWITCH's {@code {}} variable block, so they are restricted to a safe alphabet.
 */
public record OriginateRequest(String uuid, String gateway, String number, String callerIdNumber,
                               int timeoutSeconds, String tenantId, String taskId, String leadId) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:@+\\-/]*");

    public OriginateRequest {
        for (String[] kv : new String[][]{{"uuid", uuid}, {"gateway", gateway}, {"number", number},
                {"callerIdNumber", callerIdNumber}, {"tenantId", tenantId}, {"taskId", taskId}, {"leadId", leadId}}) {
            requireSafe(kv[0], kv[1]);
        }
    }

    private static void requireSafe(String field, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("外呼参数 " + field + " 含非法字符: " + value);
        }
    }

    /**
     * The command after {@code bgapi}, variables in a stable order (as in the captured originate), plus
     * {@code switchVariables} — the one way to add a variable: values are single-quoted, as FreeSWITCH's argument
     * tokenizer keeps a quoted run in one argument (API commands the switch runs itself hold spaces) and strips the
     * quotes. Such a value may hold no quote, comma, brace or line break.
     */
    public String command(Map<String, String> switchVariables) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("origination_uuid", uuid);
        v.put("tenant_id", tenantId);
        v.put("task_id", taskId);
        v.put("lead_id", leadId);
        v.put("ignore_early_media", "true"); // Chinese carriers answer dead numbers with 183 + announcement
        v.put("originate_timeout", Integer.toString(timeoutSeconds));
        v.put("origination_caller_id_number", callerIdNumber);
        v.put("origination_caller_id_name", callerIdNumber);
        // the switch keeps how the call ended, for a restarted dialer to read (call.SwitchRecord explains the syntax)
        v.put("origination_nested_vars", "true");
        v.put("api_hangup_hook", "hash::insert/zhiyu_calls/" + uuid + "/${hangup_cause}|${answer_epoch}|${billsec}");
        switchVariables.forEach((k, val) -> {
            requireSafe(k, k);
            if (val.chars().anyMatch(ch -> ch == '\'' || ch == ',' || ch == '{' || ch == '}' || ch < ' ')) {
                throw new IllegalArgumentException("外呼参数 " + k + " 含非法字符: " + val);
            }
            v.put(k, "'" + val + "'");
        });
        StringBuilder sb = new StringBuilder("originate {");
        v.forEach((k, val) -> sb.append(k).append('=').append(val).append(','));
        sb.setLength(sb.length() - 1);
        return sb.append("}sofia/gateway/").append(gateway).append('/').append(number).append(" &park()").toString();
    }
}
