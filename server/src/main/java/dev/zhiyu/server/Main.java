package dev.zhiyu.server;

import dev.zhiyu.server.cli.ZhiyuCommand;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(ZhiyuCommand.run(args));
    }
}
