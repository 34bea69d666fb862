package dev.zhiyu.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.stream.Collectors;

/** Strict JSON: unknown fields and wrong types are errors that name the field, never silently coerced. */
final class Json {
    static final String BODY_LIMIT = "zhiyu.body.limit";
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    static {
        MAPPER.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    private Json() {
    }

    static <T> T read(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw ProblemException.of(415, "UNSUPPORTED_MEDIA_TYPE", "不支持的内容类型",
                    "请求体须为 JSON，并带 Content-Type: application/json");
        }
        byte[] body = boundedBody(ctx);
        if (body.length == 0) {
            throw ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误", "请求体为空");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误", "请求体应为 JSON 对象");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.field(400, "UNKNOWN_FIELD", "未知字段", path(e), "不是可用字段；可用字段为 "
                    + e.getKnownPropertyIds());
        } catch (MismatchedInputException e) {
            String field = path(e);
            if (field.isEmpty()) {
                throw ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误", "请求体应为 JSON 对象");
            }
            throw ProblemException.field(400, "WRONG_TYPE", "字段类型错误", field,
                    "类型不对，应为 " + expected(e.getTargetType()));
        } catch (JsonProcessingException e) {
            throw ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误",
                    "无法解析 JSON（第 " + e.getLocation().getLineNr() + " 行第 " + e.getLocation().getColumnNr() + " 列）");
        } catch (IOException e) {
            throw ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误", "读取请求体失败");
        }
    }

    /** Reads at most the request's limit (set by ApiServer.admit), so a chunked body cannot exceed it either. */
    private static byte[] boundedBody(Context ctx) {
        Long limit = ctx.attribute(BODY_LIMIT);
        long max = limit == null ? Long.MAX_VALUE - 1 : limit;
        try {
            byte[] body = ctx.bodyInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw ApiServer.bodyTooLarge(max);
            }
            return body;
        } catch (IOException e) {
            throw ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误", "读取请求体失败");
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "正确的类型";
        }
        if (type == String.class) {
            return "字符串";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "数字";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "布尔值";
        }
        return type.getSimpleName();
    }
}
