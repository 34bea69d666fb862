package dev.zhiyu.telephony.tasks;

import dev.zhiyu.dialog.Scenario;
import dev.zhiyu.telephony.CallLists;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Pacing;
import dev.zhiyu.telephony.StoredTask;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStore;
import dev.zhiyu.telephony.TelephonyException;
import dev.zhiyu.telephony.lists.PhoneNumbers;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns a {@link TaskRequest} into a stored task (status CREATED); each refusal names its field. */
public final class TaskPlanner {

    /**
     * What a tenant's tasks are planned against.
     *
     * @param scenarios the tenant's scenarios, each with the variables its calls need from the list ({@link ListFit});
     *                  null accepts any scenario and any list
     * @param callerIds the caller numbers the tenant may present
     * @param region    the home region, for reading caller numbers
     */
    public record Context(String tenantId, ZoneId zone, List<String> gateways, String region,
                          Map<String, List<Scenario.Variable>> scenarios, List<String> callerIds) {
    }

    private final TaskStore tasks;
    private final CallLists lists;

    public TaskPlanner(TaskStore tasks, CallLists lists) {
        this.tasks = tasks;
        this.lists = lists;
    }

    public StoredTask create(Context c, TaskRequest in) {
        checkList(in.listId());
        String scenario = in.scenario() == null ? TaskDefaults.STANDARD.scenario() : in.scenario();
        if (c.scenarios() != null && !c.scenarios().containsKey(scenario)) {
            throw TelephonyException.invalid("scenario", "没有场景 " + scenario + "；可用的有 " + new TreeSet<>(c.scenarios().keySet()));
        }
        TaskDefaults d = TaskDefaults.STANDARD;
        LocalTime start = time("windowStart", in.windowStart(), d.windowStart());
        LocalTime end = "24:00".equals(in.windowEnd()) ? LocalTime.MAX : time("windowEnd", in.windowEnd(), d.windowEnd());
        if (!start.isBefore(end)) {
            throw TelephonyException.invalid("windowEnd", "呼叫时段结束时间须晚于开始时间");
        }
        ZoneId zone = zone(in.timeZone(), c.zone());
        Set<LocalDate> holidays = holidays(in.holidays());
        int maxConcurrent = range("maxConcurrent", in.maxConcurrent(), d.maxConcurrent(), 1, 1000);
        int cps = range("callsPerSecond", in.callsPerSecond(), d.callsPerSecond(), 1, 200);
        int maxAttempts = range("maxAttempts", in.maxAttempts(), d.maxAttempts(), 1, 10);
        int cap = range("perNumberDailyCap", in.perNumberDailyCap(), d.perNumberDailyCap(), 1, 20);
        int timeout = range("originateTimeoutSeconds", in.originateTimeoutSeconds(), d.originateTimeoutSeconds(), 5, 120);
        Map<Disposition, Duration> retries = retries(in.retryMinutes());
        List<String> callerIds = callerIds(in.callerIds(), c);
        String name = in.name() == null || in.name().isBlank() ? "外呼任务" : in.name().strip();
        if (name.length() > 200) {
            throw TelephonyException.invalid("name", "不能超过 200 个字符");
        }
        Pacing pacing = Pacing.parse(in.pacing(), in.agentQueue());
        if (!pacing.predictive()) {
            checkFit(c, scenario, in.listId()); // last: it reads the whole list
        }
        String id = Ids.next("t");
        tasks.createTask(new TaskSpec(id, c.tenantId(), in.listId(), scenario, callerIds, c.gateways(), maxConcurrent, cps,
                start, end, zone, holidays, maxAttempts, retries, cap, timeout), name, pacing);
        return tasks.storedTask(id).orElseThrow();
    }

    /**
     * Refuses to set {@code task} dialling when its list does not fit its scenario (any more: the list may have been
     * appended to since the task was created). A predictive task is not checked: its answered calls go to agents, the
     * robot says nothing, so the scenario's variables are never used.
     */
    public void checkFit(Context c, StoredTask task) {
        if (task.predictive()) {
            return;
        }
        if (c.scenarios() != null && !c.scenarios().containsKey(task.spec().scenario())) {
            throw TelephonyException.invalid("scenario", "任务的场景 " + task.spec().scenario() + " 已不存在；可用的有 "
                    + new TreeSet<>(c.scenarios().keySet()) + "。请用现有场景新建任务");
        }
        checkFit(c, task.spec().scenario(), task.spec().listId());
    }

    private void checkFit(Context c, String scenario, String listId) {
        if (c.scenarios() != null) {
            ListFit.check(scenario, c.scenarios().get(scenario), listId, lists);
        }
    }

    private void checkList(String listId) {
        CallLists.StoredList list = listId == null ? null : lists.list(listId).orElse(null);
        if (list == null) {
            throw TelephonyException.invalid("listId", "没有名单 " + listId);
        }
        if (list.leads() == 0) {
            throw TelephonyException.invalid("listId", "名单 " + listId + " 中没有可拨打的号码");
        }
    }

    private static ZoneId zone(String timeZone, ZoneId dflt) {
        try {
            return timeZone == null ? dflt : ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            throw TelephonyException.invalid("timeZone", "不是有效的时区，例如 Asia/Shanghai");
        }
    }

    private static Set<LocalDate> holidays(List<String> days) {
        Set<LocalDate> out = new HashSet<>();
        List<String> hs = days == null ? List.of() : days;
        for (int i = 0; i < hs.size(); i++) {
            try {
                out.add(LocalDate.parse(hs.get(i)));
            } catch (RuntimeException e) {
                throw TelephonyException.invalid("holidays[" + i + "]", "日期应形如 2026-10-01");
            }
        }
        return out;
    }

    private static Map<Disposition, Duration> retries(Map<String, Integer> minutes) {
        Map<Disposition, Duration> retries = new EnumMap<>(Disposition.class);
        retries.putAll(TaskSpec.defaultRetryDelays());
        if (minutes == null) {
            return retries;
        }
        for (Map.Entry<String, Integer> e : minutes.entrySet()) {
            String field = "retryMinutes." + e.getKey();
            Disposition d;
            try {
                d = Disposition.valueOf(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw TelephonyException.invalid(field, "不是呼叫结果；可重试的有 BUSY、NO_ANSWER、UNAVAILABLE、CARRIER_FAULT、GATEWAY_ERROR、INTERRUPTED、ABANDONED、EARLY_HANGUP、MEDIA_FAILED");
            }
            if (!d.retryable()) {
                throw TelephonyException.invalid(field, d.label() + " 不允许重拨");
            }
            retries.put(d, Duration.ofMinutes(range(field, e.getValue(), 30, 1, 7 * 24 * 60)));
        }
        return retries;
    }

    /** The requested caller numbers (all the tenant may present when none); only the tenant's own are accepted. */
    private static List<String> callerIds(List<String> requested, Context c) {
        if (requested == null || requested.isEmpty()) {
            return c.callerIds();
        }
        List<String> callerIds = requested.stream().map(n -> PhoneNumbers.normaliseOrRaw(n, c.region())).toList();
        for (int i = 0; i < callerIds.size(); i++) {
            if (!c.callerIds().contains(callerIds.get(i))) {
                throw TelephonyException.invalid("callerIds[" + i + "]", "主叫号码只能用本租户登记的号码 " + c.callerIds());
            }
        }
        return callerIds;
    }

    private static LocalTime time(String field, String v, LocalTime dflt) {
        if (v == null) {
            return dflt;
        }
        try {
            return LocalTime.parse(v);
        } catch (RuntimeException e) {
            throw TelephonyException.invalid(field, "时间应形如 09:00");
        }
    }

    private static int range(String field, Integer v, int dflt, int min, int max) {
        if (v == null) {
            return dflt;
        }
        if (v < min || v > max) {
            throw TelephonyException.invalid(field, "应在 " + min + " 到 " + max + " 之间");
        }
        return v;
    }
}
