package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;

/** A test against one simulated FreeSWITCH node and the call control connected to it, both closed afterwards. */
abstract class SimulatedNodeTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    FsSimulator sim;
    CallControl control;

    @AfterEach
    void stop() throws Exception {
        if (control != null) {
            control.close();
        }
        if (sim != null) {
            sim.close();
        }
    }
}
