package dev.zhiyu.telephony.lists;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** libphonenumber, Chinese numbers by default: validity, E.164 for dedupe, national digits for dialling. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /** A valid number, or an error message naming the problem. */
    public record Parsed(String e164, String dial, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private PhoneNumbers() {
    }

    public static Parsed parse(String raw, String region) {
        String s = raw == null ? "" : raw.strip().replace("\u00a0", "");
        if (s.isEmpty()) {
            return new Parsed(null, null, "号码为空");
        }
        if (s.matches("\\d+\\.0") || s.matches("\\d(\\.\\d+)?E\\d+")) {
            s = new java.math.BigDecimal(s).toBigInteger().toString(); // Excel numeric cells
        }
        try {
            PhoneNumber n = UTIL.parse(s, region);
            if (!UTIL.isValidNumber(n)) {
                return new Parsed(null, null, "号码无效: " + raw);
            }
            String e164 = UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
            String dial = n.getCountryCode() == UTIL.getCountryCodeForRegion(region)
                    ? UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.NATIONAL).replaceAll("\\D", "")
                    : "00" + e164.substring(1);
            return new Parsed(e164, dial, null);
        } catch (NumberParseException e) {
            return new Parsed(null, null, "号码格式错误: " + raw);
        }
    }
}
