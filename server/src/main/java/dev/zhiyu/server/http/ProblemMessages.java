package dev.zhiyu.server.http;

import dev.zhiyu.server.labels.Lang;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The English of the server's problem messages. Messages are written in Chinese where they arise; a request in English
 * gets each title, and each detail and field message this catalogue knows, in English (the common refusals and every
 * message the console's main pages show). A message it does not know stays Chinese rather than being half-translated.
 */
final class ProblemMessages {
    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("未找到", "Not found"), Map.entry("未认证", "Not signed in"), Map.entry("输入无效", "Invalid input"),
            Map.entry("冲突", "Conflict"), Map.entry("状态冲突", "Conflict"), Map.entry("服务暂不可用", "Service unavailable"),
            Map.entry("请求体过大", "Request body too large"), Map.entry("方法不允许", "Method not allowed"),
            Map.entry("请求无法处理", "Request cannot be processed"), Map.entry("服务器内部错误", "Internal server error"),
            Map.entry("请求格式错误", "Malformed request"), Map.entry("登录失败", "Sign-in failed"),
            Map.entry("登录尝试过多", "Too many sign-in attempts"), Map.entry("无权操作", "Not allowed"),
            Map.entry("请求过多", "Too many requests"), Map.entry("服务繁忙", "Server busy"),
            Map.entry("请求来源校验失败", "Request origin check failed"), Map.entry("模型文件损坏", "Model file corrupt"),
            Map.entry("判断不足", "Not enough judgments"), Map.entry("场景无效", "Invalid scenario"),
            Map.entry("查询超时", "Query timed out"), Map.entry("查询过多", "Too many queries"),
            Map.entry("查询被拒绝", "Query refused"), Map.entry("文档被拒绝", "Document refused"),
            Map.entry("租户已停用", "Tenant disabled"), Map.entry("参数无效", "Invalid parameter"),
            Map.entry("不支持的内容类型", "Unsupported content type"));

    /** Chinese message (a whole-message pattern) → English with {@code $n} groups; first match wins. */
    private static final Map<Pattern, String> DETAILS = details(
            "不能为空", "must not be empty",
            "应在 (-?\\d+) 到 (-?\\d+) 之间", "must be between $1 and $2",
            "应为 (-?\\d+) 到 (-?\\d+) 之间的整数", "must be a whole number from $1 to $2",
            "呼叫时段结束时间须晚于开始时间", "the calling window must end after it starts",
            "时间应形如 09:00", "times look like 09:00 (HH:MM)",
            "不能超过 (\\d+) 个字符", "must be at most $1 characters",
            "没有名单 (\\S+)", "there is no call list $1",
            "名单 (\\S+) 中没有可拨打的号码", "call list $1 has no number that can be dialled",
            "没有场景 (\\S+)；可用的有 (.*)", "there is no scenario $1; available: $2",
            "不是有效的时区，例如 Asia/Shanghai", "not a valid time zone, e.g. Asia/Shanghai",
            "日期应形如 2026-10-01", "dates look like 2026-10-01",
            "租户、用户名或密码不正确", "Tenant, user name or password is wrong",
            "登录失败次数过多，请 (\\d+) 秒后再试", "Too many failed sign-ins: try again in $1 s",
            "登录失败次数过多，请 (\\d+) 分钟后再试", "Too many failed sign-ins: try again in $1 min",
            "该租户已被停用，数据保留；请联系平台管理员启用",
            "This tenant is disabled (its data is kept): ask the platform administrator to enable it",
            "缺少有效凭据：.*", "No valid credentials: send an API key in an Authorization: Bearer or X-API-Key header, or sign in",
            "当前角色（(.+)）不能执行此操作；需要以下角色之一：(.*)", "Your role ($1) cannot do this; it needs one of: $2",
            "控制台会话发起的修改请求须带请求头 (.*)", "Changes from a console session must carry the header $1",
            "本租户并发请求已达上限 (\\d+)，请稍后重试", "This tenant already has $1 requests in flight: try again shortly",
            "没有这个地址：(.*)", "No such address: $1",
            "没有这个地址", "No such address",
            "此地址不支持该方法", "This address does not support that method",
            "请求体不能超过 (\\d+) 字节", "The request body must not exceed $1 bytes",
            "服务器出错了；请把事件编号 (\\S+) 告诉管理员", "Server error: tell the administrator the incident id $1",
            "请求体须为 JSON，并带 Content-Type: application/json", "The body must be JSON, sent with Content-Type: application/json",
            "无法连接服务器，请检查网络后重试", "Cannot reach the server: check the network and try again",
            "号码无效: (.*)", "invalid number: $1",
            "号码格式错误: (.*)", "malformed number: $1",
            "号码为空", "the number is empty",
            "没有会话 (\\S+)", "there is no session $1",
            "会话 (\\S+) 已结束", "session $1 has ended",
            "任务当前状态为 (\\S+)，不能(\\S+)", "the task is $1 and cannot be told to $2",
            "应为 start、pause、resume 或 stop", "must be start, pause, resume or stop",
            "没有任务 (\\S+)", "there is no task $1",
            "无法启动任务：(.*)", "the task cannot start: $1",
            "请先选择文件", "choose a file first",
            "文本中含有数据库无法保存的字符（如空字符 U\\+0000）：请删除后重试",
            "The text holds a character the database cannot store (such as U+0000): remove it and try again");

    /** Task states and verbs that the patterns above capture, in English. */
    private static final Map<String, String> WORDS = Map.ofEntries(Map.entry("未开始", "not started"),
            Map.entry("进行中", "running"), Map.entry("已暂停", "paused"), Map.entry("已停止", "stopped"),
            Map.entry("已完成", "completed"), Map.entry("开始", "start"), Map.entry("暂停", "pause"),
            Map.entry("继续", "resume"), Map.entry("停止", "stop"), Map.entry("管理员", "administrator"),
            Map.entry("运营", "operator"), Map.entry("坐席主管", "supervisor"), Map.entry("研究员", "researcher"));

    private ProblemMessages() {
    }

    static Problem in(Problem p, Lang lang) {
        if (lang != Lang.EN) {
            return p;
        }
        List<Problem.FieldError> errors = p.errors() == null ? null : p.errors().stream()
                .map(e -> new Problem.FieldError(e.field(), message(e.message()))).toList();
        return new Problem(p.type(), TITLES.getOrDefault(p.title(), p.title()), p.status(), detail(p.detail()),
                p.instance(), p.code(), errors);
    }

    /** A detail may be {@code field：message} (one field's problem): the message part is translated. */
    static String detail(String detail) {
        if (detail == null) {
            return null;
        }
        String whole = message(detail);
        if (!whole.equals(detail)) {
            return whole;
        }
        int colon = detail.indexOf('：');
        if (colon > 0 && detail.substring(0, colon).matches("[A-Za-z_.\\[\\]0-9 ]+")) {
            return detail.substring(0, colon) + ": " + message(detail.substring(colon + 1));
        }
        return detail;
    }

    static String message(String zh) {
        if (zh == null) {
            return null;
        }
        for (var e : DETAILS.entrySet()) {
            Matcher m = e.getKey().matcher(zh.strip());
            if (m.matches()) {
                StringBuilder out = new StringBuilder();
                Matcher groups = Pattern.compile("\\$(\\d)").matcher(e.getValue());
                while (groups.find()) {
                    String g = m.group(Integer.parseInt(groups.group(1)));
                    groups.appendReplacement(out, Matcher.quoteReplacement(WORDS.getOrDefault(g, g)));
                }
                groups.appendTail(out);
                return out.toString();
            }
        }
        return zh;
    }

    private static Map<Pattern, String> details(String... pairs) {
        Map<Pattern, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(Pattern.compile(pairs[i]), pairs[i + 1]);
        }
        return out;
    }
}
