package dev.zhiyu.server.http;

import io.javalin.http.Context;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Counts a request body as it is read and stops at the route's limit with 413, however the body is sent (a chunked
 * body has no Content-Length to check up front). Every way of reading the body goes through it — Javalin's
 * {@code ctx.body()}, {@code bodyAsBytes()}, {@code bodyInputStream()} — so no route can be made to buffer more than
 * its limit. A handler that catches the failure and answers otherwise still answers 413 ({@link #exceeded}).
 */
final class BodyLimit extends HttpServletRequestWrapper {
    private static final String EXCEEDED = "zhiyu.body.exceeded";
    private final long limit;
    private final Context ctx;
    private ServletInputStream stream;

    private BodyLimit(HttpServletRequest request, long limit, Context ctx) {
        super(request);
        this.limit = limit;
        this.ctx = ctx;
    }

    /** Puts the counter between Javalin's request and the container's. */
    static void install(Context ctx, long limit) {
        if (ctx.req() instanceof ServletRequestWrapper outer && outer.getRequest() instanceof HttpServletRequest inner
                && !(inner instanceof BodyLimit)) {
            outer.setRequest(new BodyLimit(inner, limit, ctx));
        }
    }

    /** The limit this request broke while being read; null if it did not. */
    static Long exceeded(Context ctx) {
        return ctx.attribute(EXCEEDED);
    }

    @Override
    public synchronized ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new Counted(super.getInputStream());
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        String enc = getCharacterEncoding();
        Charset cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
        return new BufferedReader(new InputStreamReader(getInputStream(), cs));
    }

    private final class Counted extends ServletInputStream {
        private final ServletInputStream in;
        private long count;

        Counted(ServletInputStream in) {
            this.in = in;
        }

        private void add(int n) {
            count += n;
            if (count > limit) {
                ctx.attribute(EXCEEDED, limit);
                throw ApiServer.bodyTooLarge(limit);
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            // never ask for more than one byte past the limit, so a huge body is not pulled in to find out
            int n = in.read(b, off, (int) Math.max(1, Math.min(len, limit - count + 1)));
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
