package dev.zhiyu.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A sentence with slot spans, written inline as {@code 我的卡是[招商银行|bank]}. Files hold one sentence per line
 * ('#' comments); every problem is a {@link DataFormatException} naming the line.
 */
public record AnnotatedSentence(String text, List<Span> spans) {
    /** {@code [start, end)} char offsets into {@link #text()}. */
    public record Span(int start, int end, String type) {}

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public static List<AnnotatedSentence> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.getFileName().toString());
        }
    }

    static List<AnnotatedSentence> readResource(String name) {
        try (Reader r = new InputStreamReader(AnnotatedSentence.class.getResourceAsStream(name), StandardCharsets.UTF_8)) {
            return read(r, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<AnnotatedSentence> read(Reader reader, String source) throws IOException {
        List<AnnotatedSentence> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(reader);
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) continue;
            out.add(parse(line.strip(), source, n));
        }
        if (out.isEmpty()) throw new DataFormatException(source, Math.max(1, n), "文件中没有任何标注句子");
        return out;
    }

    static AnnotatedSentence parse(String line, String source, int n) {
        StringBuilder text = new StringBuilder();
        List<Span> spans = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ']') throw new DataFormatException(source, n, "第 " + (i + 1) + " 个字符处有多余的「]」");
            if (c != '[') {
                text.append(c);
                i++;
                continue;
            }
            int close = line.indexOf(']', i);
            int nextOpen = line.indexOf('[', i + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close)) throw new DataFormatException(source, n, "第 " + (i + 1) + " 个字符处的「[」没有配对的「]」");
            String inner = line.substring(i + 1, close);
            int bar = inner.lastIndexOf('|');
            if (bar <= 0) throw new DataFormatException(source, n, "标注「" + inner + "」应为「片段|类型」");
            String span = inner.substring(0, bar), type = inner.substring(bar + 1);
            if (!TYPE.matcher(type).matches()) throw new DataFormatException(source, n, "实体类型「" + type + "」不合法");
            if (span.isBlank() || !span.equals(span.strip())) throw new DataFormatException(source, n, "实体片段为空或首尾有空格：「" + span + "」");
            spans.add(new Span(text.length(), text.length() + span.length(), type));
            text.append(span);
            i = close + 1;
        }
        if (text.toString().isBlank()) throw new DataFormatException(source, n, "句子为空");
        return new AnnotatedSentence(text.toString(), List.copyOf(spans));
    }
}
