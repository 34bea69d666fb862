package dev.zhiyu.knowledge;

import java.nio.file.Path;

/** The graph's store is held by another process (typically the running server): use the server's API instead. */
public final class StoreBusyException extends RuntimeException {
    public StoreBusyException(Path dir, Throwable cause) {
        super("图库目录 " + dir + " 正被另一个进程（通常是正在运行的服务）占用：请通过服务的接口（/api/kg/…）操作，"
                + "或先停止服务再用命令行", cause);
    }
}
