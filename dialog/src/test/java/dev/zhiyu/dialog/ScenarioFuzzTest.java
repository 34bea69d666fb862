package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario YAML comes from supervisors ({@code PUT /api/dialog/scenarios}): it either loads, global handlers
 * included, or is refused with a {@link ScenarioException} naming the problem, nothing else.
 */
class ScenarioFuzzTest {

    @MethodSource("seeds")
    @FuzzTest
    void loadScenario(byte[] input) {
        try {
            GlobalHandlers.forScenario(ScenarioLoader.parse(new String(input, StandardCharsets.UTF_8), "fuzz.yaml"));
        } catch (ScenarioException e) {
            assertFalse(e.getMessage().isBlank());
        }
    }

    static Stream<byte[]> seeds() {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("scenarios/account-opening-callback.yaml")) {
            return Stream.of(ScenarioLoaderTest.MINIMAL.getBytes(StandardCharsets.UTF_8), in.readAllBytes(),
                    "a: &x [1]\nb: *x\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
