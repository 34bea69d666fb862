package dev.zhiyu.server.platform;

import java.util.regex.Pattern;

/** Input rules shared by the services; each failure names the field. */
final class Validation {
    static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9-]{1,22}$");
    static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._-]{2,64}$");

    private Validation() {
    }

    static String slug(String field, String value) {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw Failure.invalid(field, "应为 2–23 位小写字母、数字或连字符，并以字母开头");
        }
        return value;
    }

    static String username(String field, String value) {
        if (value == null || !USERNAME.matcher(value).matches()) {
            throw Failure.invalid(field, "应为 2–64 位字母、数字或 . _ -");
        }
        return value;
    }

    /** Free text such as display names: any script, but no control characters and a bounded length. */
    static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw Failure.invalid(field, "不能为空");
        }
        String v = value.strip();
        if (v.codePointCount(0, v.length()) > maxLength) {
            throw Failure.invalid(field, "不能超过 " + maxLength + " 个字符");
        }
        if (v.codePoints().anyMatch(Character::isISOControl)) {
            throw Failure.invalid(field, "不能包含控制字符");
        }
        return v;
    }

    static String password(String field, String value) {
        if (value == null || value.length() < 10 || value.length() > 200) {
            throw Failure.invalid(field, "密码长度应为 10–200 个字符");
        }
        return value;
    }

    static Role role(String field, String value) {
        return Role.parse(value).orElseThrow(
                () -> Failure.invalid(field, "应为 admin、operator、supervisor 或 researcher 之一"));
    }
}
