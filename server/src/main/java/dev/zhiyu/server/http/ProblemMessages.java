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
            Map.entry("查询超时", "Query timed out"), Map.entry("图谱加载中", "Knowledge graph loading"), Map.entry("查询过多", "Too many queries"),
            Map.entry("查询被拒绝", "Query refused"), Map.entry("文档被拒绝", "Document refused"),
            Map.entry("租户已停用", "Tenant disabled"), Map.entry("参数无效", "Invalid parameter"),
            Map.entry("不支持的内容类型", "Unsupported content type"), Map.entry("名单无法导入", "Call list cannot be imported"), Map.entry("无法读取请求体", "Request body unreadable"), Map.entry("JSON 格式错误", "Malformed JSON"), Map.entry("JSON 超出限制", "JSON exceeds limits"), Map.entry("未知字段", "Unknown field"), Map.entry("字段类型错误", "Wrong field type"), Map.entry("不允许的地址", "Address not allowed"), Map.entry("取报告失败", "Report fetch failed"), Map.entry("文件为空", "Empty file"), Map.entry("无可撤销的标注", "No label to undo"), Map.entry("处理队列已满", "Processing queue full"), Map.entry("页面无法渲染", "Page cannot be rendered"), Map.entry("渲染繁忙", "Renderer busy"), Map.entry("快讯已发布", "Flash news already published"), Map.entry("快讯未通过核对", "Flash news failed its check"), Map.entry("快讯中有与报告不符的数字或措辞", "Flash news has figures or wording that differ from the report"));

    /** Whole messages written out in the source, word for word. */
    private static final Map<String, String> WHOLE = Map.ofEntries(
            Map.entry("FAQ 须以 YAML 或 JSON 上传（条目列表：id、questions、answer），并带相应的 Content-Type", "Upload the FAQ as YAML or JSON (a list of entries: id, questions, answer) with the matching Content-Type"),
            Map.entry("Webhook 需要 http(s) 地址和至少 16 个字符的签名密钥", "A webhook needs an http(s) address and a signing secret of at least 16 characters"),
            Map.entry("上传中断：请重新上传", "The upload was interrupted: upload again"),
            Map.entry("不能手工设为 PROVISIONING", "cannot be set to PROVISIONING by hand"),
            Map.entry("不能晚于 to", "must not be later than to"),
            Map.entry("原因不能超过 200 个字", "the reason must be at most 200 characters"),
            Map.entry("取报告被中断", "Fetching the report was interrupted"),
            Map.entry("等待数据库时被中断", "Interrupted while waiting for the database"),
            Map.entry("只支持 .csv 或 .xlsx 文件：请在 Excel 中另存为 .xlsx，或另存为 UTF-8 编码的 .csv 后重新上传", "only .csv and .xlsx files are accepted: in Excel save as .xlsx, or as UTF-8 .csv, and upload again"),
            Map.entry("只有主管或管理员可以接管通话", "Only a supervisor or an administrator can take a call over"),
            Map.entry("只能包含 0-9、* 和 #", "may contain only 0-9, * and #"),
            Map.entry("名单编号只能包含字母、数字、下划线和连字符（最多 64 个）", "a list id may contain only letters, digits, underscores and hyphens (at most 64)"),
            Map.entry("场景须以 YAML 上传，并带 Content-Type: application/yaml", "Upload the scenario as YAML with Content-Type: application/yaml"),
            Map.entry("已发布的快讯不能驳回", "A published flash news item cannot be rejected"),
            Map.entry("应为 0 到 1000 之间的正数（百分比或百分点）", "must be a positive number up to 1000 (percent or percentage points)"),
            Map.entry("应为 1 到 50 个地址", "must be 1 to 50 addresses"),
            Map.entry("应为 AUTO（通过核对则自动发布）或 REVIEW（全部人工审核）", "must be AUTO (published when it passes the check) or REVIEW (every item reviewed by hand)"),
            Map.entry("应为 csv、json 或 bods", "must be csv, json or bods"),
            Map.entry("应为 profile/ownership/controller/owners/up/down/related/chain/tags", "must be profile/ownership/controller/owners/up/down/related/chain/tags"),
            Map.entry("应为 tables 或 bods", "must be tables or bods"),
            Map.entry("应为 text 或 phone", "must be text or phone"),
            Map.entry("应为 up 或 down", "must be up or down"),
            Map.entry("应为六位股票代码列表", "must be a list of six-digit stock codes"),
            Map.entry("录音保留天数应在 1 到 3650 之间（不填表示永久保留）", "recordings are kept 1 to 3650 days (leave empty to keep them forever)"),
            Map.entry("录音文件不存在（可能已被删除）", "The recording file does not exist (it may have been deleted)"),
            Map.entry("投递目标不能为空", "the delivery target must not be empty"),
            Map.entry("文件是空的：请选择含有数据的 JSON 文件", "The file is empty: choose a JSON file with data"),
            Map.entry("文件是空的：请选择含有表头和号码的 CSV 或 XLSX 文件（未导入任何数据）", "The file is empty: choose a CSV or XLSX file with a header and numbers (nothing was imported)"),
            Map.entry("无法解析请求（如 multipart 表单不完整）：请重新上传", "The request cannot be parsed (e.g. an incomplete multipart form): upload again"),
            Map.entry("替换句必须是本报告的候选解释之一（原样复制），请从报告的候选解释中选择", "The replacement must be one of this report's candidate explanations, copied as it is: choose one of them"),
            Map.entry("服务正在停止，请稍后重新上传", "The service is stopping: upload again later"),
            Map.entry("未配置人工坐席：请设置任务的坐席队列或 zhiyu.telephony.agent.target", "No human agent is configured: set the task's agent queue or zhiyu.telephony.agent.target"),
            Map.entry("本服务器没有启用通话 FAQ", "This server has no call FAQ enabled"),
            Map.entry("本租户待处理的报告过多，请稍后再试", "This tenant has too many reports waiting: try again later"),
            Map.entry("查询不能超过 100 个字符", "the query must be at most 100 characters"),
            Map.entry("标题不能为空", "the title must not be empty"),
            Map.entry("正文不能为空", "the body must not be empty"),
            Map.entry("等待知识图谱加载时被中断，请重试", "Interrupted while waiting for the knowledge graph to load: try again"),
            Map.entry("缺少场景 id", "the scenario id is missing"),
            Map.entry("缺少文件：请用表单字段 file 上传", "No file: upload it in the form field file"),
            Map.entry("行业订阅的股票代码来自本租户的行业映射，不能另行列出", "an industry subscription takes its stock codes from the tenant's industry map: do not list them"),
            Map.entry("行业订阅需要行业名称（与本租户行业映射中的名称一致）", "an industry subscription needs the industry's name (as in the tenant's industry map)"),
            Map.entry("表头最多 1000 列", "the header may have at most 1000 columns"),
            Map.entry("该异常没有匹配到解释，无可接受；请用 sentence 指定解释它的候选句，或选择 reject", "No explanation was matched to this anomaly, so there is nothing to accept: name the explaining candidate in sentence, or choose reject"),
            Map.entry("请填写驳回原因", "give the reason for rejecting"),
            Map.entry("请指定 --tenant SLUG 或 --reference 之一", "give one of --tenant SLUG or --reference"),
            Map.entry("请求体不是 UTF-8 编码的 JSON：请以 UTF-8 编码发送", "The body is not UTF-8 JSON: send it encoded as UTF-8"),
            Map.entry("请求体为空", "The request body is empty"),
            Map.entry("请求体应为 JSON 对象", "The request body must be a JSON object"),
            Map.entry("请求被中断，请重试", "The request was interrupted: try again"),
            Map.entry("请用 ?name= 给出文件名", "give the file name as ?name="),
            Map.entry("请输入企业名称、简称、曾用名或代码", "enter a company's name, short name, former name or code"),
            Map.entry("请选择任务", "choose a task"),
            Map.entry("读取请求体失败", "Reading the request body failed"),
            Map.entry("这些标注不存在，或不是您本人所做，无法撤销", "These labels do not exist or are not yours, so they cannot be undone"),
            Map.entry("这条快讯已经发布", "This flash news item is already published"),
            Map.entry("这通电话没有可读取的录音", "This call has no readable recording"),
            Map.entry("这通电话没有录音", "This call has no recording"),
            Map.entry("通话已结束，无法接管", "The call has ended and cannot be taken over"),
            Map.entry("通话已被接管", "The call has already been taken over"),
            Map.entry("需要 1–500 个 {sessionId, turnIndex}", "needs 1–500 {sessionId, turnIndex}"),
            Map.entry("需要 1–500 个标注 id", "needs 1–500 label ids"),
            Map.entry("需要 sessionId 和 turnIndex", "needs sessionId and turnIndex"),
            Map.entry("驳回原因不能超过 200 个字符", "the reason for rejecting must be at most 200 characters"));

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
            "意图名「(.*)」不合法，应为小写字母开头的 \\[a-z0-9_\\]",
            "intent name “$1” is not valid: it must start with a lower-case letter and use only [a-z0-9_]",
            "槽位名「(.*)」不合法，应为小写字母开头的 \\[a-z0-9_\\]，最长 (\\d+) 个字符",
            "slot name “$1” is not valid: it must start with a lower-case letter, use only [a-z0-9_] and be at most $2 characters",
            "槽位 (\\S+) 的值应为 1–(\\d+) 个字符的话语原文片段", "the value of slot $1 must be 1–$2 characters of what the caller said",
            "每条话语的标注人数应在 1 到 (\\d+) 之间", "the annotators per turn must be 1 to $1",
            "没有会话 (\\S+) 的第 (\\d+) 轮来电话语", "there is no caller turn $2 in session $1",
            "没有会话 (\\S+)", "there is no session $1",
            "会话 (\\S+) 已结束", "session $1 has ended",
            "任务当前状态为 (\\S+)，不能(\\S+)", "the task is $1 and cannot be told to $2",
            "应为 start、pause、resume 或 stop", "must be start, pause, resume or stop",
            "没有任务 (\\S+)", "there is no task $1",
            "无法启动任务：(.*)", "the task cannot start: $1",
            "请先选择文件", "choose a file first",
            "图谱索引读入中 (\\d+)%，请稍候（约 (\\d+) 秒后重试）",
            "The knowledge graph's index is still being read ($1%): ask again in about $2 s",
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
        String whole = WHOLE.get(zh.strip());
        if (whole != null) {
            return whole;
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
