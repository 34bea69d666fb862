package dev.zhiyu.telephony.lists;

import java.util.List;
import java.util.Locale;

/**
 * Which column holds the phone number; every other non-empty column becomes a dialog variable under its header.
 * With no explicit column, the first header among the usual names is used.
 */
public record ColumnMapping(String phoneColumn) {

    static final List<String> PHONE_NAMES = List.of("phone", "mobile", "tel", "手机号", "手机号码", "电话", "电话号码", "号码", "联系电话");

    public static ColumnMapping auto() {
        return new ColumnMapping(null);
    }

    int phoneIndex(List<String> headers) {
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i).strip().toLowerCase(Locale.ROOT);
            if (phoneColumn != null ? h.equals(phoneColumn.strip().toLowerCase(Locale.ROOT)) : PHONE_NAMES.contains(h)) {
                return i;
            }
        }
        return -1;
    }
}
