package dev.zhiyu.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The verbs' transitions, and the refusals operators see. */
class TaskStatusTest {

    @Test
    void eachVerbLeavesOnlyFromItsStatuses() {
        assertEquals(List.of(TaskStatus.CREATED), TaskStatus.Verb.of("start").from());
        assertEquals(TaskStatus.RUNNING, TaskStatus.Verb.of("start").to());
        assertEquals(List.of(TaskStatus.RUNNING), TaskStatus.Verb.of("pause").from());
        assertEquals(TaskStatus.PAUSED, TaskStatus.Verb.of("pause").to());
        assertEquals(List.of(TaskStatus.PAUSED), TaskStatus.Verb.of("resume").from());
        assertEquals(TaskStatus.RUNNING, TaskStatus.Verb.of("resume").to());
        assertEquals(List.of(TaskStatus.CREATED, TaskStatus.RUNNING, TaskStatus.PAUSED), TaskStatus.Verb.of("stop").from());
        assertEquals(TaskStatus.STOPPED, TaskStatus.Verb.of("stop").to());
    }

    @Test
    void refusalsNameTheStatusAndTheVerb() {
        TelephonyException e = TaskStatus.Verb.STOP.refused(TaskStatus.COMPLETED);
        assertEquals(TelephonyException.Kind.CONFLICT, e.kind());
        assertEquals("status", e.field());
        assertEquals("任务当前状态为 已完成，不能停止", e.getMessage());
        TelephonyException unknown = assertThrows(TelephonyException.class, () -> TaskStatus.Verb.of("restart"));
        assertEquals(TelephonyException.Kind.INVALID, unknown.kind());
        assertEquals("action", unknown.field());
        assertThrows(TelephonyException.class, () -> TaskStatus.Verb.of("START"), "verbs are lower case");
    }
}
