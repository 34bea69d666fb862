package dev.zhiyu.reports.pdf;

import dev.zhiyu.reports.InputProblem;
import dev.zhiyu.reports.ReportException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * What decoding a document may cost before PDFBox reads it: every page's content as drawn (a Form XObject counts
 * each time a page or form draws it), embedded font programs and Type 3 glyph procedures, and images (declared
 * pixels and decoded bytes). A small file that expands past a bound is refused as {@link InputProblem#BOMB} while
 * it is being counted, so a 1 MB deflate bomb costs a fraction of a second, not the parser's whole timeout.
 * Works on the COS objects only, so nothing is parsed (fonts, images) before it has been counted.
 */
public final class ContentBudget {
    private static final int MAX_DEPTH = 12;
    private static final Pattern DO = Pattern.compile("/([^\\s/\\[\\]()<>{}%]+)\\s*Do(?![^\\s/\\[\\]()<>{}%])");
    private static final Set<String> IMAGE_CODECS = Set.of("DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF");
    private final String name;
    private final long perPage;
    private final long perDocument;
    private final long maxPixels;
    private final AtomicLong spent = new AtomicLong();

    /**
     * @param perPage     decoded content one page may execute, forms included, and the decoded size of any one
     *                    font or image stream
     * @param perDocument decoded bytes of all pages, fonts and images together
     * @param maxPixels   declared width × height of any one image
     */
    public ContentBudget(String name, long perPage, long perDocument, long maxPixels) {
        this.name = name;
        this.perPage = perPage;
        this.perDocument = perDocument;
        this.maxPixels = maxPixels;
    }

    /** Decoded bytes counted so far (all meters). */
    public long spent() { return spent.get(); }

    /** A meter for one thread's {@code PDDocument}: streams are remembered per document, the budget is shared. */
    public Meter meter() { return new Meter(); }

    public final class Meter {
        private final Map<COSStream, Long> formCost = new IdentityHashMap<>();
        private final Set<COSBase> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<COSStream> open = Collections.newSetFromMap(new IdentityHashMap<>());

        private Meter() {
        }

        /** Counts one page (its contents as drawn, the fonts and images it uses); throws BOMB past a bound. */
        public void page(PDPage page, int pageNo) throws IOException {
            try {
                COSDictionary res = page.getResources() == null ? null : page.getResources().getCOSObject();
                Map<COSName, COSStream> forms = resources(res, pageNo);
                List<COSStream> contents = contents(page.getCOSObject().getDictionaryObject(COSName.CONTENTS));
                long cost;
                if (forms.isEmpty()) {
                    Bounded out = new Bounded(perPage, pageNo, "内容流", OutputStream.nullOutputStream());
                    for (COSStream c : contents) decode(c, out);
                    cost = out.count;
                } else {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    Bounded out = new Bounded(perPage, pageNo, "内容流", bytes);
                    for (COSStream c : contents) {
                        decode(c, out);
                        out.write(' ');
                    }
                    cost = drawn(bytes.toByteArray(), forms, res, pageNo, 0);
                }
                charge(cost, pageNo);
            } catch (StackOverflowError e) {
                throw refuse(pageNo, "的对象嵌套过深");
            }
        }

        /** The page or form's own bytes plus, for every {@code Do} of a form, that form's cost as drawn. */
        private long drawn(byte[] content, Map<COSName, COSStream> forms, COSDictionary resources, int pageNo, int depth)
                throws IOException {
            if (depth > MAX_DEPTH) throw refuse(pageNo, "的表单对象嵌套超过 " + MAX_DEPTH + " 层");
            long cost = content.length;
            if (forms.isEmpty()) return checked(cost, pageNo);
            // a byte scan, not PDFBox's tokenizer (five times slower on real pages); a "/Fm0 Do" inside a string or
            // inline image only over-counts, which can only make the bound stricter
            Matcher draw = DO.matcher(new String(content, StandardCharsets.ISO_8859_1));
            while (draw.find()) {
                COSStream form = forms.get(COSName.getPDFName(draw.group(1)));
                if (form != null) cost = checked(cost + form(form, resources, pageNo, depth), pageNo);
            }
            return checked(cost, pageNo);
        }

        private long form(COSStream form, COSDictionary inherited, int pageNo, int depth) throws IOException {
            Long known = formCost.get(form);
            if (known != null) return known;
            if (!open.add(form)) return 0; // a form drawing itself: PDFBox stops the recursion, nothing more is decoded
            try {
                COSDictionary own = form.getCOSDictionary(COSName.RESOURCES);
                COSDictionary res = own != null ? own : inherited;
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                decode(form, new Bounded(perPage, pageNo, "表单对象", bytes));
                long cost = drawn(bytes.toByteArray(), resources(res, pageNo), res, pageNo, depth + 1);
                formCost.put(form, cost);
                return cost;
            } finally {
                open.remove(form);
            }
        }

        /** Counts the resources' fonts and images once each; returns the forms by name. */
        private Map<COSName, COSStream> resources(COSDictionary res, int pageNo) throws IOException {
            Map<COSName, COSStream> forms = new HashMap<>();
            if (res == null) return forms;
            COSDictionary fonts = res.getCOSDictionary(COSName.FONT);
            if (fonts != null) for (COSName n : fonts.keySet()) font(fonts.getDictionaryObject(n), pageNo, 0);
            COSDictionary xobjects = res.getCOSDictionary(COSName.XOBJECT);
            if (xobjects == null) return forms;
            for (COSName n : xobjects.keySet()) {
                if (!(xobjects.getDictionaryObject(n) instanceof COSStream s)) continue;
                if (COSName.FORM.equals(s.getCOSName(COSName.SUBTYPE))) forms.put(n, s);
                else if (COSName.IMAGE.equals(s.getCOSName(COSName.SUBTYPE))) image(s, pageNo);
            }
            return forms;
        }

        private void font(COSBase base, int pageNo, int depth) throws IOException {
            if (!(base instanceof COSDictionary font) || depth > 2 || !counted.add(font)) return;
            COSDictionary descriptor = font.getCOSDictionary(COSName.FONT_DESC);
            if (descriptor != null) {
                for (COSName key : new COSName[] {COSName.FONT_FILE, COSName.FONT_FILE2, COSName.FONT_FILE3}) {
                    if (descriptor.getDictionaryObject(key) instanceof COSStream s && counted.add(s)) stream(s, pageNo, "字体");
                }
            }
            if (font.getDictionaryObject(COSName.DESCENDANT_FONTS) instanceof COSArray kids) {
                for (int i = 0; i < kids.size(); i++) font(kids.getObject(i), pageNo, depth + 1);
            }
            COSDictionary procs = font.getCOSDictionary(COSName.CHAR_PROCS);
            if (procs != null) {
                for (COSName g : procs.keySet()) {
                    if (procs.getDictionaryObject(g) instanceof COSStream s && counted.add(s)) stream(s, pageNo, "Type 3 字形");
                }
            }
        }

        private void image(COSStream image, int pageNo) throws IOException {
            if (!counted.add(image)) return;
            long pixels = (long) image.getInt(COSName.WIDTH, 0) * image.getInt(COSName.HEIGHT, 0);
            if (pixels > maxPixels)
                throw refuse(pageNo, "的图像声明 " + image.getInt(COSName.WIDTH, 0) + "×" + image.getInt(COSName.HEIGHT, 0)
                        + " 像素，超过上限 " + maxPixels);
            stream(image, pageNo, "图像");
        }

        private void stream(COSStream s, int pageNo, String what) throws IOException {
            Bounded out = new Bounded(perPage, pageNo, what, OutputStream.nullOutputStream());
            decode(s, out);
            charge(out.count, pageNo);
        }

        private long checked(long cost, int pageNo) {
            if (cost > perPage)
                throw refuse(pageNo, "的内容（含表单对象的每次绘制）解压后超过 " + mb(perPage) + " MB");
            return cost;
        }
    }

    private static List<COSStream> contents(COSBase contents) {
        List<COSStream> out = new ArrayList<>();
        if (contents instanceof COSStream s) out.add(s);
        else if (contents instanceof COSArray a) {
            for (int i = 0; i < a.size(); i++) if (a.getObject(i) instanceof COSStream s) out.add(s);
        }
        return out;
    }

    /**
     * Runs the stream's filters one after another into {@code out}, never holding more than the bound: PDFBox's own
     * {@code createInputStream} decodes a whole filter into a buffer before the first byte can be read, which for a
     * bomb is the damage already done. Image codecs (JPEG, JPEG 2000, JBIG2, fax) are not run: their output is
     * bounded by the declared pixels. A stream PDFBox cannot decode is left to PDFBox (it skips what it cannot read).
     */
    private void decode(COSStream s, Bounded out) throws IOException {
        List<COSName> filters = new ArrayList<>();
        COSBase f = s.getFilters();
        if (f instanceof COSName n) filters.add(n);
        else if (f instanceof COSArray a) {
            for (int i = 0; i < a.size(); i++) if (a.getObject(i) instanceof COSName n) filters.add(n);
        }
        if (filters.stream().anyMatch(n -> IMAGE_CODECS.contains(n.getName()))) return;
        try (InputStream raw = s.createRawInputStream()) {
            InputStream in = raw;
            for (int i = 0; i < filters.size(); i++) {
                Filter filter = FilterFactory.INSTANCE.getFilter(filters.get(i));
                if (i == filters.size() - 1) {
                    filter.decode(in, out, s, i);
                    return;
                }
                ByteArrayOutputStream step = new ByteArrayOutputStream();
                filter.decode(in, new Bounded(out.limit, out.pageNo, out.what, step), s, i);
                in = new ByteArrayInputStream(step.toByteArray());
            }
            in.transferTo(out);
        } catch (IOException e) {
            // a damaged stream: counted as far as it decodes, the reader copes with it as it does today
        }
    }

    /** Passes bytes on and refuses the document once more than {@code limit} have been written. */
    private final class Bounded extends OutputStream {
        final long limit;
        final int pageNo;
        final String what;
        private final OutputStream out;
        long count;

        Bounded(long limit, int pageNo, String what, OutputStream out) {
            this.limit = limit;
            this.pageNo = pageNo;
            this.what = what;
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            add(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            add(len);
            out.write(b, off, len);
        }

        private void add(long n) {
            count += n;
            if (count > limit) throw refuse(pageNo, "的" + what + "解压后超过 " + mb(limit) + " MB");
        }
    }

    private void charge(long bytes, int pageNo) {
        if (spent.addAndGet(bytes) > perDocument)
            throw refuse(pageNo, "处累计解压内容超过全文上限 " + mb(perDocument) + " MB");
    }

    private ReportException refuse(int pageNo, String what) {
        return new ReportException(InputProblem.BOMB, name + " 第 " + pageNo + " 页" + what + "，疑似压缩炸弹，已拒绝处理");
    }

    private static long mb(long bytes) {
        return Math.max(1, bytes >> 20);
    }
}
