package dev.zhiyu.telephony.rules;

import dev.zhiyu.telephony.ContactRules;
import dev.zhiyu.telephony.TelephonyException;
import dev.zhiyu.telephony.lists.PhoneNumbers;
import java.util.List;

/**
 * The caller numbers a tenant may present: those registered for it (in its own database), or — while it has
 * registered none — the defaults the server is configured with. Numbers are kept as the digits
 * dialled (national form for the home region), normalised with libphonenumber.
 */
public final class CallerIds {

    /** What the console shows: the registered numbers, the ones tasks may use now, and where those come from. */
    public record View(List<ContactRules.CallerId> registered, List<String> effective, String source) {
    }

    private CallerIds() {
    }

    /** The numbers tasks of this tenant may use; {@code defaults} while it has registered none. */
    public static List<String> effective(ContactRules store, List<String> defaults) {
        List<String> own = store.callerIds().stream().map(ContactRules.CallerId::number).toList();
        return own.isEmpty() ? defaults : own;
    }

    public static View view(ContactRules store, List<String> defaults) {
        List<ContactRules.CallerId> own = store.callerIds();
        return new View(own, effective(store, defaults), own.isEmpty() ? "default" : "tenant");
    }

    /** The dialled digits of a valid number; otherwise invalid naming {@code field}. */
    public static String normalise(String field, String raw, String region) {
        PhoneNumbers.Parsed p = PhoneNumbers.parse(raw, region);
        if (!p.ok()) {
            throw TelephonyException.invalid(field, p.error());
        }
        return p.dial();
    }

    public static ContactRules.CallerId add(ContactRules store, String region, String number, String label) {
        String n = normalise("number", number, region);
        if (label != null && label.length() > 200) {
            throw TelephonyException.invalid("label", "不能超过 200 个字符");
        }
        if (!store.addCallerId(n, label == null ? "" : label.strip())) {
            throw TelephonyException.conflict("number", "主叫号码 " + n + " 已登记");
        }
        return store.callerIds().stream().filter(c -> c.number().equals(n)).findFirst().orElseThrow();
    }

    public static String remove(ContactRules store, String region, String number) {
        String n = normalise("number", number, region);
        if (!store.removeCallerId(n)) {
            throw TelephonyException.notFound("本租户没有登记主叫号码 " + n);
        }
        return n;
    }
}
