package dev.zhiyu.telephony.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.dialog.ScenarioLoader;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TelephonyException;
import dev.zhiyu.telephony.dialer.InMemoryDialerStore;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A task refuses a list that does not fit its scenario (a real switch dialled such a list and hung up on every
 * answered customer in silence): at creation, and again at start and resume after the list was appended to.
 */
class ListFitTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String SCENARIO = "account-opening-callback";
    private final InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
    private final TaskPlanner planner = new TaskPlanner(store, store);
    private final TaskPlanner.Context context = new TaskPlanner.Context("acme", SHANGHAI, List.of("gw1"), "CN",
            Map.of(SCENARIO, ScenarioLoader.accountOpeningCallback().variables()), List.of("02100000000"));

    private static Lead lead(String listId, int row, Map<String, String> variables) {
        String national = "138" + String.format("%08d", row);
        return new Lead(listId + ":" + row, listId, row, "+86" + national, national, variables);
    }

    private static List<Lead> good(String listId, int n) {
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leads.add(lead(listId, i + 2, Map.of("customer_name", "客户" + i, "stop_step", String.valueOf(i % 5 + 1))));
        }
        return leads;
    }

    private TelephonyException refusedAtCreation(String listId) {
        return assertThrows(TelephonyException.class, () -> planner.create(context, new TaskRequest(null, listId,
                SCENARIO, null, null, null, null, null, null, null, null, null, null, null)));
    }

    @Test
    void aListWithoutARequiredColumnIsRefusedNamingTheColumn() {
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leads.add(lead("L", i + 2, Map.of("stop_step", "1", "姓名", "王先生")));
        }
        store.putList("L", leads);
        TelephonyException e = refusedAtCreation("L");
        assertEquals(TelephonyException.Kind.INVALID, e.kind());
        assertEquals("listId", e.field());
        assertTrue(e.getMessage().contains("缺少列 customer_name"), e.getMessage());
        assertTrue(store.tasks().isEmpty(), "nothing stored");
    }

    @Test
    void valuesOutsideTheAllowedSetAreRefusedNamingTheFirstFiveRowsAsInTheFile() {
        List<Lead> leads = new ArrayList<>(good("L", 4));
        for (int row = 10; row < 17; row++) {
            leads.add(lead("L", row, Map.of("customer_name", "客户", "stop_step", "视频验证")));
        }
        store.putList("L", leads);
        String m = refusedAtCreation("L").getMessage();
        assertTrue(m.contains("7 行") && m.contains("stop_step") && m.contains("视频验证"), m);
        for (int row = 10; row < 15; row++) {
            assertTrue(m.contains("第 " + row + " 行（+86138000000" + row + "）"), row + " in " + m);
        }
        assertFalse(m.contains("第 15 行"), "only the first five rows are named: " + m);
    }

    @Test
    void rowsWithABlankRequiredValueAreNamed() {
        List<Lead> leads = new ArrayList<>(good("L", 3));
        leads.add(lead("L", 9, Map.of("stop_step", "3")));
        store.putList("L", leads);
        String m = refusedAtCreation("L").getMessage();
        assertTrue(m.contains("1 行") && m.contains("第 9 行") && m.contains("customer_name"), m);
    }

    @Test
    void aFittingListCreatesTheTask() {
        store.putList("L", good("L", 5));
        assertEquals(TaskStatus.CREATED, planner.create(context, new TaskRequest(null, "L", SCENARIO, null, null, null,
                null, null, null, null, null, null, null, null)).status());
    }

    @Test
    void startAndResumeCheckTheListAgainAfterItWasAppendedTo() {
        store.putList("L", good("L", 2));
        String id = planner.create(context, new TaskRequest(null, "L", SCENARIO, null, null, null, null, null, null,
                null, null, null, null, null)).spec().id();
        TaskControl control = new TaskControl(store);
        List<Lead> appended = new ArrayList<>(good("L", 2));
        appended.add(lead("L", 2, Map.of("customer_name", "新客户", "stop_step", "6")));
        store.putList("L", appended);
        TelephonyException atStart = assertThrows(TelephonyException.class,
                () -> control.apply(id, "start", t -> planner.checkFit(context, t)));
        assertTrue(atStart.getMessage().contains("stop_step"), atStart.getMessage());
        assertEquals(TaskStatus.CREATED, control.find(id).status(), "the refused task did not start");

        store.putList("L", good("L", 2));
        assertEquals(TaskStatus.RUNNING, control.apply(id, "start", t -> planner.checkFit(context, t)).status());
        control.apply(id, "pause");
        store.putList("L", appended);
        assertThrows(TelephonyException.class, () -> control.apply(id, "resume", t -> planner.checkFit(context, t)));
        assertEquals(TaskStatus.PAUSED, control.find(id).status());
        assertEquals(TaskStatus.STOPPED, control.apply(id, "stop", t -> planner.checkFit(context, t)).status(),
                "stopping is never refused for the list");
    }

    @Test
    void aPredictiveTaskIsNotCheckedForTheRobotNeverTalks() {
        store.putList("L", List.of(lead("L", 2, Map.of())));
        String id = planner.create(context, new TaskRequest(null, "L", SCENARIO, null, null, null, null, null, null,
                null, null, null, null, null, "predictive", "sales@default")).spec().id();
        assertEquals(TaskStatus.RUNNING, new TaskControl(store).apply(id, "start", t -> planner.checkFit(context, t)).status());
    }

    @Test
    void coverageTellsWhichVariablesTheColumnsSatisfy() {
        ListFit.Coverage c = ListFit.coverage(SCENARIO, ScenarioLoader.accountOpeningCallback().variables(),
                List.of("手机号", "customer_name", "备注"));
        assertEquals(List.of("customer_name"), c.satisfied());
        assertEquals(List.of("stop_step"), c.missing());
        assertEquals(List.of("customer_title"), c.defaulted());
        assertFalse(c.fits());
        assertTrue(ListFit.coverage(SCENARIO, ScenarioLoader.accountOpeningCallback().variables(),
                List.of("phone", "customer_name", "stop_step")).fits());
    }
}
