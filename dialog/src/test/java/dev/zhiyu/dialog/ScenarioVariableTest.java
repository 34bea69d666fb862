package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a call may bring for a scenario's variables: one rule, used by sessions and by list checks alike. */
class ScenarioVariableTest {
    private static final Scenario SHIPPED = ScenarioLoader.accountOpeningCallback();

    private static Scenario.Variable variable(String name) {
        return SHIPPED.variables().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theShippedScenarioRequiresTheCustomersNameAndAStopStepOfOneToFive() {
        assertTrue(variable("customer_name").required());
        assertTrue(variable("stop_step").required());
        assertEquals(List.of("1", "2", "3", "4", "5"), variable("stop_step").allowed());
    }

    @Test
    void aMissingOrBlankRequiredValueIsRefusedNamingTheVariable() {
        for (String missing : new String[]{null, "", "  "}) {
            String refusal = variable("customer_name").refusal(missing);
            assertTrue(refusal != null && refusal.contains("customer_name"), "「" + missing + "」→ " + refusal);
        }
        assertNull(variable("customer_name").refusal("王先生"));
    }

    @Test
    void aValueOutsideTheAllowedSetIsRefusedNamingTheValue() {
        String refusal = variable("stop_step").refusal("视频验证");
        assertTrue(refusal != null && refusal.contains("stop_step") && refusal.contains("视频验证"), refusal);
        assertNull(variable("stop_step").refusal("4"));
        assertNull(variable("stop_step").refusal(" 4 "), "a value is taken stripped, as a session uses it");
    }

    @Test
    void anOptionalValueTakesItsDefault() {
        assertNull(variable("customer_title").refusal(null));
        assertEquals("您好", variable("customer_title").valueFor(null));
        assertEquals("张经理", variable("customer_title").valueFor("张经理"));
    }

    @Test
    void aDefaultOutsideTheAllowedSetIsRefusedWhenTheScenarioLoads() {
        String yaml = ScenarioLoaderTest.MINIMAL.replace("""
                  - name: customer_name
                    required: true
                """, """
                  - name: customer_name
                    required: true
                  - name: level
                    default: gold
                    allowed: [silver, bronze]
                """);
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(yaml, "test"));
        assertTrue(e.getMessage().contains("level"), e.getMessage());
    }

    @Test
    void aSessionIsRefusedWithTheSameRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionVariables.resolve(SHIPPED, Map.of("customer_name", "王先生", "stop_step", "9")));
        assertEquals("场景 account-opening-callback " + variable("stop_step").refusal("9"), e.getMessage());
        assertEquals("上传身份证", SessionVariables.resolve(SHIPPED, Map.of("customer_name", "王先生", "stop_step", "2"))
                .get("step_name"));
    }
}
