package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.DialerStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Predicate;

/** A store whose methods throw {@link IllegalStateException} while {@code fails} holds for their name. */
public final class FailingStore {

    private FailingStore() {
    }

    public static DialerStore of(DialerStore store, Predicate<String> fails, String message) {
        return (DialerStore) Proxy.newProxyInstance(DialerStore.class.getClassLoader(), new Class<?>[]{DialerStore.class},
                (proxy, m, args) -> {
                    if (fails.test(m.getName())) {
                        throw new IllegalStateException(message);
                    }
                    try {
                        return m.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
