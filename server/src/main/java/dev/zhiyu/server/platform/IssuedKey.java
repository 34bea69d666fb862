package dev.zhiyu.server.platform;

/** A freshly created key: {@code secret} is the whole credential and is not stored anywhere. */
public record IssuedKey(ApiKey key, String secret) {
}
