package dev.zhiyu.telephony.lists;

import java.util.Arrays;

/**
 * Open-addressing set of positive longs: 8 bytes a number, so a million-row list dedupes in ~16 MB. Phone numbers go
 * in as their E.164 digits ({@link #e164(String)}).
 */
public final class LongSet {

    private long[] table = new long[1 << 12];
    private int size;

    /** +8613800138000 → 8613800138000 (E.164 has at most 15 digits, so it fits). */
    public static long e164(String phone) {
        return Long.parseLong(phone.startsWith("+") ? phone.substring(1) : phone);
    }

    /** True if added, false if present. Zero is not allowed (it marks empty slots). */
    public boolean add(long v) {
        if (size * 2 >= table.length) {
            grow();
        }
        return insert(table, v);
    }

    public int size() {
        return size;
    }

    private boolean insert(long[] t, long v) {
        int mask = t.length - 1;
        int i = Long.hashCode(v * 0x9E3779B97F4A7C15L) & mask;
        while (t[i] != 0) {
            if (t[i] == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
        t[i] = v;
        if (t == table) {
            size++;
        }
        return true;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        Arrays.stream(old).filter(x -> x != 0).forEach(x -> insert(table, x));
    }
}
