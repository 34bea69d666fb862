package dev.zhiyu.telephony.tasks;

import dev.zhiyu.telephony.StoredTask;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TaskStore;
import dev.zhiyu.telephony.TelephonyException;

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
        StoredTask t = find(taskId);
        TaskStatus.Verb v = TaskStatus.Verb.of(verb);
        if (!tasks.transition(taskId, v.from(), v.to())) {
            throw v.refused(tasks.status(taskId));
        }
        return tasks.storedTask(taskId).orElse(t);
    }
}
