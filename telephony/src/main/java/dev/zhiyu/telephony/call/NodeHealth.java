package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.esl.EslAuthException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The state of one node's connection: what its connection attempts came to, worded for an operator with the setting
 * to check, and who wants to know when it drops and comes back. Each change is alerted once: a node retried every few
 * seconds with the same wrong password raises one alert, not one per retry.
 */
final class NodeHealth {

    /** Why the node cannot be used; {@code UP} when it can. */
    enum Kind { UP, AUTH, REFUSED, TIMEOUT, UNKNOWN_HOST, LOST, OTHER }

    private final CallControl.Node node;
    private final Consumer<String> alerts;
    private final Set<String> missingGateways = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Boolean>> linkListeners = new CopyOnWriteArrayList<>();
    private Kind kind; // null until the first attempt
    private String lastOther;
    private volatile String problem;

    NodeHealth(CallControl.Node node, Consumer<String> alerts) {
        this.node = node;
        this.alerts = alerts;
    }

    /** Why the node is not usable now, in operator's words; null while it is connected. */
    String problem() {
        return problem;
    }

    void onLink(Consumer<Boolean> listener) {
        linkListeners.add(listener);
    }

    /** Tells the listeners the connection dropped ({@code false}) or is back and its calls judged ({@code true}). */
    void linkChanged(boolean up) {
        for (Consumer<Boolean> l : linkListeners) {
            try {
                l.accept(up);
            } catch (RuntimeException ex) {
                alerts.accept("FreeSWITCH " + node.name() + " 连接状态通知失败: " + ex.getMessage());
            }
        }
    }

    synchronized void connected() {
        if (kind != null && kind != Kind.UP) {
            alerts.accept("FreeSWITCH 节点 " + node.name() + "（" + address() + "）已恢复连接");
        }
        kind = Kind.UP;
        problem = null;
    }

    /** The established connection dropped (the reconnects that follow report their own causes). */
    synchronized void lost(Exception cause) {
        change(Kind.LOST, "FreeSWITCH 节点 " + node.name() + "（" + address() + "）ESL 连接断开：" + cause.getMessage()
                + "；后台重连中，期间该节点上的通话状态待确认，不会向该节点发起新呼叫");
    }

    /** A connection attempt failed. */
    synchronized void failed(Exception e) {
        Kind k = classify(e);
        String text = describe(k, e);
        if (k == Kind.OTHER && kind == Kind.OTHER && !text.equals(lastOther)) {
            kind = null; // another unexpected error is news
        }
        lastOther = k == Kind.OTHER ? text : null;
        change(k, text);
    }

    /** {@code originate} answered {@code -ERR INVALID_GATEWAY}: the node has no such gateway (alerted once per gateway). */
    void missingGateway(String gateway) {
        if (missingGateways.add(gateway)) {
            alerts.accept("FreeSWITCH 节点 " + node.name() + " 上没有网关 " + gateway
                    + "（originate 返回 -ERR INVALID_GATEWAY，呼叫未发出）：请在该节点的 sofia 配置中添加网关 " + gateway
                    + "，或从 zhiyu.telephony.gateways（多节点时为 zhiyu.telephony.nodes 中 " + node.name()
                    + " 的 gateways=）及任务的网关中去掉它");
        }
    }

    /** An originate went out through {@code gateway}: a later INVALID_GATEWAY on it is news again. */
    void gatewayWorks(String gateway) {
        missingGateways.remove(gateway);
    }

    private void change(Kind k, String text) {
        problem = text;
        if (k != kind) {
            alerts.accept(text);
        }
        kind = k;
    }

    private static Kind classify(Exception e) {
        if (e instanceof EslAuthException) {
            return Kind.AUTH;
        }
        if (e instanceof ConnectException) {
            return Kind.REFUSED;
        }
        if (e instanceof SocketTimeoutException) {
            return Kind.TIMEOUT;
        }
        if (e instanceof UnknownHostException) {
            return Kind.UNKNOWN_HOST;
        }
        return Kind.OTHER;
    }

    private String describe(Kind k, Exception e) {
        String n = "FreeSWITCH 节点 " + node.name();
        String where = "请检查 zhiyu.telephony.fs.host 和 zhiyu.telephony.fs.port（多节点时为 zhiyu.telephony.nodes 中 "
                + node.name() + " 的地址）设置；后台按退避间隔重连中";
        return switch (k) {
            case AUTH -> n + " 密码错误，请检查 zhiyu.telephony.fs.password 设置（多节点时为 zhiyu.telephony.nodes 中 "
                    + node.name() + " 的 password=），须与该节点 event_socket.conf.xml 的 password 一致：" + address()
                    + " 拒绝了 ESL 密码（-ERR invalid）；后台按退避间隔重试";
            case REFUSED -> n + " 无法连接：" + address() + " 拒绝连接（FreeSWITCH 未运行，或 mod_event_socket 未在此地址端口监听），"
                    + where;
            case TIMEOUT -> n + " 无法连接：连接 " + address() + " 超时（主机不可达或被防火墙拦截），" + where;
            case UNKNOWN_HOST -> n + " 无法连接：主机名 " + node.host() + " 无法解析，" + where;
            case UP, LOST, OTHER -> n + "（" + address() + "）连接失败：" + e.getMessage() + "；后台按退避间隔重连中";
        };
    }

    private String address() {
        return node.host() + ":" + node.port();
    }
}
