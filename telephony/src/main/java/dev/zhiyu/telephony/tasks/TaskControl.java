package dev.zhiyu.telephony.tasks;

import dev.zhiyu.telephony.StoredTask;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TaskStore;
import dev.zhiyu.telephony.TelephonyException;
import java.util.function.Consumer;

/** Finding a task and moving it through its {@link TaskStatus.Verb}s, refusing what its status does not allow. */
public final class TaskControl {
    private final TaskStore tasks;

    public TaskControl(TaskStore tasks) {
        this.tasks = tasks;
    }

    /** The task, or not found (another tenant's task is simply not in this tenant's store). */
    public StoredTask find(String taskId) {
        if (!Ids.valid(taskId)) {
            throw TelephonyException.notFound("没有任务 " + taskId);
        }
        return tasks.storedTask(taskId).orElseThrow(() -> TelephonyException.notFound("没有任务 " + taskId));
    }

    /** Applies {@code verb} ({@code start}, {@code pause}, {@code resume}, {@code stop}) in one step of the store. */
    public StoredTask apply(String taskId, String verb) {
        return apply(taskId, verb, t -> { });
    }

    /**
     * As {@link #apply(String, String)}; {@code beforeDialling} runs first when the verb sets the task dialling from
     * the status it is in (start, resume) and refuses by throwing.
     */
    public StoredTask apply(String taskId, String verb, Consumer<StoredTask> beforeDialling) {
        StoredTask t = find(taskId);
        TaskStatus.Verb v = TaskStatus.Verb.of(verb);
        if (v.to() == TaskStatus.RUNNING && v.from().contains(t.status())) {
            beforeDialling.accept(t);
        }
        if (!tasks.transition(taskId, v.from(), v.to())) {
            throw v.refused(tasks.status(taskId));
        }
        return tasks.storedTask(taskId).orElse(t);
    }
}
