package dev.zhiyu.telephony.lists;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A call list's header row: the column names and which of them holds the phone number. */
record ListHeader(List<String> names, int phoneAt) {

    /** Refuses the file when no column can be taken for the number. */
    static ListHeader of(List<String> cells, ColumnMapping mapping) {
        List<String> names = cells.stream().map(String::strip).toList();
        int phoneAt = mapping.phoneIndex(names);
        if (phoneAt < 0) {
            throw new ListFormatException("找不到号码列（表头: " + names + "）：请把号码列的表头改为 手机号、电话 或 phone，"
                    + "或在上传时指定号码列名（phoneColumn）");
        }
        return new ListHeader(names, phoneAt);
    }

    String phoneColumn() {
        return names.get(phoneAt);
    }

    /** The row's number as written; "" when the row is shorter than the header. */
    String phone(List<String> cells) {
        return phoneAt < cells.size() ? cells.get(phoneAt) : "";
    }

    /** The row's other non-blank cells by column name: the lead's variables for the dialog. */
    Map<String, String> variables(List<String> cells) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(cells.size(), names.size()); i++) {
            if (i != phoneAt && !names.get(i).isEmpty() && !cells.get(i).isBlank()) {
                vars.put(names.get(i), cells.get(i).strip());
            }
        }
        return vars;
    }
}
