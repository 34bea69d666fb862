package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.labels.Lang;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every problem the server's code can raise has English: each title of each problem code, and each detail or field
 * message written out whole in the source (the messages built from parts have patterns, tested by example).
 */
class ProblemMessagesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    /** {@code ProblemException.of/field(status, "CODE", "title", …}. */
    private static final Pattern TITLE = Pattern.compile("ProblemException\\.(?:of|field)\\(\\s*\\d+,\\s*\"([A-Z_]+)\",\\s*\"([^\"]+)\"");
    /** The same with a detail (or a field and its message) that is one string literal. */
    private static final Pattern DETAIL = Pattern.compile(
            "ProblemException\\.(?:of|field)\\(\\s*\\d+,\\s*\"[A-Z_]+\",\\s*\"[^\"]+\",\\s*(?:\"[^\"]*\",\\s*)?\"([^\"]*)\"\\)");
    private static final Pattern FAILURE = Pattern.compile(
            "Failure\\.(?:invalid|conflict)\\(\\s*\"[^\"]*\",\\s*\"([^\"]*)\"\\)|Failure\\.notFound\\(\\s*\"([^\"]*)\"\\)"
                    + "|Failure\\.unavailable\\(\\s*\"([^\"]*)\",");

    private static String source() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> found(Pattern p, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    out.add(m.group(g));
                }
            }
        }
        return out;
    }

    private static Problem problem(String title, String detail) {
        return new Problem("t", title, 400, detail, "/x", "X", List.of(new Problem.FieldError("f", detail)));
    }

    @Test
    void everyProblemCodesTitleHasEnglish() {
        String source = source();
        Matcher m = TITLE.matcher(source);
        List<String> missing = new ArrayList<>();
        int titles = 0;
        while (m.find()) {
            titles++;
            String en = ProblemMessages.in(problem(m.group(2), null), Lang.EN).title();
            if (en.equals(m.group(2)) || !en.matches("\\p{ASCII}+")) {
                missing.add(m.group(1) + " " + m.group(2));
            }
        }
        assertTrue(titles > 40, "the scan found the problems: " + titles);
        assertEquals(List.of(), missing.stream().distinct().toList(), "problem titles without English");
    }

    @Test
    void everyWholeDetailAndFieldMessageHasEnglish() {
        String source = source();
        Set<String> messages = found(DETAIL, source);
        messages.addAll(found(FAILURE, source));
        assertTrue(messages.size() > 50, "the scan found the messages: " + messages.size());
        List<String> missing = messages.stream().filter(zh -> {
            Problem en = ProblemMessages.in(problem("输入无效", zh), Lang.EN);
            return en.detail().equals(zh) || en.errors().getFirst().message().chars().anyMatch(c -> c >= 0x3400 && c <= 0x9fff);
        }).toList();
        assertEquals(List.of(), missing, "messages without English");
    }

    @Test
    void messagesBuiltFromPartsHaveEnglishToo() {
        assertEquals("intent name “Greet!” is not valid: it must start with a lower-case letter and use only [a-z0-9_]",
                ProblemMessages.message("意图名「Greet!」不合法，应为小写字母开头的 [a-z0-9_]"));
        assertEquals("there is no caller turn 3 in session s-1", ProblemMessages.message("没有会话 s-1 的第 3 轮来电话语"));
        assertEquals("The knowledge graph's index is still being read (62%): ask again in about 8 s",
                ProblemMessages.message("图谱索引读入中 62%，请稍候（约 8 秒后重试）"));
        assertEquals("Chinese stays Chinese", ProblemMessages.in(problem("输入无效", "Chinese stays Chinese"), Lang.ZH).detail());
    }
}
