package dev.zhiyu.telephony.tasks;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.StoredTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Dialled, answered, completed, transferred, outcome mix and the conversion funnel of a task. */
public final class TaskStats {

    private TaskStats() {
    }

    /** @param leads the size of the task's list */
    public static Map<String, Object> of(StoredTask task, long leads, List<CallRecord> records) {
        Map<String, Long> dispositions = new LinkedHashMap<>();
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (CallRecord r : records) {
            dispositions.merge(r.disposition().name(), 1L, Long::sum);
            if (r.outcome() != null) {
                outcomes.merge(r.outcome(), 1L, Long::sum);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("taskId", task.spec().id());
        out.put("status", task.status().name());
        out.put("statusLabel", task.status().label());
        out.put("leads", leads);
        out.put("dialled", (long) records.size());
        out.put("answered", records.stream().filter(r -> r.answeredAt() != null).count());
        out.put("completed", dispositions.getOrDefault("COMPLETED", 0L));
        out.put("transferred", dispositions.getOrDefault("TRANSFERRED", 0L));
        out.put("talkSeconds", records.stream().mapToLong(CallRecord::talkSeconds).sum());
        out.put("dispositions", dispositions);
        out.put("outcomes", outcomes);
        out.put("funnel", funnel(leads, records));
        return out;
    }

    private static List<Map<String, Object>> funnel(long leads, List<CallRecord> records) {
        List<Map<String, Object>> funnel = new ArrayList<>();
        funnel.add(Map.of("stage", "名单", "leads", leads));
        funnel.add(Map.of("stage", "已拨打", "leads", leadsWhere(records, r -> true)));
        funnel.add(Map.of("stage", "已接通", "leads", leadsWhere(records, r -> r.answeredAt() != null)));
        funnel.add(Map.of("stage", "完成对话", "leads", leadsWhere(records, r -> r.outcome() != null)));
        funnel.add(Map.of("stage", "转化（A 类或转人工）", "leads",
                leadsWhere(records, r -> "A".equals(r.outcome()) || r.transferredTo() != null)));
        return funnel;
    }

    private static long leadsWhere(List<CallRecord> records, Predicate<CallRecord> p) {
        return records.stream().filter(p).map(CallRecord::leadId).distinct().count();
    }
}
