package dev.zhiyu.telephony;

import java.util.List;
import java.util.Optional;

/** Tasks and their status. */
public interface TaskStore {

    /** Stores a new task with status CREATED. */
    void createTask(TaskSpec spec, String name, Pacing pacing);

    /** Replaces a task's definition; stores it (named by its id, progressive) if it is new. */
    void saveTask(TaskSpec spec);

    /** The task's definition, or null. */
    TaskSpec task(String taskId);

    Optional<StoredTask> storedTask(String taskId);

    /** Every task, newest first. */
    List<StoredTask> tasks();

    List<String> taskIdsWithStatus(TaskStatus status);

    void setStatus(String taskId, TaskStatus status);

    /** The task's status, or null for an unknown task. */
    TaskStatus status(String taskId);

    /** Moves the task from one of {@code from} to {@code to} in one step; false if it was in another status. */
    boolean transition(String taskId, List<TaskStatus> from, TaskStatus to);
}
