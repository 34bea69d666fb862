package dev.zhiyu.server.telephony;

import static dev.zhiyu.server.telephony.StoreSql.JSON;
import static dev.zhiyu.server.telephony.StoreSql.json;
import static dev.zhiyu.server.telephony.StoreSql.odt;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.zhiyu.telephony.Pacing;
import dev.zhiyu.telephony.StoredTask;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TaskStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link TaskStore} in one tenant's database: {@code telephony_tasks}, the definition kept as JSON. */
final class JdbcTaskStore implements TaskStore {
    private static final String COLUMNS = "spec_json, name, status, created_at, pacing, agent_queue";

    private final Jdbi jdbi;

    JdbcTaskStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void createTask(TaskSpec spec, String name, Pacing pacing) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO telephony_tasks (task_id, name, list_id, scenario_id, spec_json, status, created_at, updated_at,
                                                     pacing, agent_queue)
                        VALUES (:id, :name, :list, :scenario, :spec, :status, :now, :now, :pacing, :queue)""")
                .bind("pacing", pacing.id()).bind("queue", pacing.agentQueue())
                .bind("id", spec.id()).bind("name", name).bind("list", spec.listId()).bind("scenario", spec.scenario())
                .bind("spec", json(spec)).bind("status", TaskStatus.CREATED.name()).bindByType("now", odt(Instant.now()), OffsetDateTime.class)
                .execute());
    }

    @Override
    public void saveTask(TaskSpec spec) {
        boolean exists = jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE telephony_tasks SET spec_json = :spec, updated_at = :now WHERE task_id = :id")
                .bind("spec", json(spec)).bindByType("now", odt(Instant.now()), OffsetDateTime.class).bind("id", spec.id()).execute()) > 0;
        if (!exists) {
            createTask(spec, spec.id(), Pacing.PROGRESSIVE);
        }
    }

    @Override
    public Optional<StoredTask> storedTask(String taskId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM telephony_tasks WHERE task_id = :id")
                .bind("id", taskId).map(JdbcTaskStore::storedTask).findOne());
    }

    @Override
    public List<StoredTask> tasks() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM telephony_tasks ORDER BY created_at DESC, task_id")
                .map(JdbcTaskStore::storedTask).list());
    }

    @Override
    public List<String> taskIdsWithStatus(TaskStatus status) {
        return jdbi.withHandle(h -> h.createQuery("SELECT task_id FROM telephony_tasks WHERE status = :s ORDER BY task_id")
                .bind("s", status.name()).mapTo(String.class).list());
    }

    private static StoredTask storedTask(ResultSet rs, StatementContext c) throws SQLException {
        try {
            return new StoredTask(JSON.readValue(rs.getString("spec_json"), TaskSpec.class), rs.getString("name"),
                    TaskStatus.valueOf(rs.getString("status")), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                    Pacing.stored(rs.getString("pacing"), rs.getString("agent_queue")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("任务定义无法读取: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public TaskSpec task(String taskId) {
        return storedTask(taskId).map(StoredTask::spec).orElse(null);
    }

    @Override
    public void setStatus(String taskId, TaskStatus status) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE telephony_tasks SET status = :s, updated_at = :now WHERE task_id = :id")
                .bind("s", status.name()).bindByType("now", odt(Instant.now()), OffsetDateTime.class).bind("id", taskId).execute());
    }

    @Override
    public boolean transition(String taskId, List<TaskStatus> from, TaskStatus to) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE telephony_tasks SET status = :s, updated_at = :now WHERE task_id = :id AND status IN (<from>)")
                .bind("s", to.name()).bindByType("now", odt(Instant.now()), OffsetDateTime.class).bind("id", taskId)
                .bindList("from", from.stream().map(Enum::name).toList()).execute()) > 0;
    }

    @Override
    public TaskStatus status(String taskId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM telephony_tasks WHERE task_id = :id")
                .bind("id", taskId).mapTo(String.class).findOne().map(TaskStatus::valueOf).orElse(null));
    }
}
