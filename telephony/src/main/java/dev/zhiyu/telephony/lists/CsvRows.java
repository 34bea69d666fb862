package dev.zhiyu.telephony.lists;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a CSV call list (strict UTF-8, an Excel BOM skipped) row by row into a {@link RowCollector}. */
final class CsvRows {
    private CsvRows() {
    }

    /** @param size bytes the stream holds, if known (for the progress fraction); else -1 */
    static void read(InputStream in, long size, RowCollector c) throws IOException {
        CountingStream counted = new CountingStream(in);
        c.position = () -> size > 0 ? Math.min(1.0, counted.count / (double) size) : -1;
        BufferedInputStream b = new BufferedInputStream(counted, 1 << 16);
        b.mark(3);
        if (!(b.read() == 0xEF && b.read() == 0xBB && b.read() == 0xBF)) {
            b.reset(); // Excel writes a UTF-8 BOM
        }
        Reader reader = new InputStreamReader(b, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get().parse(reader)) {
            for (CSVRecord r : parser) {
                List<String> cells = new ArrayList<>(r.size());
                r.forEach(cells::add);
                c.row(r.getRecordNumber(), cells);
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new ListFormatException(ListFormatException.describe(e.getCause()));
            }
            throw new ListFormatException("CSV 格式错误：" + ListFormatException.describe(e.getCause())
                    + "。请检查引号是否成对（单元格内的引号要写成两个），修正后重新上传");
        }
    }
}
