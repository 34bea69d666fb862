package dev.zhiyu.telephony;

import java.util.Map;

/**
 * One row of a call list after validation.
 *
 * @param phone     E.164, e.g. +8613800138000 (the dedupe key)
 * @param dial      what the gateway dials (national digits, e.g. 13800138000 or 057188880000)
 * @param variables extra columns, handed to the dialog as session variables
 */
public record Lead(String id, String listId, long row, String phone, String dial, Map<String, String> variables) {
    public Lead {
        variables = Map.copyOf(variables);
    }
}
