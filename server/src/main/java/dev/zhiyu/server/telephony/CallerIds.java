package dev.zhiyu.server.telephony;

import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.telephony.lists.PhoneNumbers;
import java.util.List;

/**
 * The caller numbers a tenant may present: those registered for it (in its own database), or — while it has
 * registered none — the server's configured {@code zhiyu.telephony.caller.ids}. Numbers are kept as the digits
 * dialled (national form for the home region), normalised with libphonenumber.
 */
public final class CallerIds {

    /** What the console shows: the registered numbers, the ones tasks may use now, and where those come from. */
    public record View(List<JdbcDialerStore.CallerId> registered, List<String> effective, String source) {
    }

    private CallerIds() {
    }

    /** The numbers tasks of this tenant may use. */
    public static List<String> effective(JdbcDialerStore store, TelephonyConfig config) {
        List<String> own = store.callerIds().stream().map(JdbcDialerStore.CallerId::number).toList();
        return own.isEmpty() ? config.callerIds() : own;
    }

    public static View view(JdbcDialerStore store, TelephonyConfig config) {
        List<JdbcDialerStore.CallerId> own = store.callerIds();
        return new View(own, effective(store, config), own.isEmpty() ? "default" : "tenant");
    }

    /** The dialled digits of a valid number; otherwise invalid naming {@code field}. */
    public static String normalise(String field, String raw, String region) {
        PhoneNumbers.Parsed p = PhoneNumbers.parse(raw, region);
        if (!p.ok()) {
            throw Failure.invalid(field, p.error());
        }
        return p.dial();
    }

    /** Normalised if libphonenumber accepts it, else as given (so it is compared, and refused, as typed). */
    static String normaliseOrRaw(String raw, String region) {
        PhoneNumbers.Parsed p = PhoneNumbers.parse(raw, region);
        return p.ok() ? p.dial() : raw == null ? "" : raw.strip();
    }

    public static JdbcDialerStore.CallerId add(JdbcDialerStore store, String region, String number, String label) {
        String n = normalise("number", number, region);
        if (label != null && label.length() > 200) {
            throw Failure.invalid("label", "不能超过 200 个字符");
        }
        if (!store.addCallerId(n, label == null ? "" : label.strip())) {
            throw Failure.conflict("number", "主叫号码 " + n + " 已登记");
        }
        return store.callerIds().stream().filter(c -> c.number().equals(n)).findFirst().orElseThrow();
    }

    public static String remove(JdbcDialerStore store, String region, String number) {
        String n = normalise("number", number, region);
        if (!store.removeCallerId(n)) {
            throw Failure.notFound("本租户没有登记主叫号码 " + n);
        }
        return n;
    }
}
