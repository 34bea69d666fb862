package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** When the store refuses a write, the view stops answering rather than serve facts that were never saved. */
class StoreFailureTest {
    @Test
    void failedWriteMakesTheViewRefuseUntilReopened() {
        FactStore failing = new FactStore() {
            public void write(List<Object> facts) {
                throw new IllegalStateException("磁盘已满");
            }

            public void replay(Consumer<Object> sink) {
            }

            public SparqlResult sparql(String query, SparqlLimits limits) {
                throw new UnsupportedOperationException();
            }

            public void close() {
            }
        };
        Graph g = new Graph(failing);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.load(Facts.of().company("甲").batch));
        assertTrue(e.getMessage().contains("未保存") && e.getMessage().contains("磁盘已满"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> g.entity("甲"));
    }
}
