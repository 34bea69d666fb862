package dev.zhiyu.knowledge;

/** Penetration direction: UP towards holders, DOWN towards companies held. */
public enum Direction {
    UP, DOWN
}
