package dev.zhiyu.reports;

/** A numbered heading (第X节, 一、, (一), 1、) with its nesting level (1 = 节) and page. */
public record Section(int level, String title, int page) {
}
