package dev.zhiyu.telephony.tasks;

import dev.zhiyu.dialog.Scenario;
import dev.zhiyu.telephony.CallLists;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.TelephonyException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whether a call list fits a scenario: every lead brings each variable the scenario requires, with a value the
 * scenario allows — the dialog's own rule ({@link Scenario.Variable#refusal}), so what passes here is what a call's
 * session accepts. A list that does not fit would be dialled and every answered customer hung up on in silence, so
 * a task refuses it when created and again at each start or resume (a list can be appended to).
 */
public final class ListFit {
    /** Bad rows named in a refusal; the count says how many more there are. */
    static final int ROWS_SHOWN = 5;

    /**
     * What a list's columns give a scenario, for upload previews: the variables the columns provide, the required ones
     * they lack, and the optional ones that take their default.
     */
    public record Coverage(String scenario, List<String> satisfied, List<String> missing, List<String> defaulted) {
        public Coverage {
            satisfied = List.copyOf(satisfied);
            missing = List.copyOf(missing);
            defaulted = List.copyOf(defaulted);
        }

        public boolean fits() {
            return missing.isEmpty();
        }
    }

    private ListFit() {
    }

    /** Which of {@code scenario}'s variables the list's {@code columns} satisfy; values are checked at task creation. */
    public static Coverage coverage(String scenario, List<Scenario.Variable> variables, Collection<String> columns) {
        List<String> satisfied = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> defaulted = new ArrayList<>();
        for (Scenario.Variable v : variables) {
            if (columns.contains(v.name())) {
                satisfied.add(v.name());
            } else if (v.required()) {
                missing.add(v.name());
            } else {
                defaulted.add(v.name());
            }
        }
        return new Coverage(scenario, satisfied, missing, defaulted);
    }

    /**
     * Refuses (invalid {@code listId}) the first variable some leads cannot bring: a required column no lead has, or
     * the first {@value #ROWS_SHOWN} rows (as numbered in the uploaded file) with a missing or disallowed value. Reads
     * the list once, streamed.
     */
    public static void check(String scenario, List<Scenario.Variable> variables, String listId, CallLists lists) {
        List<Misfits> all = variables.stream().map(Misfits::new).toList();
        long[] leads = {0};
        lists.forEachLead(listId, lead -> {
            leads[0]++;
            all.forEach(m -> m.see(lead));
        });
        for (Misfits m : all) {
            if (m.count == 0) {
                continue;
            }
            Scenario.Variable v = m.variable;
            if (v.required() && m.given == 0) {
                throw TelephonyException.invalid("listId", "名单 " + listId + " 缺少列 " + v.name() + "：场景 " + scenario
                        + " 需要每个客户的 " + v.name() + (v.allowed().isEmpty() ? "" : "（可填 " + v.allowed() + "）")
                        + "，否则接通后无话可说。请在名单文件中加上 " + v.name() + " 列并逐行填写，作为新名单上传后再创建任务");
            }
            throw TelephonyException.invalid("listId", "名单 " + listId + " 有 " + m.count + " 行（共 " + leads[0]
                    + " 行）不符合场景 " + scenario + " 的列 " + v.name() + "：" + String.join("；", m.shown)
                    + (m.count > m.shown.size() ? "……" : "")
                    + "。请改正这些行，作为新名单上传后再创建任务（追加到原名单不会改动已有号码）");
        }
    }

    /** The leads that cannot bring one variable: how many, and the first few named. */
    private static final class Misfits {
        final Scenario.Variable variable;
        final List<String> shown = new ArrayList<>();
        long given;
        long count;

        Misfits(Scenario.Variable variable) {
            this.variable = variable;
        }

        void see(Lead lead) {
            String value = lead.variables().get(variable.name());
            if (value != null && !value.isBlank()) {
                given++;
            }
            String refusal = variable.refusal(value);
            if (refusal != null && ++count <= ROWS_SHOWN) {
                shown.add("第 " + lead.row() + " 行（" + lead.phone() + "）" + refusal);
            }
        }
    }
}
