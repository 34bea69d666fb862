package dev.zhiyu.telephony.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    /** The mobile shortcut gives exactly what libphonenumber's general path gives, valid or not. */
    @Test
    void theMobileShortcutAgreesWithTheGeneralParser() {
        Random r = new Random(14);
        int valid = 0;
        for (int prefix = 130; prefix <= 199; prefix++) {
            for (int k = 0; k < 150; k++) {
                String s = prefix + String.format("%08d", r.nextInt(100_000_000));
                PhoneNumbers.Parsed fast = PhoneNumbers.chineseMobile(s, s, "CN");
                if (prefix == 179) {
                    assertNull(fast, "179… may be a carrier prefix: the general parser decides");
                    continue;
                }
                assertEquals(PhoneNumbers.parsed(s, s, "CN"), fast, s);
                valid += fast.ok() ? 1 : 0;
            }
        }
        assertEquals(true, valid > 5_000, "most sampled numbers are valid mobiles: " + valid);
        assertNull(PhoneNumbers.chineseMobile("01012345678", "01012345678", "CN"), "landlines take the general path");
        assertNull(PhoneNumbers.chineseMobile("12345678901", "12345678901", "CN"));
        assertNull(PhoneNumbers.chineseMobile("13800138000", "13800138000", "HK"), "only for Chinese lists");
        assertNull(PhoneNumbers.chineseMobile("1380013800x", "1380013800x", "CN"));
        assertEquals(new PhoneNumbers.Parsed("+8613800138000", "13800138000", null),
                PhoneNumbers.parse(" 13800138000 ", "CN"));
        assertEquals(new PhoneNumbers.Parsed("+8613800138000", "13800138000", null),
                PhoneNumbers.parse("1.3800138E10", "CN"), "Excel's numeric cells");
        assertEquals(false, org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(2),
                () -> PhoneNumbers.parse("1E80000138", "CN").ok(),
                "an exponent no phone number has is refused at once, not expanded to 80 million digits"));
        assertEquals(new PhoneNumbers.Parsed("+8657188880000", "057188880000", null),
                PhoneNumbers.parse("0571-88880000", "CN"));
    }
}
