package dev.zhiyu.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * RFC 9457 problem details. {@code code} is stable and meant for programs; {@code title} and {@code detail}
 * are for people (Chinese first). {@code errors} names the fields at fault.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String code,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://zhiyu.dev/problems/";

    public record FieldError(String field, String message) {
    }
}
