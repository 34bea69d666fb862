package dev.zhiyu.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
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
import java.io.CharConversionException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Strict JSON: unknown fields and wrong types are errors that name the field, never silently coerced. Request bodies
 * are parsed within read constraints (nesting depth, string, name and document length), and no text value may hold
 * a NUL character (PostgreSQL cannot store one): every such problem is a 400 with a Chinese message.
 */
final class Json {
    static final String BODY_LIMIT = "zhiyu.body.limit";
    static final int MAX_DEPTH = 200;
    static final int MAX_STRING_CHARS = 8 << 20;
    static final int MAX_NAME_CHARS = 10_000;
    static final long MAX_DOCUMENT_BYTES = 64L << 20;
    static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING_CHARS).maxNameLength(MAX_NAME_CHARS)
            .maxDocumentLength(MAX_DOCUMENT_BYTES).maxNumberLength(1000).build();
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("no-nul").addDeserializer(String.class, new NulFreeString())
                    .addKeyDeserializer(String.class, new NulFreeKey()))
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
        return parse(boundedBody(ctx), type);
    }

    /** A request body read as {@code type}, or the 400 problem that says what is wrong with it. */
    static <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误", "请求体为空");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误", "请求体应为 JSON 对象");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw problem(e);
        } catch (CharConversionException e) {
            // Jackson takes leading NUL bytes for UTF-16/32 and then finds invalid characters
            throw ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误", "请求体不是 UTF-8 编码的 JSON：请以 UTF-8 编码发送");
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

    /** The 400 problem for any JSON the mapper refused: never the exception's own text, never a 500. */
    static ProblemException problem(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NulCharacter nul) {
                String field = path(nul);
                return field.isEmpty() ? ProblemException.of(400, "VALIDATION_FAILED", "输入无效", NulCharacter.MESSAGE)
                        : ProblemException.field(400, "VALIDATION_FAILED", "输入无效", field, NulCharacter.MESSAGE);
            }
            if (t instanceof StreamConstraintsException limit) {
                return ProblemException.of(400, "JSON_LIMIT_EXCEEDED", "JSON 超出限制", limitMessage(limit));
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return ProblemException.field(400, "UNKNOWN_FIELD", "未知字段", path(u), "不是可用字段；可用字段为 "
                    + u.getKnownPropertyIds());
        }
        if (e instanceof MismatchedInputException m) {
            String field = path(m);
            if (field.isEmpty()) {
                return ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误", "请求体应为 JSON 对象");
            }
            return ProblemException.field(400, "WRONG_TYPE", "字段类型错误", field, "类型不对，应为 " + expected(m.getTargetType()));
        }
        return ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误", "无法解析 JSON" + where(e.getLocation())
                + "：请检查括号、引号和逗号是否成对、完整");
    }

    /** "（第 3 行第 7 列）", or nothing when the parser knows no position. */
    static String where(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return "";
        }
        return "（第 " + at.getLineNr() + " 行第 " + at.getColumnNr() + " 列）";
    }

    /** Which read constraint the body broke, in words a person can act on. */
    static String limitMessage(StreamConstraintsException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("getMaxNestingDepth")) {
            return "JSON 嵌套层数超过 " + MAX_DEPTH + " 层：请减少对象或数组的嵌套";
        }
        if (m.contains("getMaxStringLength")) {
            return "JSON 中有字符串超过 " + MAX_STRING_CHARS + " 个字符";
        }
        if (m.contains("getMaxNameLength")) {
            return "JSON 中有字段名超过 " + MAX_NAME_CHARS + " 个字符";
        }
        if (m.contains("getMaxNumberLength")) {
            return "JSON 中有数字超过 1000 位";
        }
        if (m.contains("getMaxDocumentLength")) {
            return "JSON 文档超过 " + MAX_DOCUMENT_BYTES + " 字节";
        }
        return "JSON 超出解析限制（嵌套、长度或数量）";
    }

    /** A text value or field name with U+0000 in it. */
    static final class NulCharacter extends JsonMappingException {
        static final String MESSAGE = "不能包含空字符（U+0000）：请删除后重试";

        NulCharacter(JsonParser p) {
            super(p, MESSAGE);
        }
    }

    /** Strings as Jackson reads them, refusing NUL characters. */
    private static final class NulFreeString extends StdScalarDeserializer<String> {
        NulFreeString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctxt);
            if (s != null && s.indexOf('\0') >= 0) {
                throw new NulCharacter(p);
            }
            return s;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    /** Map keys, refusing NUL characters. */
    private static final class NulFreeKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (key.indexOf('\0') >= 0) {
                throw new NulCharacter(ctxt.getParser());
            }
            return key;
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
