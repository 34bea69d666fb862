package dev.zhiyu.models;

import java.util.List;

/** A turn worth a look and why: {@code low_confidence}, {@code fallback}, {@code repeated}, {@code bad_ending}. */
public record ReviewItem(ReviewTurn turn, List<String> reasons) {
}
