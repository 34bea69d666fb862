package dev.zhiyu.server.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the server may send its own requests (webhooks, report fetches, scenario functions): only to public addresses.
 * A URL's host is resolved and every address it resolves to is checked — loopback, link-local, private, shared (CGNAT),
 * unique-local, multicast, unspecified and reserved ranges are refused, also inside IPv4-mapped and NAT64 IPv6
 * addresses — unless the administrator allow-lists the host name, the address or its range
 * ({@code zhiyu.http.outbound.allow}, e.g. {@code hooks.intranet.example,10.1.2.3,10.20.0.0/16}).
 */
public final class OutboundPolicy {
    private final Set<String> hosts;
    private final List<Range> ranges;

    private OutboundPolicy(Set<String> hosts, List<Range> ranges) {
        this.hosts = hosts;
        this.ranges = ranges;
    }

    /** Public addresses only, no exceptions. */
    public static OutboundPolicy strict() {
        return new OutboundPolicy(Set.of(), List.of());
    }

    /**
     * Public addresses plus the comma-separated host names, IP addresses and CIDR ranges in {@code allow}.
     *
     * @throws IllegalArgumentException naming an entry that is none of these
     */
    public static OutboundPolicy allowing(String allow) {
        Set<String> hosts = new TreeSet<>();
        List<Range> ranges = new ArrayList<>();
        for (String raw : (allow == null ? "" : allow).split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/") || looksLikeAddress(entry)) {
                ranges.add(Range.parse(entry));
            } else if (entry.matches("[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*")) {
                hosts.add(entry);
            } else {
                throw new IllegalArgumentException("“" + raw.strip() + "”既不是主机名，也不是 IP 地址或 CIDR 网段");
            }
        }
        return new OutboundPolicy(Set.copyOf(hosts), List.copyOf(ranges));
    }

    /** The allow-list as configured (host names, then ranges). */
    public List<String> allowList() {
        List<String> out = new ArrayList<>(hosts);
        ranges.forEach(r -> out.add(r.toString()));
        return out;
    }

    /**
     * The addresses {@code uri} may be reached at.
     *
     * @throws OutboundRefused when the scheme is not http(s), the host has no address, or any of its addresses is not
     *                         public and not allow-listed; the message says why, in Chinese
     */
    public List<InetAddress> check(URI uri) throws OutboundRefused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundRefused("只允许 http 或 https 地址：" + uri);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new OutboundRefused("地址缺少主机名：" + uri);
        }
        if (uri.getUserInfo() != null) {
            throw new OutboundRefused("地址中不能包含用户名或密码：" + host);
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        bare = bare.toLowerCase(Locale.ROOT);
        if (bare.endsWith(".")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = PinnedAddresses.resolve(bare);
        } catch (UnknownHostException e) {
            throw new OutboundRefused("无法解析主机 " + bare + "：请检查地址");
        }
        if (hosts.contains(bare)) {
            return List.of(addresses);
        }
        for (InetAddress a : addresses) {
            String why = forbidden(a);
            if (why != null && ranges.stream().noneMatch(r -> r.contains(a))) {
                throw new OutboundRefused("不允许访问" + why + "（" + bare + " → " + a.getHostAddress()
                        + "）：服务器只向公网地址发送请求；内部地址须由管理员加入 zhiyu.http.outbound.allow");
            }
        }
        PinnedAddresses.pin(bare, List.of(addresses)); // the connection that follows resolves to these, no others
        return List.of(addresses);
    }

    /** Why {@code a} is not a public address (e.g. "回环地址"); null if it is one. */
    static String forbidden(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "未指定地址";
        }
        if (a.isLoopbackAddress()) {
            return "回环地址";
        }
        if (a.isLinkLocalAddress()) {
            return "链路本地地址";
        }
        if (a.isSiteLocalAddress()) {
            return "内网地址";
        }
        if (a.isMulticastAddress()) {
            return "组播地址";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return forbidden4(b);
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return "唯一本地地址（内网）";
            }
            if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return forbidden4OrNull(Arrays.copyOfRange(b, 12, 16)); // ::ffff:a.b.c.d
            }
            if (isZero(b, 0, 12)) {
                return "保留地址"; // ::/96 (IPv4-compatible, deprecated), :: and ::1 are caught above
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && isZero(b, 4, 12)) {
                return forbidden4OrNull(Arrays.copyOfRange(b, 12, 16)); // NAT64 64:ff9b::a.b.c.d
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return forbidden4OrNull(Arrays.copyOfRange(b, 2, 6)); // 6to4 2002:a.b.c.d::
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "文档用地址";
            }
        }
        return null;
    }

    private static String forbidden4OrNull(byte[] v4) {
        try {
            String why = forbidden(InetAddress.getByAddress(v4));
            return why;
        } catch (UnknownHostException impossible) {
            return "保留地址";
        }
    }

    private static String forbidden4(byte[] b) {
        int a0 = b[0] & 0xff, a1 = b[1] & 0xff, a2 = b[2] & 0xff;
        if (a0 == 0) {
            return "未指定地址";
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return "共享地址（运营商 NAT）";
        }
        if (a0 == 192 && a1 == 0 && a2 == 0) {
            return "保留地址";
        }
        if (a0 == 192 && a1 == 0 && a2 == 2 || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113) {
            return "文档用地址";
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) {
            return "测试网段";
        }
        if (a0 >= 240) {
            return "保留地址";
        }
        return null;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeAddress(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    /** Refused before a request is made; an IOException so callers treat it like any failed delivery. */
    public static final class OutboundRefused extends IOException {
        public OutboundRefused(String message) {
            super(message);
        }
    }

    /** An address or CIDR range from the allow-list. */
    private record Range(byte[] network, int bits, String text) {
        static Range parse(String entry) {
            String addr = entry;
            int bits = -1;
            int slash = entry.indexOf('/');
            if (slash >= 0) {
                addr = entry.substring(0, slash);
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("“" + entry + "”的前缀长度不是数字");
                }
            }
            if (addr.startsWith("[") && addr.endsWith("]")) {
                addr = addr.substring(1, addr.length() - 1);
            }
            if (!addr.matches("[0-9a-f.:]+")) {
                throw new IllegalArgumentException("“" + entry + "”不是 IP 地址或 CIDR 网段");
            }
            byte[] net;
            try {
                net = InetAddress.getByName(addr).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("“" + entry + "”不是 IP 地址或 CIDR 网段");
            }
            int max = net.length * 8;
            if (bits < 0) {
                bits = max;
            }
            if (bits > max) {
                throw new IllegalArgumentException("“" + entry + "”的前缀长度超过 " + max);
            }
            return new Range(net, bits, entry);
        }

        boolean contains(InetAddress a) {
            byte[] x = a.getAddress();
            if (x.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((x[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
