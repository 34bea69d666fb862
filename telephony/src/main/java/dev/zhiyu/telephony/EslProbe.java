package dev.zhiyu.telephony;

import dev.zhiyu.telephony.esl.EslClient;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EslListener;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A diagnostic ESL connection to one FreeSWITCH node: authenticates, runs API commands, ignores events. */
public final class EslProbe implements AutoCloseable {
    private final EslClient esl;

    private EslProbe(EslClient esl) {
        this.esl = esl;
    }

    /** Connects and authenticates within {@code timeout}. */
    public static EslProbe connect(String host, int port, String password, Duration timeout) throws IOException {
        return new EslProbe(EslClient.connect(host, port, password, timeout, new EslListener() {
            @Override
            public void onEvent(EslEvent event) {
            }
        }));
    }

    /** The body of {@code api <command>}'s reply. */
    public String api(String command, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return esl.api(command).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        esl.close();
    }
}
