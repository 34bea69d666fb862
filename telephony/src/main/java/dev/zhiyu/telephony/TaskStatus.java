package dev.zhiyu.telephony;

import java.util.List;
import java.util.Locale;

/** Where a task is in its life; operators move it with the {@link Verb}s, the dialer completes it. */
public enum TaskStatus {
    CREATED("未开始"), RUNNING("进行中"), PAUSED("已暂停"), STOPPED("已停止"), COMPLETED("已完成");

    private final String label;

    TaskStatus(String label) {
        this.label = label;
    }

    /** The status as the console and reports name it. */
    public String label() {
        return label;
    }

    /** An operator's transition: allowed from some statuses only; a stopped or completed task stays so. */
    public enum Verb {
        START("启动", RUNNING, CREATED),
        PAUSE("暂停", PAUSED, RUNNING),
        RESUME("恢复", RUNNING, PAUSED),
        STOP("停止", STOPPED, CREATED, RUNNING, PAUSED);

        private final String label;
        private final TaskStatus to;
        private final List<TaskStatus> from;

        Verb(String label, TaskStatus to, TaskStatus... from) {
            this.label = label;
            this.to = to;
            this.from = List.of(from);
        }

        /** {@code start}, {@code pause}, {@code resume} or {@code stop}; anything else is invalid input. */
        public static Verb of(String name) {
            for (Verb v : values()) {
                if (v.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return v;
                }
            }
            throw TelephonyException.invalid("action", "应为 start、pause、resume 或 stop");
        }

        public List<TaskStatus> from() {
            return from;
        }

        public TaskStatus to() {
            return to;
        }

        /** The refusal when the task is {@code now}, a status this verb does not leave from. */
        public TelephonyException refused(TaskStatus now) {
            return TelephonyException.conflict("status", "任务当前状态为 " + now.label() + "，不能" + label);
        }
    }
}
