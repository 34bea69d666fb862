package dev.zhiyu.knowledge;

import java.time.LocalDate;

/** Something that happened to a company: news, lawsuit, penalty, report anomaly, controller change … */
public record Event(String company, String type, LocalDate date, String title, Provenance source) {
}
